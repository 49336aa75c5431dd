-- Shared servers for PERSISTENT instances (SPEC §3, §8, §9.6): each instance is assigned one of
-- each at its first allocation and keeps it, so a referenced server cannot be deleted.
CREATE TABLE "mysql_server" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "hostname" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 3306,
    "username" TEXT NOT NULL,
    "passwordEnc" TEXT NOT NULL,
    "acceptsNewClients" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mysql_server_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "mysql_server_hostname_key" ON "mysql_server"("hostname");

CREATE TABLE "mongodb_server" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "hostname" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 27017,
    "username" TEXT NOT NULL,
    "passwordEnc" TEXT NOT NULL,
    "replicaSet" TEXT,
    "acceptsNewClients" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mongodb_server_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "mongodb_server_hostname_key" ON "mongodb_server"("hostname");

CREATE TABLE "rabbitmq_server" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "apiUrl" TEXT NOT NULL,
    "adminUsername" TEXT NOT NULL,
    "adminPasswordEnc" TEXT NOT NULL,
    "instanceHost" TEXT NOT NULL,
    "instancePort" INTEGER NOT NULL DEFAULT 5671,
    "acceptsNewClients" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rabbitmq_server_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "rabbitmq_server_apiUrl_key" ON "rabbitmq_server"("apiUrl");

ALTER TABLE "instance" ADD COLUMN "mysqlServerId" UUID;
ALTER TABLE "instance" ADD COLUMN "mongodbServerId" UUID;
ALTER TABLE "instance" ADD COLUMN "rabbitmqServerId" UUID;
-- Set by allocation (SPEC §3): the bucket, and the key the instance uses (its own IAM user's, or none).
ALTER TABLE "instance" ADD COLUMN "storageBucket" TEXT;
ALTER TABLE "instance" ADD COLUMN "storageRegion" TEXT;
ALTER TABLE "instance" ADD COLUMN "storageAccessKeyIdEnc" TEXT;
ALTER TABLE "instance" ADD COLUMN "storageSecretKeyEnc" TEXT;
-- Set by deleteInstance: the instance is on its way out and accepts nothing but the delete job.
ALTER TABLE "instance" ADD COLUMN "deleteRequestedAt" TIMESTAMPTZ(3);

ALTER TABLE "instance" ADD CONSTRAINT "instance_mysqlServerId_fkey" FOREIGN KEY ("mysqlServerId") REFERENCES "mysql_server"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_mongodbServerId_fkey" FOREIGN KEY ("mongodbServerId") REFERENCES "mongodb_server"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_rabbitmqServerId_fkey" FOREIGN KEY ("rabbitmqServerId") REFERENCES "rabbitmq_server"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
