import type { Queryable } from '../db.ts';

export async function registerWorker(db: Queryable, w: { id: string; host: string; pid: number }): Promise<void> {
  await db.query(`INSERT INTO worker_process (id, host, pid) VALUES ($1, $2, $3)`, [w.id, w.host, w.pid]);
}

/** The heartbeat; a worker once taken for dead (a long pause) comes back to life. */
export async function heartbeatWorker(db: Queryable, w: { id: string; host: string; pid: number }): Promise<void> {
  await db.query(
    `INSERT INTO worker_process (id, host, pid) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = now(), "stoppedAt" = NULL`,
    [w.id, w.host, w.pid],
  );
}

export async function markWorkerStopped(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE worker_process SET "stoppedAt" = now() WHERE id = $1`, [id]);
}

/** Workers other than `selfId` not known to have stopped, each with whether its heartbeat is stale. */
export async function otherLiveWorkers(
  db: Queryable,
  selfId: string,
  staleAfterSeconds: number,
): Promise<{ id: string; host: string; pid: number; stale: boolean }[]> {
  const res = await db.query(
    `SELECT id, host, pid, "heartbeatAt" < now() - make_interval(secs => $2) AS stale
     FROM worker_process WHERE id <> $1 AND "stoppedAt" IS NULL`,
    [selfId, staleAfterSeconds],
  );
  return res.rows;
}

/** Rows of workers long gone only document history; a day of it is kept. */
export async function deleteWorkersStoppedLongAgo(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM worker_process WHERE "stoppedAt" < now() - interval '1 day'`);
}

/** Locks a worker not yet marked stopped; false when it is, or another sweeper holds it. */
export async function lockLiveWorkerSkipLocked(db: Queryable, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM worker_process WHERE id = $1 AND "stoppedAt" IS NULL FOR UPDATE SKIP LOCKED`, [id])).rowCount === 1;
}
