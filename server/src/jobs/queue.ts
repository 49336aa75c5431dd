import { PgBoss } from 'pg-boss';
import type { Job, Queue, SendOptions } from 'pg-boss';
import type pg from 'pg';
import { logger } from '../logger.ts';
import { LeaseLost } from './step.ts';
import { WorkerRegistry } from './workers.ts';

// One PgBoss per process, in its own schema of the product's database.
let boss: PgBoss | null = null;
let registry: WorkerRegistry | null = null;

// Every job heartbeats (pg-boss refreshes it every half period) and the supervisor looks for lost
// heartbeats every SUPERVISE_SECONDS, so a dead worker's job is retried within about 100 s even
// when no other worker notices the death first (SPEC.md §6.1).
export const JOB_HEARTBEAT_SECONDS = 60;
const SUPERVISE_SECONDS = 30;
// Delayed jobs (polls, retries) send no NOTIFY: without a short poll they wait for pg-boss's 30 s
// backstop, which throttled a queue of polls to a few jobs a minute per worker loop.
const POLL_SECONDS = 2;

export interface JobDefinition<T extends object> {
  name: string;
  options: Omit<Queue, 'name'>;
  handler: (data: T, job: Job<T>) => Promise<void>;
  /** A cron expression (UTC): pg-boss then sends the job on that schedule, once cluster-wide. */
  schedule?: () => string;
  /** At most this many at once in a process (each one is a polling loop). */
  maxConcurrency?: number;
}

export function defineJob<T extends object>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

export async function startQueue(databaseUrl: string, definitions: JobDefinition<any>[], work: { concurrency: number } | null): Promise<PgBoss> {
  // Without LISTEN/NOTIFY, pickup waits for the next poll; with it, a few milliseconds.
  boss = new PgBoss({
    connectionString: databaseUrl, schema: 'pgboss', useListenNotify: true, max: 5,
    superviseIntervalSeconds: SUPERVISE_SECONDS, monitorIntervalSeconds: SUPERVISE_SECONDS,
  } as any);
  boss.on('error', logQueueError);
  await boss.start();
  for (const def of definitions) {
    const options = { notify: true, heartbeatSeconds: JOB_HEARTBEAT_SECONDS, ...def.options };
    await boss.createQueue(def.name, options);
    await boss.updateQueue(def.name, options as any).catch(() => {});
    if (def.schedule) await boss.schedule(def.name, def.schedule());
  }
  if (work) {
    const workers = new WorkerRegistry(boss);
    registry = workers;
    await workers.start();
    for (const def of definitions) {
      await boss.work<any>(def.name, {
        localConcurrency: Math.max(1, Math.min(work.concurrency, 10, def.maxConcurrency ?? 10)), batchSize: 1,
        pollingIntervalSeconds: POLL_SECONDS, notifyPollingIntervalSeconds: POLL_SECONDS,
      } as any, async (jobs: Job<any>[]) => {
        for (const job of jobs) {
          await workers.track(job).catch((e) => logger.warn('running job not recorded', { queue: def.name, job: job.id, error: (e as Error).message }));
          try {
            await def.handler(job.data, job);
          } catch (e) {
            // A newer run of the same step owns it now; retrying would only take it back.
            if (e instanceof LeaseLost) {
              logger.debug('superseded step run stopped', { queue: def.name, job: job.id });
              continue;
            }
            logger.warn('job failed', { queue: def.name, job: job.id, data: job.data, error: (e as Error).message });
            throw e;
          } finally {
            await workers.untrack(job.id).catch(() => {});
          }
        }
      });
    }
  }
  return boss;
}

// While the database is down pg-boss reports every poll: one line, then a count every 30 s.
let lastQueueError = 0;
let suppressedQueueErrors = 0;
function logQueueError(e: Error): void {
  const now = Date.now();
  if (now - lastQueueError < 30_000) {
    suppressedQueueErrors++;
    return;
  }
  logger.error('job queue error', { error: e.message, ...(suppressedQueueErrors ? { similarErrorsSinceLast: suppressedQueueErrors } : {}) });
  lastQueueError = now;
  suppressedQueueErrors = 0;
}

export async function stopQueue(): Promise<void> {
  const b = boss;
  const r = registry;
  boss = null;
  registry = null;
  await b?.stop({ graceful: true, timeout: 5000 } as any).catch(() => {});
  await r?.stop();
}

/** The running queue, for the few callers that manage jobs rather than send them. */
export function jobQueue(): PgBoss {
  if (!boss) throw new Error('job queue not started');
  return boss;
}

/** The pg-boss `db` option for running a queue call inside the caller's transaction. */
export function inTx(client: pg.PoolClient) {
  return { executeSql: (text: string, values?: unknown[]) => client.query(text, values as any[]) };
}

/**
 * Enqueues a job inside the caller's transaction, so the rows and the job commit together.
 * Payloads carry ids only.
 */
export async function enqueue(client: pg.PoolClient, name: string, data: Record<string, string | number>, options: SendOptions = {}): Promise<void> {
  if (!boss) throw new Error('job queue not started');
  await boss.send(name, data, { ...options, db: inTx(client) });
}
