-- HAProxy load balancers this installation writes its fragment to (SPEC §3, §9.4).
CREATE TABLE "load_balancing_server" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "domain" TEXT NOT NULL,
    "sshUsername" TEXT NOT NULL,
    "fragmentNamePostfix" TEXT NOT NULL,
    "configurationVersion" INTEGER NOT NULL DEFAULT 1,
    "deployedConfigurationVersion" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    -- Pinned on the first connection (trust on first use); a later mismatch fails the apply.
    "hostKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "load_balancing_server_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "load_balancing_server_domain_key" ON "load_balancing_server"("domain");
CREATE UNIQUE INDEX "load_balancing_server_fragmentNamePostfix_key" ON "load_balancing_server"("fragmentNamePostfix");

-- Picked at the first allocation, then kept (SPEC §3); a server in use cannot be deleted.
ALTER TABLE "instance" ADD COLUMN "loadBalancingServerId" UUID;
ALTER TABLE "instance" ADD CONSTRAINT "instance_loadBalancingServerId_fkey" FOREIGN KEY ("loadBalancingServerId") REFERENCES "load_balancing_server"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "instance_loadBalancingServerId_idx" ON "instance"("loadBalancingServerId");
