-- Core entities of the instance manager (SPEC.md §3).
CREATE TYPE "InstanceProfile" AS ENUM ('SANDBOX', 'PRODUCTION');
CREATE TYPE "DatabaseMode" AS ENUM ('EPHEMERAL', 'PERSISTENT');
CREATE TYPE "Recipe" AS ENUM ('ansible', 'tutor', 'shell');
CREATE TYPE "DeploymentType" AS ENUM ('USER', 'PR', 'ADMIN', 'PERIODIC', 'REGISTRATION', 'BATCH');
CREATE TYPE "DeploymentStatus" AS ENUM ('QUEUED', 'PROVISIONING', 'HEALTHY', 'UNHEALTHY', 'OFFLINE', 'FAILED', 'CANCELLED');
CREATE TYPE "AppServerStatus" AS ENUM ('NEW', 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER', 'RUNNING', 'CONFIGURATION_FAILED', 'ERROR', 'TERMINATED');
CREATE TYPE "ServerStatus" AS ENUM ('PENDING', 'BUILDING', 'BOOTING', 'READY', 'BUILD_FAILED', 'UNKNOWN', 'TERMINATED');
CREATE TYPE "StepStatus" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');
CREATE TYPE "LogLevel" AS ENUM ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL');
CREATE TYPE "ResourceState" AS ENUM ('PLANNED', 'PRESENT', 'DELETING', 'DELETED', 'FAILED');

CREATE TABLE "organization" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "githubHandle" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organization_name_key" ON "organization"("name");
CREATE UNIQUE INDEX "organization_githubHandle_key" ON "organization"("githubHandle");

CREATE TABLE "user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "fullName" TEXT NOT NULL DEFAULT '',
    "githubUsername" TEXT,
    "isSuperuser" BOOLEAN NOT NULL DEFAULT false,
    "isStaff" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "organizationId" UUID,
    "canManageOwnInstances" BOOLEAN NOT NULL DEFAULT false,
    "canManageAllInstances" BOOLEAN NOT NULL DEFAULT false,
    "emailVerifiedAt" TIMESTAMPTZ(3),
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "user_username_key" ON "user"("username");
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");
CREATE UNIQUE INDEX "user_githubUsername_key" ON "user"("githubUsername");

CREATE TABLE "api_token" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_token_tokenHash_key" ON "api_token"("tokenHash");

CREATE TABLE "session" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "session_tokenHash_key" ON "session"("tokenHash");

CREATE TABLE "instance" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "subDomain" TEXT NOT NULL,
    "baseDomain" TEXT NOT NULL,
    "internalLmsDomain" TEXT NOT NULL,
    "internalPreviewDomain" TEXT NOT NULL,
    "internalStudioDomain" TEXT NOT NULL,
    "externalLmsDomain" TEXT,
    "externalPreviewDomain" TEXT,
    "externalStudioDomain" TEXT,
    "profile" "InstanceProfile" NOT NULL DEFAULT 'SANDBOX',
    "recipe" "Recipe" NOT NULL DEFAULT 'shell',
    "email" TEXT NOT NULL,
    "openedxRelease" TEXT NOT NULL,
    "configurationSourceRepoUrl" TEXT NOT NULL,
    "configurationVersion" TEXT NOT NULL,
    "configurationExtraSettings" TEXT NOT NULL DEFAULT '',
    "edxPlatformRepositoryUrl" TEXT NOT NULL,
    "edxPlatformCommit" TEXT NOT NULL,
    "databaseMode" "DatabaseMode" NOT NULL DEFAULT 'EPHEMERAL',
    "appServerCount" INTEGER NOT NULL DEFAULT 1,
    "flavor" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "sshKeyName" TEXT NOT NULL,
    "additionalSecurityGroups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "databaseName" TEXT NOT NULL,
    "mysqlUser" TEXT NOT NULL,
    "mysqlPasswordEnc" TEXT NOT NULL,
    "mongoUser" TEXT NOT NULL,
    "mongoPasswordEnc" TEXT NOT NULL,
    "rabbitmqVhost" TEXT NOT NULL,
    "rabbitmqProviderUser" TEXT NOT NULL,
    "rabbitmqProviderPasswordEnc" TEXT NOT NULL,
    "rabbitmqConsumerUser" TEXT NOT NULL,
    "rabbitmqConsumerPasswordEnc" TEXT NOT NULL,
    "secretMasterEnc" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMPTZ(3),
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "archiveRequestedAt" TIMESTAMPTZ(3),
    "archivedAt" TIMESTAMPTZ(3),
    "successfullyProvisionedAt" TIMESTAMPTZ(3),
    "ownerOrganizationId" UUID,
    "creatorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "instance_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "instance_appServerCount_check" CHECK ("appServerCount" BETWEEN 1 AND 5)
);
CREATE UNIQUE INDEX "instance_internalLmsDomain_key" ON "instance"("internalLmsDomain");
CREATE UNIQUE INDEX "instance_databaseName_key" ON "instance"("databaseName");

