-- The activation gate's last result, per app server (SPEC §16), shown on its page.
ALTER TABLE "app_server" ADD COLUMN "lastSmokeCheckAt" TIMESTAMPTZ(3);
ALTER TABLE "app_server" ADD COLUMN "lastSmokeCheckOk" BOOLEAN;
ALTER TABLE "app_server" ADD COLUMN "lastSmokeCheckSummary" TEXT;
ALTER TABLE "app_server" ADD COLUMN "lastSmokeChecks" JSONB;

-- What the builtin availability checker remembers of each watched URL between runs (SPEC §9.7).
CREATE TABLE "url_availability" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "instanceId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "up" BOOLEAN NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "alerted" BOOLEAN NOT NULL DEFAULT false,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "downSince" TIMESTAMPTZ(3),
    "lastCheckedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "url_availability_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "url_availability_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "url_availability_instanceId_url_key" ON "url_availability"("instanceId", "url");

-- The watch after an automatic switch (SPEC §16): one per instance, the latest switch wins.
CREATE TABLE "activation_watch" (
    "instanceId" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "switchedAt" TIMESTAMPTZ(3) NOT NULL,
    "newAppServerIds" UUID[],
    "previousAppServerIds" UUID[],
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastRunAt" TIMESTAMPTZ(3),
    "rolledBackAt" TIMESTAMPTZ(3),
    CONSTRAINT "activation_watch_pkey" PRIMARY KEY ("instanceId"),
    CONSTRAINT "activation_watch_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
