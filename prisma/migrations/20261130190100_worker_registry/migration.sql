-- Worker processes and the jobs each is running, so a dead worker's jobs are handed back at once
-- instead of waiting for pg-boss to expire them (SPEC.md §6.1).
CREATE TABLE "worker_process" (
    "id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMPTZ(3),
    CONSTRAINT "worker_process_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "worker_job" (
    "jobId" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "retryCount" INTEGER NOT NULL,
    "workerId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "worker_job_pkey" PRIMARY KEY ("jobId")
);
CREATE INDEX "worker_job_workerId_idx" ON "worker_job"("workerId");
ALTER TABLE "worker_job" ADD CONSTRAINT "worker_job_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "worker_process"("id") ON DELETE CASCADE ON UPDATE CASCADE;