CREATE TABLE "deployment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "instanceId" UUID NOT NULL,
    "type" "DeploymentType" NOT NULL,
    "creatorId" UUID,
    "targetCount" INTEGER NOT NULL,
    "numAttempts" INTEGER NOT NULL DEFAULT 1,
    "activateOnSuccess" BOOLEAN NOT NULL DEFAULT false,
    "previouslyActiveAppServerIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "headSha" TEXT,
    "cancelledAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "failureReason" TEXT,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'QUEUED',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deployment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "deployment_instanceId_createdAt_idx" ON "deployment"("instanceId", "createdAt");

CREATE TABLE "server" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "externalId" TEXT,
    "region" TEXT NOT NULL DEFAULT '',
    "publicIp" TEXT,
    "sshPort" INTEGER NOT NULL DEFAULT 22,
    "httpPort" INTEGER NOT NULL DEFAULT 80,
    "status" "ServerStatus" NOT NULL DEFAULT 'PENDING',
    "statusChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hostKey" TEXT,
    "hostPrivateKeyEnc" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "server_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "app_server" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "number" INTEGER NOT NULL,
    "instanceId" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "slot" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "status" "AppServerStatus" NOT NULL DEFAULT 'NEW',
    "active" BOOLEAN NOT NULL DEFAULT false,
    "lastActivatedAt" TIMESTAMPTZ(3),
    "runningAt" TIMESTAMPTZ(3),
    "terminationRequestedAt" TIMESTAMPTZ(3),
    "terminatedAt" TIMESTAMPTZ(3),
    "failureReason" TEXT,
    "currentStep" TEXT,
    "serverId" UUID,
    "name" TEXT NOT NULL,
    "internalLmsDomain" TEXT NOT NULL,
    "internalPreviewDomain" TEXT NOT NULL,
    "internalStudioDomain" TEXT NOT NULL,
    "profile" "InstanceProfile" NOT NULL,
    "recipe" "Recipe" NOT NULL,
    "email" TEXT NOT NULL,
    "openedxRelease" TEXT NOT NULL,
    "configurationSourceRepoUrl" TEXT NOT NULL,
    "configurationVersion" TEXT NOT NULL,
    "configurationExtraSettings" TEXT NOT NULL,
    "edxPlatformRepositoryUrl" TEXT NOT NULL,
    "edxPlatformCommit" TEXT NOT NULL,
    "databaseMode" "DatabaseMode" NOT NULL,
    "flavor" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "sshKeyName" TEXT NOT NULL,
    "additionalSecurityGroups" TEXT[],
    "edxPlatformSha" TEXT,
    "grantedGithubLogins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "settingsLayers" JSONB,
    "renderedSettingsEnc" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "app_server_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "app_server_serverId_key" ON "app_server"("serverId");
CREATE UNIQUE INDEX "app_server_instanceId_number_key" ON "app_server"("instanceId", "number");
CREATE INDEX "app_server_deploymentId_idx" ON "app_server"("deploymentId");

CREATE TABLE "provisioning_step" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "appServerId" UUID,
    "deploymentId" UUID,
    "name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "status" "StepStatus" NOT NULL DEFAULT 'PENDING',
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "deadline" TIMESTAMPTZ(3),
    "cursor" JSONB,
    "error" TEXT,
    "lease" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "provisioning_step_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "provisioning_step_owner_check" CHECK (num_nonnulls("appServerId", "deploymentId") = 1)
);
CREATE UNIQUE INDEX "provisioning_step_appServerId_name_attempt_key" ON "provisioning_step"("appServerId", "name", "attempt");
CREATE UNIQUE INDEX "provisioning_step_deploymentId_name_attempt_key" ON "provisioning_step"("deploymentId", "name", "attempt");

