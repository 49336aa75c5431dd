import { JOB_DEFINITIONS, startQueue, stopQueue } from '../queue.ts';
import type { JobHandler } from './handlers.ts';
import { workQueues } from './handlers.ts';
import type { WorkerRegistry } from './workers.ts';
import { deploymentStartHandler } from './deployment-start.ts';
import { deploymentDispatchHandler } from './deployment-dispatch.ts';
import { instanceAllocateHandler } from './instance-allocate.ts';
import { appServerPrepareHandler } from './appserver-prepare.ts';
import { appServerSecurityGroupsHandler } from './appserver-security-groups.ts';
import { appServerCreateVmHandler } from './appserver-create-vm.ts';
import { appServerWaitVmHandler } from './appserver-wait-vm.ts';
import { appServerRunRecipeHandler } from './appserver-run-recipe.ts';
import { appServerHealthCheckHandler } from './appserver-health-check.ts';
import { deploymentEvaluateHandler } from './deployment-evaluate.ts';
import { appServerTerminateHandler } from './appserver-terminate.ts';
import { instanceArchiveHandler } from './instance-archive.ts';
import { instanceDeleteHandler } from './instance-delete.ts';
import { deadlineSweepHandler } from './deadline-sweep.ts';
import { appServerStopServicesHandler } from './appserver-stop-services.ts';
import { cleanupHandler, githubDeliveriesPruneHandler, prReconcileHandler, prRedeployHandler, prReportHandler, prSyncHandler } from './pr-sandboxes.ts';
import { lbApplyHandler, lbResyncHandler, lbRetargetCnamesHandler } from './lb-apply.ts';
import { notificationSendHandler } from './notification-send.ts';
import { monitoringSyncHandler } from './monitoring-sync.ts';
import { availabilityCheckInstanceHandler, availabilityChecksHandler } from './availability-check.ts';

/** The handler of every queue: a worker process works them all. */
export const JOBS: readonly JobHandler[] = [
  deploymentStartHandler,
  deploymentDispatchHandler,
  instanceAllocateHandler,
  appServerPrepareHandler,
  appServerSecurityGroupsHandler,
  appServerCreateVmHandler,
  appServerWaitVmHandler,
  appServerRunRecipeHandler,
  appServerHealthCheckHandler,
  deploymentEvaluateHandler,
  appServerTerminateHandler,
  instanceArchiveHandler,
  instanceDeleteHandler,
  deadlineSweepHandler,
  appServerStopServicesHandler,
  prSyncHandler,
  prReportHandler,
  prRedeployHandler,
  prReconcileHandler,
  cleanupHandler,
  githubDeliveriesPruneHandler,
  lbApplyHandler,
  lbResyncHandler,
  lbRetargetCnamesHandler,
  notificationSendHandler,
  monitoringSyncHandler,
  availabilityChecksHandler,
  availabilityCheckInstanceHandler,
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
