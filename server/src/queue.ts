import { PgBoss } from 'pg-boss';
import type { JobWithMetadata, Queue, SendOptions } from 'pg-boss';
import type pg from 'pg';
import { sqlExecutor } from './db.ts';
import { logger } from './logger.ts';
import { config } from './settings.ts';

// The queue sits below services and jobs: services enqueue through these definitions, jobs/
// attaches their handlers, and neither imports the other.

// One PgBoss per process, in its own schema of the product's database.
let boss: PgBoss | null = null;

// Every job heartbeats (pg-boss refreshes it every half period) and the supervisor looks for lost
// heartbeats every SUPERVISE_SECONDS, so a dead worker's job is retried within about 100 s even
// when no other worker notices the death first (SPEC.md §6.1).
export const JOB_HEARTBEAT_SECONDS = 60;
const SUPERVISE_SECONDS = 30;

/** Job payloads carry ids and counters only (SPEC §6). */
type Payload = Record<string, string | number | undefined>;

/** A queue: its name, options and payload, and the singleton key that deduplicates its jobs. */
export interface JobDefinition<P extends Payload = Payload> {
  name: string;
  options: Omit<Queue, 'name'>;
  /** Deterministic (never the job id), so a duplicate enqueue of the same work is dropped. */
  singletonKey?: (payload: P) => string;
  /** A cron expression (UTC): pg-boss then sends the job on that schedule, once cluster-wide. */
  schedule?: () => string;
  /** At most this many at once in a process (each one is a polling loop). */
  maxConcurrency?: number;
}

export type PayloadOf<D> = D extends JobDefinition<infer P> ? P : never;

function defineJob<P extends Payload>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** An app-server step: one job per attempt, and one per poll of a step that waits. */
export type StepPayload = { appServerId: string; attempt: number; poll?: number };
function stepJob(name: string, options: Omit<Queue, 'name'>): JobDefinition<StepPayload> {
  return defineJob<StepPayload>({
    name,
    options,
    singletonKey: (p) => `${name}:${p.appServerId}:${p.attempt}${p.poll !== undefined ? `:${p.poll}` : ''}`,
  });
}

export const deploymentStart = defineJob<{ deploymentId: string }>({
  name: 'deployment.start',
  options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  singletonKey: (p) => `deployment.start:${p.deploymentId}`,
});

export const deploymentDispatch = defineJob<Record<string, never>>({
  name: 'deployment.dispatch',
  // stately: one queued and one running at most; a request while one is queued is dropped.
  options: { policy: 'stately', retryLimit: 5, retryDelay: 2, retryBackoff: true, retryDelayMax: 30, expireInSeconds: 120 },
  maxConcurrency: 1,
});

export const instanceAllocate = defineJob<{ deploymentId: string }>({
  name: 'instance.allocate',
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 600 },
  singletonKey: (p) => `instance.allocate:${p.deploymentId}`,
});

export const appServerPrepare = stepJob('appserver.prepare', { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 });
export const appServerSecurityGroups = stepJob('appserver.securityGroups', { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 });
// Retries of these two end at the step's deadline, not at a count: the limit only bounds a step
// whose deadline check never runs.
export const appServerCreateVm = stepJob('appserver.createVm', {
  retryLimit: 1000,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 60,
  expireInSeconds: 600,
});
export const appServerWaitVm = stepJob('appserver.waitVm', { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 60, expireInSeconds: 300 });
export const appServerRunRecipe = stepJob('appserver.runRecipe', {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 3 * 3600,
  heartbeatSeconds: 60,
});
export const appServerHealthCheck = stepJob('appserver.healthCheck', {
  retryLimit: 1000,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 60,
  expireInSeconds: 600,
});

/** Asked for whenever an app server of the deployment turns steady: once per app server and outcome. */
export const deploymentEvaluate = defineJob<{
  deploymentId: string;
  appServerId: string;
  outcome: 'RUNNING' | 'ERROR' | 'CONFIGURATION_FAILED' | 'TERMINATED';
}>({
  name: 'deployment.evaluate',
  options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 },
  singletonKey: (p) => `deployment.evaluate:${p.deploymentId}:${p.appServerId}:${p.outcome}`,
});

export const appServerTerminate = defineJob<{ appServerId: string }>({
  name: 'appserver.terminate',
  options: { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 900 },
  singletonKey: (p) => `appserver.terminate:${p.appServerId}`,
});

