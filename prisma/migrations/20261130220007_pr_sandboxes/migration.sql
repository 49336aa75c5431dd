-- Pull-request sandboxes (SPEC.md §10): the forks whose PRs get sandboxes, the PRs seen, and the
-- webhook deliveries already taken (a redelivery with the same id is ignored).
CREATE TYPE "PullRequestState" AS ENUM ('OPEN', 'CLOSED', 'MERGED');

CREATE TABLE "watched_fork" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "fork" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sandboxSubdomainTemplate" TEXT NOT NULL DEFAULT 'pr{number}.sandbox',
    "redeployOnPush" BOOLEAN NOT NULL DEFAULT true,
    "openedxRelease" TEXT,
    "configurationSourceRepoUrl" TEXT,
    "configurationVersion" TEXT,
    "image" TEXT,
    "configurationExtraSettings" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "watched_fork_pkey" PRIMARY KEY ("id")
);
-- GitHub names are case-insensitive: lower-cased on write, so the plain unique key is enough.
CREATE UNIQUE INDEX "watched_fork_fork_key" ON "watched_fork"("fork");
CREATE UNIQUE INDEX "watched_fork_sandboxSubdomainTemplate_key" ON "watched_fork"("sandboxSubdomainTemplate");
ALTER TABLE "watched_fork" ADD CONSTRAINT "watched_fork_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "watched_pull_request" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "watchedForkId" UUID,
    "repo" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authorLogin" TEXT NOT NULL,
    "headRepo" TEXT,
    "headRef" TEXT NOT NULL,
    "headSha" TEXT NOT NULL,
    "baseRef" TEXT NOT NULL,
    "state" "PullRequestState" NOT NULL,
    "draft" BOOLEAN NOT NULL DEFAULT false,
    "closedAt" TIMESTAMPTZ(3),
    "settingsYaml" TEXT,
    "settingsError" TEXT,
    "databaseModeTag" "DatabaseMode",
    "qualifies" BOOLEAN NOT NULL DEFAULT false,
    "instanceId" UUID,
    "statusCommentId" BIGINT,
    "checkRunId" BIGINT,
    "checkRunSha" TEXT,
    "deployedHeadSha" TEXT,
    "settingsChangedAt" TIMESTAMPTZ(3),
    "redeployDueAt" TIMESTAMPTZ(3),
    "lastSyncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "watched_pull_request_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "watched_pull_request_repo_number_key" ON "watched_pull_request"("repo", "number");
CREATE UNIQUE INDEX "watched_pull_request_instanceId_key" ON "watched_pull_request"("instanceId");
ALTER TABLE "watched_pull_request" ADD CONSTRAINT "watched_pull_request_watchedForkId_fkey" FOREIGN KEY ("watchedForkId") REFERENCES "watched_fork"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "watched_pull_request" ADD CONSTRAINT "watched_pull_request_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "instance"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "github_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "deliveryId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "github_delivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "github_delivery_deliveryId_key" ON "github_delivery"("deliveryId");
CREATE INDEX "github_delivery_receivedAt_idx" ON "github_delivery"("receivedAt");
