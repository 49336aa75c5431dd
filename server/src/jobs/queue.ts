import { PgBoss } from 'pg-boss';
import type { Job, Queue, SendOptions } from 'pg-boss';
import type pg from 'pg';
import { logger } from '../logger.ts';
import { LeaseLost } from './step.ts';

// One PgBoss per process, in its own schema of the product's database.
let boss: PgBoss | null = null;

export interface JobDefinition<T extends object> {
  name: string;
  options: Omit<Queue, 'name'>;
  handler: (data: T, job: Job<T>) => Promise<void>;
}

export function defineJob<T extends object>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

export async function startQueue(databaseUrl: string, definitions: JobDefinition<any>[], work: { concurrency: number } | null): Promise<PgBoss> {
  // Without LISTEN/NOTIFY, pickup waits for the next 2 s poll; with it, a few milliseconds.
  boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', useListenNotify: true, max: 5 } as any);
  boss.on('error', logQueueError);
  await boss.start();
  for (const def of definitions) {
    await boss.createQueue(def.name, { notify: true, ...def.options });
    await boss.updateQueue(def.name, { notify: true, ...def.options } as any).catch(() => {});
  }
  if (work) {
    for (const def of definitions) {
      await boss.work<any>(def.name, { localConcurrency: Math.max(1, Math.min(work.concurrency, 10)), batchSize: 1 } as any, async (jobs: Job<any>[]) => {
        for (const job of jobs) {
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
  boss = null;
  await b?.stop({ graceful: true, timeout: 5000 } as any).catch(() => {});
}

/**
 * Enqueues a job inside the caller's transaction, so the rows and the job commit together.
 * Payloads carry ids only.
 */
export async function enqueue(client: pg.PoolClient, name: string, data: Record<string, string | number>, options: SendOptions = {}): Promise<void> {
  if (!boss) throw new Error('job queue not started');
  await boss.send(name, data, { ...options, db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values as any[]) } });
}
