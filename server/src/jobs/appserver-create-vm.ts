import { pool, withAdvisoryLock } from '../db.ts';
import { setCurrentStep } from '../data/app-servers.ts';
import { markVmFailed, markVmPresent, planVm } from '../data/provisioned-resources.ts';
import { recordExternalId } from '../data/servers.ts';
import { moveServer, transitionAppServer } from '../services/transitions.ts';
import { describeError } from '../errors.ts';
import { failAppServer, givesUpBy, loadAppServer, stopRequested } from './context.ts';
import { computeProvider } from '../compute.ts';
import { config } from '../settings.ts';
import { decryptSecret } from '../secrets.ts';
import { appServerCreateVm } from '../queue.ts';
import { handle } from './handlers.ts';
import { beginStep, enqueueNextStep } from './pipeline.ts';
import { LeaseLost } from './step.ts';

/**
 * Step 5: records the intent in the ledger, then creates the VM (or finds the one an earlier run
 * created), and stores its external id.
 */
export const appServerCreateVmHandler = handle(appServerCreateVm, async ({ appServerId }) => {
  const begun = await beginStep(appServerCreateVm, appServerId, 'server');
  if (!begun) return;
  const { a, step } = begun;
  const compute = computeProvider();
  let created;
  try {
    const server = a.server;
    // One create at a time per server: a duplicate run waits here, then finds it lost the lease
    // (or finds the VM the other run made, by name and metadata).
    created = await withAdvisoryLock(`vm:${server.id}`, async () => {
      if (!(await step.stillOwned())) throw new LeaseLost(step.row.name);
      // Terminate takes this lock too: one that ran before us leaves nothing to create.
      const now = await loadAppServer(appServerId);
      if (!now || stopRequested(now)) return null;
      await planVm(pool, server.id, a.instanceId, appServerId);
      const made = await compute.createServer(server, {
        instanceDomain: a.internalLmsDomain,
        appServerNumber: a.number,
        instanceId: a.instanceId,
        flavor: a.flavor,
        image: a.image,
        keyName: a.sshKeyName,
        additionalSecurityGroups: a.additionalSecurityGroups ?? [],
        hostKey: server.hostKey && server.hostPrivateKeyEnc ? { publicKey: server.hostKey, privateKey: decryptSecret(server.hostPrivateKeyEnc) } : undefined,
      });
      // Recorded before the lock is released, so a terminate waiting on it finds the VM to delete.
      await markVmPresent(pool, server.id, made.externalId);
      await recordExternalId(pool, server.id, made.externalId, made.httpPort ?? null);
      return made;
    });
    if (!created) {
      await step
        .fail('stopped: terminate or cancel was requested', async () => {})
        .catch((e) => {
          if (!(e instanceof LeaseLost)) throw e;
        });
      return;
    }
  } catch (e) {
    if (e instanceof LeaseLost) throw e;
    // Transient failures (5xx, timeouts) are retried; the retry looks the VM up before creating.
    if (!givesUpBy(e, step.row.startedAt.getTime() + config().vmBootTimeout * 1000)) throw e;
    await step.fail(describeError(e), async (client) => {
      await markVmFailed(client, a.server!.id, describeError(e));
      await moveServer(client, a.server!.id, 'BUILD_FAILED');
      await failAppServer(client, a, 'ERROR', `the VM could not be created: ${describeError(e)}`);
    });
    return;
  }
  await step.complete(async (client) => {
    await moveServer(client, a.server!.id, 'BUILDING');
    await transitionAppServer(client, appServerId, 'NEW', 'WAITING_FOR_SERVER');
    const next = await enqueueNextStep(client, appServerCreateVm, a);
    await setCurrentStep(client, appServerId, next.name);
  });
});
