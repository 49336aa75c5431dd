import type pg from 'pg';
import { pool, withTx } from '../db.ts';
import {
  appServerExists as appServerRowExists,
  insertAppServerRow,
  loadAppServerWithServer,
  lockAppServerWithContext,
  markActive,
  markInactive,
  markTerminationRequested,
  requestTerminationOfDeployment,
} from '../data/app-servers.ts';
import { inFlightStatuses, insertDeployment, lockDeploymentForCancel, markCancelled, pendingDeploymentIds } from '../data/deployments.ts';
import { lockInstanceForSpawn } from '../data/instances.ts';
import { cancelStepsOfDeployment } from '../data/provisioning-steps.ts';
import { describeError, InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { insertLogLines, log } from '../logs.ts';
import {
  appServerTerminate,
  cancelJobs,
  deploymentDispatch,
  deploymentStart,
  enqueue,
  findJobs,
  instanceAllocate,
  monitoringSync,
  notificationSend,
} from '../queue.ts';
import { endWatch } from '../data/activation-watches.ts';
import { smokeCheckAppServer, SmokeCheckFailedError } from './activation-gate.ts';
import { config } from '../settings.ts';
import { recipeFor } from '../integrations/recipes/index.ts';
import type { ComputeProvider } from '../integrations/compute/types.ts';
import { computeProvider } from '../compute.ts';
import { audit, type Actor } from './audit.ts';
import { announce } from './notify.ts';
import { deploymentLabel } from './deployments.ts';
import { routingChanged } from './load-balancers.ts';

// The snapshot's columns live with the app_server statements; re-exported for readers of this module.
export { SNAPSHOT_COLUMNS, SNAPSHOT_FIELDS } from '../data/app-servers.ts';

export interface SpawnOptions {
  activateOnSuccess?: boolean | null;
  numAttempts?: number | null;
  cancelPending?: boolean | null;
  /** Set by the product's own paths (registration); an operator's spawn is ADMIN or USER. */
  type?: 'REGISTRATION';
}

/**
 * Creates one app server for `slot` inside `client`'s transaction, with the instance's current
 * configuration, or for a retry (`retryOf`) with the failed attempt's snapshot (SPEC §6.1): an
 * instance edited meanwhile must not change what a deployment already started with.
 */
export async function insertAppServer(
  client: pg.PoolClient,
  instanceId: string,
  deploymentId: string,
  slot: number,
  attempt: number,
  retryOf?: string,
): Promise<string> {
  // The instance row is locked by the caller, so numbers are handed out one at a time.
  const id = await insertAppServerRow(client, { instanceId, deploymentId, slot, attempt, retryOf });
  if (id === null) throw new NotFoundError(retryOf ? 'No such app server to retry.' : 'No such instance.');
  await insertLogLines(client, [
    {
      target: { appServerId: id },
      level: 'INFO',
      text: `Created for deployment ${deploymentId} (slot ${slot + 1}, attempt ${attempt})${retryOf ? ' with the failed attempt’s configuration' : ''}.`,
    },
  ]);
  await announce(client, 'APP_SERVER', id, instanceId);
  return id;
}

export async function cancelDeploymentIn(client: pg.PoolClient, deploymentId: string, instanceId: string): Promise<void> {
  await markCancelled(client, deploymentId);
  for (const appServerId of await requestTerminationOfDeployment(client, deploymentId)) await enqueue(client, appServerTerminate, { appServerId });
  // Cancelled work leaves the queue: its waiting steps end and its jobs not yet started are dropped.
  await cancelStepsOfDeployment(client, deploymentId);
  for (const definition of [deploymentStart, instanceAllocate]) {
    const jobs = await findJobs(client, definition, { deploymentId }, { queued: true });
    await cancelJobs(
      client,
      definition,
      jobs.map((j) => j.id),
    );
  }
  // Its app servers no longer hold capacity: a queued deployment may start now.
  await enqueue(client, deploymentDispatch, {});
  await enqueue(client, notificationSend, { kind: 'deploymentCancelled', deploymentId });
  await announce(client, 'DEPLOYMENT', deploymentId, instanceId);
}

export async function spawnAppServer(actor: Actor, instanceId: string, opts: SpawnOptions = {}): Promise<string> {
  return withTx((client) => spawnIn(client, actor, instanceId, opts));
}

/** Spawns inside the caller's transaction (also createInstance with `deploy`); returns the deployment id. */
export async function spawnIn(client: pg.PoolClient, actor: Actor, instanceId: string, opts: SpawnOptions = {}): Promise<string> {
  const numAttempts = opts.numAttempts ?? 1;
  if (!Number.isInteger(numAttempts) || numAttempts < 1 || numAttempts > 5) throw new ValidationError('numAttempts', 'Use 1 to 5 attempts.');
  {
    const inst = await lockInstanceForSpawn(client, instanceId);
    if (!inst) throw new NotFoundError('No such instance.');
    if (inst.archivedAt || inst.archiveRequestedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
    if (opts.cancelPending) {
      for (const deploymentId of await pendingDeploymentIds(client, instanceId)) await cancelDeploymentIn(client, deploymentId, instanceId);
    } else {
      // The instance row is locked above, so two spawns cannot both take the last place.
      const limit = config().maxInstanceDeploymentsInFlight;
      const inFlight = await inFlightStatuses(client, instanceId);
      if (inFlight.length >= limit) {
        throw new InvalidStateError(
          inFlight[0],
          `The instance already has ${inFlight.length} deployments queued or provisioning, the limit (MAX_INSTANCE_DEPLOYMENTS_IN_FLIGHT = ${limit}): wait for one to finish, cancel one, or spawn with cancelPending.`,
        );
      }
    }
    const count = inst.appServerCount;
    const id = await insertDeployment(client, {
      instanceId,
      type: opts.type ?? (actor.isSuperuser ? 'ADMIN' : 'USER'),
      creatorId: actor.id,
      targetCount: count,
      numAttempts,
      activateOnSuccess: opts.activateOnSuccess ?? false,
    });
    for (let slot = 0; slot < count; slot++) await insertAppServer(client, instanceId, id, slot, 1);
    await enqueue(client, deploymentStart, { deploymentId: id });
    await audit(client, actor, 'spawnAppServer', instanceId, { deploymentId: id, ...opts });
    await announce(client, 'DEPLOYMENT', id, instanceId);
    return id;
  }
}

async function lockAppServer(client: pg.PoolClient, id: string) {
  const row = await lockAppServerWithContext(client, id);
  if (!row) throw new NotFoundError('No such app server.');
  return row;
}

export async function activateAppServer(actor: Actor, id: string, opts: { force?: boolean | null } = {}): Promise<string> {
  const row = await loadAppServerWithServer(pool, id);
  if (!row) throw new NotFoundError('No such app server.');
  const check = (a: { status: string; terminationRequestedAt: Date | null; active: boolean; archivedAt?: Date | null }, serverStatus?: string | null) => {
    if (a.archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
    if (a.status !== 'RUNNING') throw new InvalidStateError(a.status, 'Only a Running app server can be activated.');
    if (a.terminationRequestedAt) throw new InvalidStateError(a.status, 'The app server is being terminated.');
    if (serverStatus !== 'READY') throw new InvalidStateError(a.status, 'The app server’s VM is not ready.');
    if (a.active) throw new InvalidStateError(a.status, 'The app server is already active.');
  };
  check(row, row.server?.status);
  if (!opts.force) {
    const report = await smokeCheckAppServer(row, row.server!);
    if (report && !report.ok) throw new SmokeCheckFailedError(report);
  }
  // SPEC §5: the background workers start first; if they cannot, the app server is not activated.
  const failed = await runRecipeServices(row, row.server!, 'start');
  if (failed) throw new InvalidStateError(row.status, `Not activated: the recipe's services did not start (${failed}).`);
  await withTx(async (client) => {
    const a = await lockAppServer(client, id);
    check(a, a.serverStatus);
    await markActive(client, id);
    await routingChanged(client, a.instanceId);
    await insertLogLines(client, [
      {
        target: { appServerId: id },
        level: 'INFO',
        text: `Activated${opts.force ? ' (forced, smoke checks skipped)' : ''}: the load balancer now sends traffic here.`,
      },
    ]);
    await audit(client, actor, 'activateAppServer', id, { force: opts.force ?? false });
    await afterActivationChange(client, a.instanceId, { activated: id });
    await announce(client, 'APP_SERVER', id, a.instanceId);
    await announce(client, 'INSTANCE', a.instanceId, a.instanceId);
  }).catch(async (e) => {
    // Refused after all (a concurrent terminate or activation): the workers started above go again.
    await stopServicesOf(id);
    throw e;
  });
  return id;
}

/**
 * What follows an operator's activation or deactivation, in its transaction: the outside
 * monitoring follows what is active, a pending rollback watch ends (the operator chose), and the
 * activation is announced once committed.
 */
async function afterActivationChange(client: pg.PoolClient, instanceId: string, change: { activated?: string }): Promise<void> {
  await endWatch(client, instanceId);
  await enqueue(client, monitoringSync, { instanceId });
  if (change.activated) await enqueue(client, notificationSend, { kind: 'activated', appServerId: change.activated });
}

export async function deactivateAppServer(actor: Actor, id: string): Promise<string> {
  await withTx(async (client) => {
    const a = await lockAppServer(client, id);
    if (a.archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
    if (!a.active) throw new InvalidStateError(a.status, 'The app server is not active.');
    await deactivateIn(client, id, a.instanceId);
    await audit(client, actor, 'deactivateAppServer', id, null);
    await afterActivationChange(client, a.instanceId, {});
  });
  await stopServicesOf(id);
  return id;
}

/**
 * Stops the recipe's services of an app server that is no longer active: best effort, after the
 * deactivation committed (a failure is logged on the app server and changes nothing else).
 */
export async function stopServicesOf(id: string): Promise<void> {
  const a = await loadAppServerWithServer(pool, id);
  if (!a?.server || a.active || a.server.status === 'TERMINATED' || !a.server.externalId) return;
  await runRecipeServices(a, a.server, 'stop');
}

export async function deactivateIn(client: pg.PoolClient, id: string, instanceId: string): Promise<void> {
  await markInactive(client, id);
  await routingChanged(client, instanceId);
  await insertLogLines(client, [{ target: { appServerId: id }, level: 'INFO', text: 'Deactivated: the load balancer no longer sends traffic here.' }]);
  await announce(client, 'APP_SERVER', id, instanceId);
  await announce(client, 'INSTANCE', instanceId, instanceId);
}

export async function terminateAppServer(actor: Actor, id: string): Promise<string> {
  await withTx(async (client) => {
    const a = await lockAppServer(client, id);
    if (a.archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
    if (a.status === 'TERMINATED') throw new InvalidStateError(a.status, 'The app server is already terminated.');
    if (a.active) throw new InvalidStateError(a.status, 'Deactivate the app server first.');
    await requestTermination(client, id, a.instanceId);
    await audit(client, actor, 'terminateAppServer', id, null);
  });
  return id;
}

export async function requestTermination(client: pg.PoolClient, id: string, instanceId: string): Promise<void> {
  await markTerminationRequested(client, id);
  await insertLogLines(client, [{ target: { appServerId: id }, level: 'INFO', text: 'Termination requested.' }]);
  await enqueue(client, appServerTerminate, { appServerId: id });
  await announce(client, 'APP_SERVER', id, instanceId);
}

export async function appServerExists(id: string): Promise<boolean> {
  return appServerRowExists(pool, id);
}

export async function cancelDeployment(actor: Actor, id: string): Promise<string> {
  await withTx(async (client) => {
    const d = await lockDeploymentForCancel(client, id);
    if (!d) throw new NotFoundError('No such deployment.');
    if (d.archivedAt || d.archiveRequestedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
    if (d.cancelledAt || !['QUEUED', 'PROVISIONING'].includes(d.status)) {
      throw new InvalidStateError(d.cancelledAt ? 'CANCELLED' : d.status, 'Only a queued or provisioning deployment can be cancelled.');
    }
    await cancelDeploymentIn(client, id, d.instanceId);
    await insertLogLines(client, [
      { target: { instanceId: d.instanceId }, level: 'INFO', text: `${await deploymentLabel(client, id)} cancelled by ${actor.username}.` },
    ]);
    await audit(client, actor, 'cancelDeployment', id, null);
  });
  return id;
}

const SERVICES_TIMEOUT_MS = 120_000;

/**
 * Runs the recipe's `services start|stop` on the app server's machine and logs what it printed
 * on the app server. Returns null on success, else why it failed (the end of its output).
 */
export async function runRecipeServices(
  appServer: { id: string; recipe: string },
  server: { id: string; name: string; externalId: string | null; publicIp: string | null; httpPort: number; sshPort: number; hostKey?: string | null },
  action: 'start' | 'stop',
): Promise<string | null> {
  const command = recipeFor(appServer.recipe).services(action);
  if (!command) return null;
  let host: ReturnType<ComputeProvider['host']> | null = null;
  try {
    host = computeProvider().host(server);
    const r = await host.exec(command, { inWorkDir: true, timeoutMs: SERVICES_TIMEOUT_MS });
    const output = `${r.stdout}${r.stderr}`.trim();
    for (const line of output.split('\n').filter(Boolean).slice(-20))
      log.write({ appServerId: appServer.id }, r.code === 0 ? 'INFO' : 'ERROR', `services ${action}: ${line}`);
    if (r.code === 0) return null;
    return `services ${action} exited with ${r.code ?? 'a signal'}${output ? `: ${output.split('\n').slice(-5).join(' / ')}` : ''}`;
  } catch (e) {
    log.write({ appServerId: appServer.id }, 'ERROR', `services ${action}: ${describeError(e)}`);
    return `services ${action} failed: ${describeError(e)}`;
  } finally {
    await host?.close();
    await log.flush();
  }
}
