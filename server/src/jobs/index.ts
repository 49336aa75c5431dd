import { JOB_DEFINITIONS, startQueue, stopQueue } from '../queue.ts';
import type { JobHandler } from './handlers.ts';
import { workQueues } from './handlers.ts';
import type { WorkerRegistry } from './workers.ts';
import { deploymentStartHandler } from './deployment-start.ts';
import { deploymentDispatchHandler } from './deployment-dispatch.ts';
import { instanceAllocateHandler } from './instance-allocate.ts';
import { appserverPrepareHandler } from './appserver-prepare.ts';
import { appserverSecurityGroupsHandler } from './appserver-security-groups.ts';
import { appserverCreateVmHandler } from './appserver-create-vm.ts';
import { appserverWaitVmHandler } from './appserver-wait-vm.ts';
import { appserverRunRecipeHandler } from './appserver-run-recipe.ts';
import { appserverHealthCheckHandler } from './appserver-health-check.ts';
import { deploymentEvaluateHandler } from './deployment-evaluate.ts';
import { appserverTerminateHandler } from './appserver-terminate.ts';
import { instanceArchiveHandler } from './instance-archive.ts';
import { deadlineSweepHandler } from './deadline-sweep.ts';
import { appserverStopServicesHandler } from './appserver-stop-services.ts';

/** The handler of every queue: a worker process works them all. */
export const JOBS: readonly JobHandler[] = [
  deploymentStartHandler,
  deploymentDispatchHandler,
  instanceAllocateHandler,
  appserverPrepareHandler,
  appserverSecurityGroupsHandler,
  appserverCreateVmHandler,
  appserverWaitVmHandler,
  appserverRunRecipeHandler,
  appserverHealthCheckHandler,
  deploymentEvaluateHandler,
  appserverTerminateHandler,
  instanceArchiveHandler,
  deadlineSweepHandler,
  appserverStopServicesHandler,
];

let registry: WorkerRegistry | null = null;

/** Opens the queue (every process enqueues); a worker also works every queue. */
export async function startJobs(databaseUrl: string, work: { concurrency: number } | null): Promise<void> {
  // A queue without a handler would fill up unseen.
  const missing = JOB_DEFINITIONS.filter((d) => !JOBS.some((h) => h.definition === d));
  if (missing.length) throw new Error(`no handler for ${missing.map((d) => d.name).join(', ')}`);
  const boss = await startQueue(databaseUrl);
  if (work) registry = await workQueues(boss, JOBS, work.concurrency);
}

export async function stopJobs(): Promise<void> {
  const r = registry;
  registry = null;
  await stopQueue();
  await r?.stop();
}
