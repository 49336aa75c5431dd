import { pool, withTx } from '../db.ts';
import { appServersOfDeployment, markActiveIfRunning, runningAppServersOfDeployment } from '../data/app-servers.ts';
import { lockDeployment, setDeploymentStatus } from '../data/deployments.ts';
import { lockInstanceRow, markProvisionedOnce } from '../data/instances.ts';
import { deploymentStatus, failedSlotsWithAttemptsLeft, type AppServerState } from '../domain/states.ts';
import { insertLogLines } from '../logs.ts';
import { insertAppServer, deactivateIn, runRecipeServices, stopServicesOf } from '../services/appservers.ts';
import { announce } from '../services/notify.ts';
import { deploymentName } from '../services/deployments.ts';
import { routingChanged } from '../services/load-balancers.ts';
import { requestDispatch } from './deployment-dispatch.ts';
import { reportDeploymentIn } from '../services/pr-sandboxes.ts';
import { deploymentEvaluate, enqueue, monitoringSync, notificationSend } from '../queue.ts';
import { recordFailureReason } from '../data/deployments.ts';
import { instanceWatchFacts } from '../data/instances.ts';
import { startWatch } from '../data/activation-watches.ts';
import { smokeCheckAppServer } from '../services/activation-gate.ts';
import { instanceRef, notifyDeploymentOutcome, send } from '../services/notifications.ts';
import { handle } from './handlers.ts';
import { startPipeline } from './pipeline.ts';
import { acceptOnHealthy } from '../services/registration.ts';

/**
 * Step 9: runs whenever an app server of the deployment turns steady. Starts the next attempt of
 * failed slots, caches the status, and on HEALTHY activates when asked to.
 */
export const deploymentEvaluateHandler = handle(deploymentEvaluate, async ({ deploymentId }) => {
  // A registration's first HEALTHY deployment accepts the application; the welcome mail goes after commit.
  let welcome: (() => Promise<void>) | null = null;
  const activation = await withTx(async (client) => {
    const dep = await lockDeployment(client, deploymentId);
    if (!dep) return null;
    const servers = await appServersOfDeployment(client, deploymentId);
    const facts = {
      cancelled: Boolean(dep.cancelledAt),
      finished: Boolean(dep.finishedAt),
      targetCount: dep.targetCount,
      numAttempts: dep.numAttempts,
      appServers: servers.map((s) => ({ slot: s.slot, attempt: s.attempt, status: s.status as AppServerState, reachedRunning: Boolean(s.runningAt) })),
    };
    if (!facts.cancelled) {
      for (const slot of failedSlotsWithAttemptsLeft(facts)) {
        const failed = servers.filter((s) => s.slot === slot).reduce((x, y) => (y.attempt > x.attempt ? y : x));
        const newest = failed.attempt as number;
        await lockInstanceRow(client, dep.instanceId);
        const id = await insertAppServer(client, dep.instanceId, deploymentId, slot, newest + 1, failed.id);
        await insertLogLines(client, [
          { target: { instanceId: dep.instanceId }, level: 'INFO', text: `Slot ${slot + 1} failed; attempt ${newest + 1} of ${dep.numAttempts} starts.` },
        ]);
        await startPipeline(client, id, newest + 1);
        facts.appServers.push({ slot, attempt: newest + 1, status: 'NEW', reachedRunning: false });
      }
    }
    const status = deploymentStatus(facts);
    const done = ['HEALTHY', 'UNHEALTHY', 'FAILED', 'OFFLINE', 'CANCELLED'].includes(status);
    await setDeploymentStatus(client, deploymentId, status, done);
    if (status !== dep.status) {
      await insertLogLines(client, [
        { target: { instanceId: dep.instanceId }, level: status === 'FAILED' ? 'ERROR' : 'INFO', text: `${deploymentName(servers)}: ${status.toLowerCase()}.` },
      ]);
      if (status === 'HEALTHY') await markProvisionedOnce(client, dep.instanceId);
      await reportDeploymentIn(client, dep);
      // A cancellation is announced by the cancel itself; a switch is announced once it is done (below).
      if (done && status !== 'CANCELLED' && !(status === 'HEALTHY' && dep.activateOnSuccess)) {
        await enqueue(client, notificationSend, { kind: 'deploymentOutcome', deploymentId });
      }
      if (status === 'HEALTHY') welcome = await acceptOnHealthy(client, dep.instanceId);
    }
    await announce(client, 'DEPLOYMENT', deploymentId, dep.instanceId);
    // An app server turned steady, so capacity may have freed up for a queued deployment.
    await requestDispatch(client);
    if (status === 'HEALTHY' && dep.activateOnSuccess && !dep.finishedAt) {
      return { instanceId: dep.instanceId as string, previous: dep.previouslyActiveAppServerIds as string[] };
    }
    return null;
  });
  if (activation) {
    const blocked = await activateDeployment(deploymentId, activation.instanceId, activation.previous);
    if (blocked) {
      const facts = await instanceWatchFacts(pool, activation.instanceId);
      if (facts) await send({ kind: 'deploymentFailed', data: { instance: instanceRef(facts), reason: blocked } }, facts.provisioningFailureEmails);
    } else {
      await notifyDeploymentOutcome(deploymentId);
    }
  }
  if (welcome) await (welcome as () => Promise<void>)();
});