export const appServerStopServices = defineJob<{ appServerId: string }>({
  name: 'appserver.stopServices',
  options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  // Only ever asked for after ConfigurationFailed.
  singletonKey: (p) => `appserver.stopServices:${p.appServerId}:failed`,
});

/** The first pass has no poll; each later pass waits for the terminations it requested. */
export const instanceArchive = defineJob<{ instanceId: string; poll?: number; retries?: number }>({
  name: 'instance.archive',
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 },
  singletonKey: (p) => `instance.archive:${p.instanceId}${p.poll !== undefined ? `:${p.poll}` : ''}`,
});

/** deleteInstance (SPEC §5): waits for the archive, then removes the data outside and every row. */
export const instanceDelete = defineJob<{ instanceId: string; poll?: number }>({
  name: 'instance.delete',
  options: { retryLimit: 10, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 900 },
  singletonKey: (p) => `instance.delete:${p.instanceId}${p.poll !== undefined ? `:${p.poll}` : ''}`,
});

export const deadlineSweep = defineJob<Record<string, never>>({
  name: 'deadline.sweep',
  options: { policy: 'stately', retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  schedule: () => config().deadlineSweepSchedule,
  maxConcurrency: 1,
});

// Pull-request sandboxes (SPEC §10). Stately: per key at most one queued and one running, so a
// burst of webhooks for one PR costs at most two runs of the level-triggered handler.
export const prSync = defineJob<{ repo: string; number: number }>({
  name: 'pr.sync',
  options: { policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 300 },
  singletonKey: (p) => `pr.sync:${p.repo.toLowerCase()}#${p.number}`,
});

export const prReport = defineJob<{ pullRequestId: string }>({
  name: 'pr.report',
  // SPEC §10.6: 3 retries, then the failure is only logged.
  options: { policy: 'stately', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  singletonKey: (p) => `pr.report:${p.pullRequestId}`,
});

/** One per push burst: `due` is the burst's last push + PR_REDEPLOY_DEBOUNCE_SECONDS. */
export const prRedeploy = defineJob<{ pullRequestId: string; due: number }>({
  name: 'pr.redeploy',
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  singletonKey: (p) => `pr.redeploy:${p.pullRequestId}:${p.due}`,
});

export const prReconcile = defineJob<Record<string, never>>({
  name: 'pr.reconcile',
  options: { policy: 'stately', retryLimit: 2, retryDelay: 30, expireInSeconds: 600 },
  schedule: () => config().prReconcileSchedule,
  maxConcurrency: 1,
});

export const cleanup = defineJob<Record<string, never>>({
  name: 'cleanup',
  options: { policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 600 },
  schedule: () => config().cleanupSchedule,
  maxConcurrency: 1,
});

export const githubDeliveriesPrune = defineJob<Record<string, never>>({
  name: 'github.deliveriesPrune',
  options: { policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 300 },
  schedule: () => config().githubDeliveriesPruneSchedule,
  maxConcurrency: 1,
});

/**
 * One apply of one load balancer (SPEC §9.4): stately per load balancer, so one runs while at most
 * one more waits; the waiting one renders the latest state whatever asked for it.
 */
export const lbApply = defineJob<{ loadBalancingServerId: string }>({
  name: 'lb.apply',
  options: { policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 600 },
  singletonKey: (p) => `lb.apply:${p.loadBalancingServerId}`,
});

/** Rewrites the CNAMEs of a load balancer's instances to its current domain (after a domain change). */
export const lbRetargetCnames = defineJob<{ loadBalancingServerId: string }>({
  name: 'lb.retargetCnames',
  options: { policy: 'stately', retryLimit: 10, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 600 },
  singletonKey: (p) => `lb.retargetCnames:${p.loadBalancingServerId}`,
});

/** Re-applies load balancers whose deployed version lags (a failed or lost apply). */
export const lbResync = defineJob<Record<string, never>>({
  name: 'lb.resync',
  options: { policy: 'stately', retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  schedule: () => config().loadBalancerResyncSchedule,
  maxConcurrency: 1,
});

/**
 * One notification (SPEC §9.7), sent after the transaction that raised it committed: the handler
 * loads the facts by id and never fails (a mail server down must not retry the work).
 */
export const notificationSend = defineJob<{
  kind: 'deploymentOutcome' | 'deploymentCancelled' | 'appServerFailed' | 'activated';
  deploymentId?: string;
  appServerId?: string;
  previousAppServerId?: string;
}>({
  name: 'notification.send',
  options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  singletonKey: (p) => `notification.send:${p.kind}:${p.deploymentId ?? ''}:${p.appServerId ?? ''}`,
});

/** Turns the outside monitoring of an instance on or off to match what is active now; retried, never blocking. */
export const monitoringSync = defineJob<{ instanceId: string }>({
  name: 'monitoring.sync',
  options: { retryLimit: 10, retryDelay: 30, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 600 },
  singletonKey: (p) => `monitoring.sync:${p.instanceId}`,
});

/** The availability checks (SPEC §9.7, §13): the schedule fans out one job per watched instance. */
export const availabilityChecks = defineJob<Record<string, never>>({
  name: 'availability.check',
  options: { policy: 'stately', retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  schedule: () => config().availabilityChecksSchedule,
  maxConcurrency: 1,
});

export const availabilityCheckInstance = defineJob<{ instanceId: string }>({
  name: 'availability.checkInstance',
  // A check takes up to AVAILABILITY_CHECK_TIMEOUT; a late one is dropped, the next run comes anyway.
  options: { retryLimit: 0, expireInSeconds: 900 },
  singletonKey: (p) => `availability.checkInstance:${p.instanceId}`,
});

/** Every queue the product has: each one is created at start, whether or not this process works it. */
export const JOB_DEFINITIONS: readonly JobDefinition<any>[] = [
  deploymentStart,
  deploymentDispatch,
  instanceAllocate,
  appServerPrepare,
  appServerSecurityGroups,
  appServerCreateVm,
  appServerWaitVm,
  appServerRunRecipe,
  appServerHealthCheck,
  deploymentEvaluate,
  appServerTerminate,
  instanceArchive,
  instanceDelete,
  deadlineSweep,
  appServerStopServices,
  prSync,
  prReport,
  prRedeploy,
  prReconcile,
  cleanup,
  githubDeliveriesPrune,
  lbApply,
  lbResync,
  lbRetargetCnames,
  notificationSend,
  monitoringSync,
  availabilityChecks,
  availabilityCheckInstance,
];

/** Starts pg-boss and creates (or updates) every queue with its options and schedule. */
export async function startQueue(databaseUrl: string): Promise<PgBoss> {
  // Without LISTEN/NOTIFY, pickup waits for the next poll; with it, a few milliseconds.
  boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    useListenNotify: true,
    max: 5,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  } as any);
  boss.on('error', logQueueError);
  await boss.start();
  for (const def of JOB_DEFINITIONS) {
    const options = { notify: true, heartbeatSeconds: JOB_HEARTBEAT_SECONDS, ...def.options };
    await boss.createQueue(def.name, options);
    await boss.updateQueue(def.name, options as any).catch(() => {});
    if (def.schedule) await boss.schedule(def.name, def.schedule());
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

/** The running queue, for the few callers that manage jobs rather than send them. */
export function jobQueue(): PgBoss {
  if (!boss) throw new Error('job queue not started');
  return boss;
}

/** The pg-boss `db` option for running a queue call inside the caller's transaction. */
export function inTx(client: pg.PoolClient) {
  return sqlExecutor(client);
}

/**
 * Enqueues a job inside the caller's transaction, so the rows and the job commit together. The
 * definition derives the singleton key from the payload.
 */
export async function enqueue<P extends Payload>(
  client: pg.PoolClient,
  definition: JobDefinition<P>,
  payload: P,
  options: Pick<SendOptions, 'startAfter'> = {},
): Promise<void> {
  const singletonKey = definition.singletonKey?.(payload);
  await jobQueue().send(definition.name, withoutUndefined(payload), { ...options, ...(singletonKey ? { singletonKey } : {}), db: inTx(client) });
}

/** The queue's jobs whose payload contains `data`, read inside the caller's transaction. */
export async function findJobs<P extends Payload>(
  client: pg.PoolClient,
  definition: JobDefinition<P>,
  data: Partial<P>,
  options: { queued?: boolean } = {},
): Promise<JobWithMetadata<P>[]> {
  return jobQueue().findJobs<P>(definition.name, { data, ...options, db: inTx(client) });
}

/** Cancels the queue's jobs by id inside the caller's transaction. */
export async function cancelJobs(client: pg.PoolClient, definition: JobDefinition<any>, ids: string[]): Promise<void> {
  if (ids.length) await jobQueue().cancel(definition.name, ids, { db: inTx(client) });
}

function withoutUndefined<P extends Payload>(payload: P): Record<string, string | number> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
}
