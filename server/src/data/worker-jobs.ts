import type { Queryable } from '../db.ts';

export async function trackJob(db: Queryable, job: { jobId: string; queue: string; retryCount: number; workerId: string }): Promise<void> {
  await db.query(
    `INSERT INTO worker_job ("jobId", queue, "retryCount", "workerId") VALUES ($1, $2, $3, $4)
     ON CONFLICT ("jobId") DO UPDATE SET "retryCount" = EXCLUDED."retryCount", "workerId" = EXCLUDED."workerId", "startedAt" = now()`,
    [job.jobId, job.queue, job.retryCount, job.workerId],
  );
}

export async function untrackJob(db: Queryable, jobId: string, workerId: string): Promise<void> {
  await db.query(`DELETE FROM worker_job WHERE "jobId" = $1 AND "workerId" = $2`, [jobId, workerId]);
}

/** Removes and returns the jobs a worker was running. */
export async function takeJobsOfWorker(db: Queryable, workerId: string): Promise<{ jobId: string; queue: string; retryCount: number }[]> {
  return (await db.query(`DELETE FROM worker_job WHERE "workerId" = $1 RETURNING "jobId", queue, "retryCount"`, [workerId])).rows;
}