/** Logs on the instance and records on the deployment why its activation did not happen. */
async function blockActivation(deploymentId: string, instanceId: string, reason: string): Promise<string> {
  await withTx(async (client) => {
    await insertLogLines(client, [{ target: { instanceId }, level: 'ERROR', text: `Activation of deployment ${deploymentId} blocked: ${reason}` }]);
    await recordFailureReason(client, deploymentId, `Not activated: ${reason}`);
    await announce(client, 'DEPLOYMENT', deploymentId, instanceId);
  });
  return `Not activated: ${reason}`;
}

/**
 * Activates the newest Running app server of each slot, then deactivates the ones it replaces and
 * starts the rollback watch. Returns why it did not, when the gate or the services blocked it.
 */
async function activateDeployment(deploymentId: string, instanceId: string, previous: string[]): Promise<string | null> {
  const rows = await runningAppServersOfDeployment(pool, deploymentId);
  // SPEC §16: the smoke checks of every new app server pass before any is activated; no transaction is held meanwhile.
  for (const r of rows) {
    const report = await smokeCheckAppServer(r, r);
    if (report && !report.ok) return blockActivation(deploymentId, instanceId, `AppServer ${r.number}: ${report.summary}`);
  }
  // SPEC §5: each app server's workers start before any is activated; one that fails blocks it all.
  for (const r of rows) {
    const failed = await runRecipeServices(r, { ...r, id: r.serverId }, 'start');
    if (failed) {
      for (const other of rows) await stopServicesOf(other.id);
      return blockActivation(deploymentId, instanceId, failed);
    }
  }
  const replaced: string[] = [];
  await withTx(async (client) => {
    for (const r of rows) {
      await markActiveIfRunning(client, r.id);
      await insertLogLines(client, [{ target: { appServerId: r.id }, level: 'INFO', text: 'Activated by its deployment.' }]);
      await announce(client, 'APP_SERVER', r.id, instanceId);
    }
    await routingChanged(client, instanceId);
    const mine = new Set(rows.map((r) => r.id));
    for (const id of previous ?? []) {
      if (!mine.has(id)) {
        await deactivateIn(client, id, instanceId);
        replaced.push(id);
      }
    }
    // An automatic switch away from serving app servers is watched, and rolled back if the site fails (SPEC §16).
    if (replaced.length > 0) await startWatch(client, { instanceId, deploymentId, newAppServerIds: rows.map((r) => r.id), previousAppServerIds: replaced });
    await enqueue(client, monitoringSync, { instanceId });
    for (const r of rows) await enqueue(client, notificationSend, { kind: 'activated', appServerId: r.id, previousAppServerId: replaced[0] });
    await announce(client, 'INSTANCE', instanceId, instanceId);
  });
  for (const id of replaced) await stopServicesOf(id);
  return null;
}