CREATE TABLE "provisioned_resource" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "externalRef" TEXT,
    "instanceId" UUID,
    "appServerId" UUID,
    "state" "ResourceState" NOT NULL DEFAULT 'PLANNED',
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "provisioned_resource_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "provisioned_resource_kind_name_key" ON "provisioned_resource"("kind", "name");

CREATE TABLE "log_entry" (
    "id" BIGSERIAL NOT NULL,
    "level" "LogLevel" NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "instanceId" UUID,
    "appServerId" UUID,
    "serverId" UUID,
    CONSTRAINT "log_entry_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "log_entry_one_target_check" CHECK (num_nonnulls("instanceId", "appServerId", "serverId") = 1)
);
CREATE INDEX "log_entry_instanceId_id_idx" ON "log_entry"("instanceId", "id");
CREATE INDEX "log_entry_appServerId_id_idx" ON "log_entry"("appServerId", "id");
CREATE INDEX "log_entry_serverId_id_idx" ON "log_entry"("serverId", "id");

CREATE TABLE "audit_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "actorId" UUID,
    "interface" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "input" JSONB,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "user" ADD CONSTRAINT "user_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_ownerOrganizationId_fkey" FOREIGN KEY ("ownerOrganizationId") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "app_server" ADD CONSTRAINT "app_server_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "app_server" ADD CONSTRAINT "app_server_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "app_server" ADD CONSTRAINT "app_server_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "server"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "log_entry" ADD CONSTRAINT "log_entry_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "log_entry" ADD CONSTRAINT "log_entry_appServerId_fkey" FOREIGN KEY ("appServerId") REFERENCES "app_server"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "log_entry" ADD CONSTRAINT "log_entry_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The snapshot is immutable once written (SPEC.md §3); the fields appserver.prepare sets are
-- write-once: they may go from NULL/empty to a value, never change after.
CREATE FUNCTION app_server_snapshot_guard() RETURNS trigger AS $$
BEGIN
  IF (NEW."name", NEW."internalLmsDomain", NEW."internalPreviewDomain", NEW."internalStudioDomain",
      NEW."profile", NEW."recipe", NEW."email", NEW."openedxRelease", NEW."configurationSourceRepoUrl",
      NEW."configurationVersion", NEW."configurationExtraSettings", NEW."edxPlatformRepositoryUrl",
      NEW."edxPlatformCommit", NEW."databaseMode", NEW."flavor", NEW."image", NEW."sshKeyName",
      NEW."additionalSecurityGroups", NEW."instanceId", NEW."deploymentId", NEW."number", NEW."slot", NEW."attempt")
     IS DISTINCT FROM
     (OLD."name", OLD."internalLmsDomain", OLD."internalPreviewDomain", OLD."internalStudioDomain",
      OLD."profile", OLD."recipe", OLD."email", OLD."openedxRelease", OLD."configurationSourceRepoUrl",
      OLD."configurationVersion", OLD."configurationExtraSettings", OLD."edxPlatformRepositoryUrl",
      OLD."edxPlatformCommit", OLD."databaseMode", OLD."flavor", OLD."image", OLD."sshKeyName",
      OLD."additionalSecurityGroups", OLD."instanceId", OLD."deploymentId", OLD."number", OLD."slot", OLD."attempt") THEN
    RAISE EXCEPTION 'app server % snapshot is immutable', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  IF (OLD."edxPlatformSha" IS NOT NULL AND NEW."edxPlatformSha" IS DISTINCT FROM OLD."edxPlatformSha")
     OR (OLD."settingsLayers" IS NOT NULL AND NEW."settingsLayers" IS DISTINCT FROM OLD."settingsLayers")
     OR (OLD."renderedSettingsEnc" IS NOT NULL AND NEW."renderedSettingsEnc" IS DISTINCT FROM OLD."renderedSettingsEnc")
     OR (cardinality(OLD."grantedGithubLogins") > 0 AND NEW."grantedGithubLogins" IS DISTINCT FROM OLD."grantedGithubLogins") THEN
    RAISE EXCEPTION 'app server % prepared settings are write-once', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER app_server_snapshot_immutable BEFORE UPDATE ON "app_server"
  FOR EACH ROW EXECUTE FUNCTION app_server_snapshot_guard();
