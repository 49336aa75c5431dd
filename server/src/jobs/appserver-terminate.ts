import { pool, withAdvisoryLock, withTx } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import { transitionAppServer, transitionServer } from '../services/transitions.ts';
import type { ServerState } from '../domain/states.ts';
import { loadAppServer } from './context.ts';
import { computeProvider } from '../compute.ts';
import { appServerTerminate, deploymentEvaluate, enqueue } from '../queue.ts';
import { handle } from './handlers.ts';

/**
 * Stops whatever runs for the app server and deletes its VM. Idempotent: a redelivered job
 * starts again from `terminationRequestedAt` and finds the VM already gone.
 */
export const appServerTerminateHandler = handle(appServerTerminate, async ({ appServerId }) => {
  const a = await loadAppServer(appServerId);
  if (!a || a.status === 'TERMINATED') return;
  if (a.server && a.server.status !== 'TERMINATED') {
    const compute = computeProvider();
    const serverId = a.server.id;
    // The create step holds this lock while it asks for the VM and records its id: waiting for it
    // means a create in flight is either finished and recorded here, or never starts.
    await withAdvisoryLock(`vm:${serverId}`, async () => {
      const server = (await loadAppServer(appServerId))!.server!;
      if (server.status === 'TERMINATED') return;
      const ledger = await pool.query(`SELECT state FROM provisioned_resource WHERE kind = 'vm' AND name = $1`, [serverId]);
      const mayExist = Boolean(server.externalId) || ledger.rowCount === 1 || compute.name === 'local';
      // Steps see terminationRequestedAt at their next checkpoint; the runner is killed with the VM.
      const step = await pool.query(
        `SELECT cursor FROM provisioning_step WHERE "appServerId" = $1 AND name = 'appserver.runRecipe' ORDER BY attempt DESC LIMIT 1`,
        [appServerId],
      );
      const pgid = step.rows[0]?.cursor?.pgid as number | undefined;
      if (pgid && server.externalId)
        await compute
          .host(server)
          .kill(pgid)
          .catch(() => {});
      if (mayExist) {
        // SPEC §9.8: the ledger says DELETING before the call, so a crash mid-delete is visible.
        await pool.query(`UPDATE provisioned_resource SET state = 'DELETING', "updatedAt" = now() WHERE kind = 'vm' AND name = $1 AND state <> 'DELETED'`, [
          serverId,
        ]);
        // Without a recorded id (a create that crashed before recording it) the provider looks the VM up by name and metadata.
        await compute.deleteServer(server);
      }
      await withTx(async (client) => {
        const current = (await client.query(`SELECT status FROM server WHERE id = $1 FOR UPDATE`, [serverId])).rows[0].status as ServerState;
        if (current !== 'TERMINATED') await transitionServer(client, serverId, current, 'TERMINATED', { hostPrivateKeyEnc: null });
        await client.query(`UPDATE provisioned_resource SET state = 'DELETED', "updatedAt" = now() WHERE kind = 'vm' AND name = $1`, [serverId]);
      });
    });
  }
  await withTx(async (client) => {
    const current = (await client.query(`SELECT status, active FROM app_server WHERE id = $1 FOR UPDATE`, [appServerId])).rows[0];
    if (current.status === 'TERMINATED') return;
    if (current.active) {
      await insertLogLines(client, [{ target: { appServerId }, level: 'WARNING', text: 'Termination skipped: the app server was activated meanwhile.' }]);
      return;
    }
    await client.query(
      `UPDATE provisioning_step SET status = 'FAILED', error = 'terminated', "finishedAt" = now(), lease = NULL WHERE "appServerId" = $1 AND status IN ('PENDING', 'RUNNING')`,
      [appServerId],
    );
    await transitionAppServer(client, appServerId, current.status, 'TERMINATED');
    await client.query(`UPDATE app_server SET "currentStep" = NULL WHERE id = $1`, [appServerId]);
    await enqueue(client, deploymentEvaluate, { deploymentId: a.deploymentId, appServerId, outcome: 'TERMINATED' });
  });
});
