import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { PgBoss } from 'pg-boss';
import { pool, sqlExecutor, withTx } from '../db.ts';
import { takeJobsOfWorker, trackJob, untrackJob } from '../data/worker-jobs.ts';
import {
  deleteWorkersStoppedLongAgo,
  heartbeatWorker,
  lockLiveWorkerSkipLocked,
  markWorkerStopped,
  otherLiveWorkers,
  registerWorker,
} from '../data/worker-processes.ts';
import { logger } from '../logger.ts';

// A worker writes its heartbeat this often; one silent for STALE_AFTER_SECONDS is dead.
export const WORKER_HEARTBEAT_SECONDS = 10;
export const WORKER_STALE_AFTER_SECONDS = 30;

/**
 * This process's row in `worker_process`, and the jobs it is running in `worker_job`. A restarted
 * worker (same host, old pid gone) hands its predecessor's jobs back to the queue at once; a worker
 * on another host is declared dead once its heartbeat is stale. pg-boss's own job heartbeat and
 * expiry stay underneath as the backstop.
 */
export class WorkerRegistry {
  readonly id = randomUUID();
  private readonly host = machine();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(private readonly boss: PgBoss) {}

  async start(): Promise<void> {
    await registerWorker(pool, { id: this.id, host: this.host, pid: process.pid });
    await this.sweep();
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.beat()
        .catch((e) => logger.warn('worker heartbeat failed', { error: (e as Error).message }))
        .finally(() => (this.sweeping = null));
    }, WORKER_HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
    await markWorkerStopped(pool, this.id).catch(() => {});
  }

  /**
   * Records that this worker runs `job`, so a successor can hand it back if this process dies.
   * Best effort: without the record, pg-boss's job heartbeat still brings the job back.
   */
  async track(job: { id: string; name: string; retryCount?: number }): Promise<void> {
    await trackJob(pool, { jobId: job.id, queue: job.name, retryCount: job.retryCount ?? 0, workerId: this.id });
  }

  async untrack(jobId: string): Promise<void> {
    await untrackJob(pool, jobId, this.id);
  }

  private async beat(): Promise<void> {
    // A worker once taken for dead (a long pause) comes back to life; its handed-back jobs are
    // fenced by their steps' leases.
    await heartbeatWorker(pool, { id: this.id, host: this.host, pid: process.pid });
    await this.sweep();
  }

  /** Hands the jobs of dead workers back to the queue; returns how many went back. */
  async sweep(): Promise<number> {
    const others = await otherLiveWorkers(pool, this.id, WORKER_STALE_AFTER_SECONDS);
    let handedBack = 0;
    for (const w of others) {
      if (!w.stale && !(w.host === this.host && !pidAlive(w.pid))) continue;
      handedBack += await this.handBack(w.id);
    }
    // Rows of workers long gone only document history; keep a day of it.
    await deleteWorkersStoppedLongAgo(pool);
    return handedBack;
  }

  private async handBack(workerId: string): Promise<number> {
    return withTx(async (client) => {
      // One sweeper per dead worker: another live worker sweeping at the same time skips it.
      if (!(await lockLiveWorkerSkipLocked(client, workerId))) return 0;
      const jobs = await takeJobsOfWorker(client, workerId);
      const db = sqlExecutor(client);
      let count = 0;
      for (const j of jobs) {
        // Fenced on the attempt: a job that pg-boss already expired and handed to someone else is left
        // alone. Cancel then resume makes it runnable now; its next claim counts as a retry, as an
        // expiry would.
        const cancelled = await this.boss.cancel(j.queue, { id: j.jobId, retryCount: j.retryCount }, { db });
        if ((cancelled as { affected?: number }).affected === 1) {
          await this.boss.resume(j.queue, j.jobId, { db });
          count++;
        }
      }
      await markWorkerStopped(client, workerId);
      if (count) logger.info('jobs of a dead worker handed back to the queue', { worker: workerId, jobs: count });
      return count;
    });
  }
}

/**
 * Where pids can be checked: the host name and the pid namespace, since containers sharing a host
 * name (host networking) each see only their own pids.
 */
function machine(): string {
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return namespace ? `${hostname()} ${namespace}` : hostname();
}

function pidAlive(pid: number): boolean {
  // Our own pid on a dead row means the old process is gone and the number was reused for us.
  if (pid === process.pid) return false;
  if (existsSync('/proc/self/stat')) {
    // A killed worker stays a zombie until its parent (often init) reaps it: dead all the same.
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
