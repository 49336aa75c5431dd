import type { Job, PgBoss } from 'pg-boss';
import { logger } from '../logger.ts';
import type { JobDefinition, PayloadOf } from '../queue.ts';
import { LeaseLost } from './step.ts';
import { WorkerRegistry } from './workers.ts';

// Delayed jobs (polls, retries) send no NOTIFY: without a short poll they wait for pg-boss's 30 s
// backstop, which throttled a queue of polls to a few jobs a minute per worker loop.
const POLL_SECONDS = 2;

/** What a worker does with a queue's jobs. */
export interface JobHandler<D extends JobDefinition<any> = JobDefinition<any>> {
  definition: D;
  handler: (data: PayloadOf<D>, job: Job<PayloadOf<D>>) => Promise<void>;
}

export function handle<D extends JobDefinition<any>>(definition: D, handler: JobHandler<D>['handler']): JobHandler<D> {
  return { definition, handler };
}

/** Works every handler's queue in this process, each job recorded in the worker registry while it runs. */
export async function workQueues(boss: PgBoss, handlers: readonly JobHandler[], concurrency: number): Promise<WorkerRegistry> {
  const workers = new WorkerRegistry(boss);
  await workers.start();
  for (const { definition: def, handler } of handlers) {
    await boss.work<any>(
      def.name,
      {
        localConcurrency: Math.max(1, Math.min(concurrency, 10, def.maxConcurrency ?? 10)),
        batchSize: 1,
        pollingIntervalSeconds: POLL_SECONDS,
        notifyPollingIntervalSeconds: POLL_SECONDS,
      } as any,
      async (jobs: Job<any>[]) => {
        for (const job of jobs) {
          await workers.track(job).catch((e) => logger.warn('running job not recorded', { queue: def.name, job: job.id, error: (e as Error).message }));
          try {
            await handler(job.data, job);
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
      },
    );
  }
  return workers;
}
