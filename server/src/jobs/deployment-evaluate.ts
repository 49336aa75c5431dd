import { pool, withTx } from '../db.ts';
import { deploymentStatus, failedSlotsWithAttemptsLeft, type AppServerState } from '../domain/states.ts';
import { insertLogLines } from '../logs.ts';
import { insertAppServer, deactivateIn, runRecipeServices, stopServicesOf } from '../services/appservers.ts';
import { announce } from '../services/notify.ts';
import { deploymentName } from '../services/deployments.ts';
import { activationGate } from '../integrations/recipes/index.ts';
import { requestDispatch } from './deployment-dispatch.ts';
import { deploymentEvaluate } from '../queue.ts';
import { handle } from './handlers.ts';
import { startPipeline } from './pipeline.ts';

/**
 * Step 9: runs whenever an app server of the deployment turns steady. Starts the next attempt of
 * failed slots, caches the status, and on HEALTHY activates when asked to.
 */
export const deploymentEvaluateHandler = handle(deploymentEvaluate, async ({ deploymentId }) => {
  const activation = await withTx(async (client) => {
    const depRes = await client.query(`SELECT * FROM deployment WHERE id = $1 FOR UPDATE`, [deploymentId]);
    const dep = depRes.rows[0];
    if (!dep) return null;
    const servers = (
      await client.query(`SELECT id, number, slot, attempt, status, "runningAt", "serverId" FROM app_server WHERE "deploymentId" = $1 ORDER BY number`, [
        deploymentId,
      ])
    ).rows;
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
        await client.query(`SELECT 1 FROM instance WHERE id = $1 FOR UPDATE`, [dep.instanceId]);
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
    await client.query(
      `UPDATE deployment SET status = $2::"DeploymentStatus", "finishedAt" = CASE WHEN $3::boolean AND "finishedAt" IS NULL THEN now() ELSE "finishedAt" END, "updatedAt" = now() WHERE id = $1`,
      [deploymentId, status, done],
    );
    if (status !== dep.status) {
      await insertLogLines(client, [
        { target: { instanceId: dep.instanceId }, level: status === 'FAILED' ? 'ERROR' : 'INFO', text: `${deploymentName(servers)}: ${status.toLowerCase()}.` },
      ]);
      if (status === 'HEALTHY')
        await client.query(`UPDATE instance SET "successfullyProvisionedAt" = COALESCE("successfullyProvisionedAt", now()) WHERE id = $1`, [dep.instanceId]);
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
  const rows = (
    await pool.query(
      `SELECT DISTINCT ON (a.slot) a.id, a.recipe, a."internalLmsDomain", s.id AS "serverId", s.name, s."externalId", s."publicIp", s."httpPort", s."sshPort", s."hostKey"
       FROM app_server a JOIN server s ON s.id = a."serverId"
       WHERE a."deploymentId" = $1 AND a.status = 'RUNNING' AND a."terminationRequestedAt" IS NULL
       ORDER BY a.slot, a.number DESC`,
      [deploymentId],
    )
  ).rows;
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
      await client.query(`UPDATE app_server SET active = true, "lastActivatedAt" = now(), "updatedAt" = now() WHERE id = $1 AND status = 'RUNNING'`, [r.id]);
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
