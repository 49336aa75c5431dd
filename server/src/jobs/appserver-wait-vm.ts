import { config } from '../settings.ts';
import { transitionAppServer, transitionServer } from '../services/transitions.ts';
import { computeProvider, enqueueStep, failAppServer, loadAppServer, stopRequested } from './context.ts';
import { defineJob } from './queue.ts';
import { claimStep } from './step.ts';

const POLL_SECONDS = 5;

/** Step 6: polls until the provider reports ACTIVE and the machine answers, within the deadlines. */
export const appserverWaitVm = defineJob<{ appServerId: string; poll: number }>({
  name: 'appserver.waitVm',
  options: { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 60, expireInSeconds: 300 },
  async handler({ appServerId, poll }) {
    const a = await loadAppServer(appServerId);
    if (!a || !a.server || stopRequested(a)) return;
    const step = await claimStep({ appServerId }, 'appserver.waitVm', a.attempt);
    if (!step) return;
    const cfg = config();
    const started = step.row.startedAt.getTime();
    const compute = computeProvider();
    const status = await compute.status(a.server);
    const server = a.server;
    const again = () =>
      step.complete(async (client) => {
        await client.query(`UPDATE provisioning_step SET status = 'RUNNING', "finishedAt" = NULL WHERE id = $1`, [step.row.id]);
        await enqueueStep(client, 'appserver.waitVm', appServerId, a.attempt, { poll: poll + 1, startAfter: POLL_SECONDS });
      });
    if (status.state === 'ERROR' || status.state === 'NOT_FOUND') {
      const reason = status.state === 'ERROR' ? `the provider reports an error: ${status.reason}` : 'the VM disappeared while booting';
      await step.fail(reason, async (client) => {
        await transitionServer(client, server.id, server.status, 'BUILD_FAILED');
        await failAppServer(client, a, 'ERROR', reason);
      });
      return;
    }
    if (status.state === 'BUILD') {
      if (Date.now() - started > cfg.vmBootTimeout * 1000) {
        await step.fail('boot timeout', (client) => failAppServer(client, a, 'ERROR', `the VM did not boot within ${cfg.vmBootTimeout} s`));
      } else await again();
      return;
    }
    const reachable = await compute.probe(server);
    if (!reachable) {
      if (Date.now() - started > (cfg.vmBootTimeout + cfg.sshWaitTimeout) * 1000) {
        await step.fail('ssh timeout', (client) => failAppServer(client, a, 'ERROR', `the VM did not accept connections within ${cfg.sshWaitTimeout} s`));
      } else await again();
      return;
    }
    await step.complete(async (client) => {
      const set = { publicIp: status.publicIp, httpPort: status.httpPort };
      if (server.status === 'BUILDING') await transitionServer(client, server.id, 'BUILDING', 'BOOTING', set);
      await transitionServer(client, server.id, 'BOOTING', 'READY', set);
      await transitionAppServer(client, appServerId, 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER');
      await client.query(`UPDATE app_server SET "currentStep" = 'appserver.runRecipe' WHERE id = $1`, [appServerId]);
      await enqueueStep(client, 'appserver.runRecipe', appServerId, a.attempt);
    });
  },
});
