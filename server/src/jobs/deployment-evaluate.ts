import { pool, withTx } from '../db.ts';
import { appServersOfDeployment, markActiveIfRunning, runningAppServersOfDeployment } from '../data/app-servers.ts';
import { lockDeployment, setDeploymentStatus } from '../data/deployments.ts';
import { lockInstanceRow, markProvisionedOnce } from '../data/instances.ts';
import { deploymentStatus, failedSlotsWithAttemptsLeft, type AppServerState } from '../domain/states.ts';
import { insertLogLines } from '../logs.ts';
import { insertAppServer, deactivateIn, runRecipeServices, stopServicesOf } from '../services/appservers.ts';
import { announce } from '../services/notify.ts';
import { deploymentName } from '../services/deployments.ts';
import { activationGate } from '../integrations/recipes/index.ts';
import { requestDispatch } from './deployment-dispatch.ts';
import { reportDeploymentIn } from '../services/pr-sandboxes.ts';
import { deploymentEvaluate } from '../queue.ts';
import { handle } from './handlers.ts';
import { startPipeline } from './pipeline.ts';

/**
 * Step 9: runs whenever an app server of the deployment turns steady. Starts the next attempt of
 * failed slots, caches the status, and on HEALTHY activates when asked to.
 */
export const deploymentEvaluateHandler = handle(deploymentEvaluate, async ({ deploymentId }) => {
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
    }
    await announce(client, 'DEPLOYMENT', deploymentId, dep.instanceId);
    // An app server turned steady, so capacity may have freed up for a queued deployment.
    await requestDispatch(client);
    if (status === 'HEALTHY' && dep.activateOnSuccess && !dep.finishedAt) {
      return { instanceId: dep.instanceId as string, previous: dep.previouslyActiveAppServerIds as string[] };
    }
    return null;
  });
  if (activation) await activateDeployment(deploymentId, activation.instanceId, activation.previous);
});

/** Activates the newest Running app server of each slot, then deactivates the ones it replaces. */
async function activateDeployment(deploymentId: string, instanceId: string, previous: string[]): Promise<void> {
  const rows = await runningAppServersOfDeployment(pool, deploymentId);
  for (const r of rows) {
    const problem = await activationGate(r, r);
    if (problem) {
      await withTx((client) =>
        insertLogLines(client, [{ target: { instanceId }, level: 'ERROR', text: `Activation of deployment ${deploymentId} blocked: ${problem}` }]),
      );
      return;
    }
  }
  // SPEC §5: each app server's workers start before any is activated; one that fails blocks it all.
  for (const r of rows) {
    const failed = await runRecipeServices(r, { ...r, id: r.serverId }, 'start');
    if (failed) {
      await withTx((client) =>
        insertLogLines(client, [{ target: { instanceId }, level: 'ERROR', text: `Activation of deployment ${deploymentId} blocked: ${failed}` }]),
      );
      for (const other of rows) await stopServicesOf(other.id);
      return;
    }
  }
  const replaced: string[] = [];
  await withTx(async (client) => {
    for (const r of rows) {
      await markActiveIfRunning(client, r.id);
      await insertLogLines(client, [{ target: { appServerId: r.id }, level: 'INFO', text: 'Activated by its deployment.' }]);
      await announce(client, 'APP_SERVER', r.id, instanceId);
    }
    const mine = new Set(rows.map((r) => r.id));
    for (const id of previous ?? []) {
      if (!mine.has(id)) {
        await deactivateIn(client, id, instanceId);
        replaced.push(id);
      }
    }
    await announce(client, 'INSTANCE', instanceId, instanceId);
  });
  for (const id of replaced) await stopServicesOf(id);
}
