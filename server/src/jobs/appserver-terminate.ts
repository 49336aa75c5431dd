import { pool, withAdvisoryLock, withTx } from '../db.ts';
import { lockAppServerStatus, setCurrentStep } from '../data/app-servers.ts';
import { markResourceDeleted, markVmDeleting, vmInLedger } from '../data/provisioned-resources.ts';
import { endStepsOfTerminated, latestRecipeCursor } from '../data/provisioning-steps.ts';
import { lockServerStatus } from '../data/servers.ts';
import { insertLogLines } from '../logs.ts';
import { transitionAppServer, transitionServer } from '../services/transitions.ts';
import type { AppServerState, ServerState } from '../domain/states.ts';
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
      const mayExist = Boolean(server.externalId) || (await vmInLedger(pool, serverId)) || compute.name === 'local';
      // Steps see terminationRequestedAt at their next checkpoint; the runner is killed with the VM.
      const pgid = (await latestRecipeCursor(pool, appServerId))?.pgid as number | undefined;
      if (pgid && server.externalId)
        await compute
          .host(server)
          .kill(pgid)
          .catch(() => {});
      if (mayExist) {
        // SPEC §9.8: the ledger says DELETING before the call, so a crash mid-delete is visible.
        await markVmDeleting(pool, serverId);
        // Without a recorded id (a create that crashed before recording it) the provider looks the VM up by name and metadata.
        await compute.deleteServer(server);
      }
      await withTx(async (client) => {
        const current = (await lockServerStatus(client, serverId))! as ServerState;
        if (current !== 'TERMINATED') await transitionServer(client, serverId, current, 'TERMINATED', { hostPrivateKeyEnc: null });
        await markResourceDeleted(client, 'vm', serverId);
      });
    });
  }
  await withTx(async (client) => {
    const current = await lockAppServerStatus(client, appServerId);
    if (current.status === 'TERMINATED') return;
    if (current.active) {
      await insertLogLines(client, [{ target: { appServerId }, level: 'WARNING', text: 'Termination skipped: the app server was activated meanwhile.' }]);
      return;
    }
    await endStepsOfTerminated(client, appServerId);
    await transitionAppServer(client, appServerId, current.status as AppServerState, 'TERMINATED');
    await setCurrentStep(client, appServerId, null);
    await enqueue(client, deploymentEvaluate, { deploymentId: a.deploymentId, appServerId, outcome: 'TERMINATED' });
  });
});
