import { withTx } from '../db.ts';
import { config } from '../settings.ts';
import { moveServer, transitionAppServer } from '../services/transitions.ts';
import type { ServerState } from '../domain/states.ts';
import type { ProviderStatus } from '../integrations/compute/types.ts';
import { computeProvider, describeError, enqueueStep, failAppServer, givesUp, loadAppServer, stopRequested } from './context.ts';
import { defineJob } from './queue.ts';
import { claimStep } from './step.ts';

const POLL_SECONDS = 5;
// A VM often answers within seconds: look often at first, then hand the wait back to the queue.
const QUICK_POLLS = 20;
const QUICK_POLL_MS = 500;

/**
 * Step 6: polls until the provider reports the VM ACTIVE (within VM_BOOT_TIMEOUT) and it answers
 * SSH with the expected host key (within SSH_WAIT_TIMEOUT). Server: Building → Booting → Ready.
 */
export const appserverWaitVm = defineJob<{ appServerId: string; poll: number }>({
  name: 'appserver.waitVm',
  options: { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 60, expireInSeconds: 300 },
  async handler({ appServerId, poll }, job) {
    const a = await loadAppServer(appServerId);
    if (!a || !a.server || stopRequested(a)) return;
    const step = await claimStep({ appServerId }, 'appserver.waitVm', a.attempt);
    if (!step) return;
    const cfg = config();
    const compute = computeProvider();
    const started = step.row.startedAt.getTime();
    let serverState = a.server.status as ServerState;
    const server = { ...a.server };

    for (let i = 0; i < QUICK_POLLS; i++) {
      let status: ProviderStatus;
      try {
        status = await compute.status(server);
      } catch (e) {
        if (!givesUp(e, job, appserverWaitVm.options.retryLimit)) throw e;
        // The provider keeps failing: the server's state is Unknown until a poll succeeds.
        await withTx(async (client) => {
          await step.fence(client);
          await moveServer(client, server.id, 'UNKNOWN');
        });
        await step.fail(describeError(e), (client) => failAppServer(client, a, 'ERROR', `the provider did not answer: ${describeError(e)}`));
        return;
      }
      if (status.state === 'ERROR' || status.state === 'NOT_FOUND') {
        const reason = status.state === 'ERROR' ? `the provider reports an error: ${status.reason}` : 'the VM disappeared while booting';
        await step.fail(reason, async (client) => {
          await moveServer(client, server.id, 'BUILD_FAILED');
          await failAppServer(client, a, 'ERROR', reason);
        });
        return;
      }
      if (status.state === 'ACTIVE') {
        if (serverState !== 'BOOTING') {
          const set = { publicIp: status.publicIp, httpPort: status.httpPort, sshPort: status.sshPort || server.sshPort };
          await withTx(async (client) => {
            await step.fence(client);
            await moveServer(client, server.id, 'BOOTING', set);
          });
          Object.assign(server, set);
          serverState = 'BOOTING';
        }
        let reachable = false;
        try {
          reachable = await compute.probe(server);
        } catch (e) {
          const reason = `the VM did not present the expected host key: ${describeError(e)}`;
          await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
          return;
        }
        if (reachable) {
          await step.complete(async (client) => {
            await moveServer(client, server.id, 'READY');
            // The injected host key's private half is only needed until the first boot.
            await client.query(`UPDATE server SET "hostPrivateKeyEnc" = NULL WHERE id = $1`, [server.id]);
            await transitionAppServer(client, appServerId, 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER');
            await client.query(`UPDATE app_server SET "currentStep" = 'appserver.runRecipe' WHERE id = $1`, [appServerId]);
            await enqueueStep(client, 'appserver.runRecipe', appServerId, a.attempt);
          });
          return;
        }
        if (Date.now() - started > (cfg.vmBootTimeout + cfg.sshWaitTimeout) * 1000) {
          const reason = `the VM did not accept SSH within ${cfg.sshWaitTimeout} s`;
          await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
          return;
        }
      } else if (Date.now() - started > cfg.vmBootTimeout * 1000) {
        const reason = `the VM did not boot within ${cfg.vmBootTimeout} s`;
        await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
        return;
      }
      if (poll > 0) break;
      await new Promise((r) => setTimeout(r, QUICK_POLL_MS));
    }
    await step.complete(async (client) => {
      await client.query(`UPDATE provisioning_step SET status = 'RUNNING', "finishedAt" = NULL WHERE id = $1`, [step.row.id]);
      await enqueueStep(client, 'appserver.waitVm', appServerId, a.attempt, { poll: poll + 1, startAfter: POLL_SECONDS });
    });
  },
});
