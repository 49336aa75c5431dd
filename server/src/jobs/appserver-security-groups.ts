import { computeProvider, enqueueStep, loadAppServer, stopRequested } from './context.ts';
import { defineJob } from './queue.ts';
import { claimStep } from './step.ts';

/** Step 4: the managed security group. The local provider has no firewall to manage. */
export const appserverSecurityGroups = defineJob<{ appServerId: string }>({
  name: 'appserver.securityGroups',
  options: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  async handler({ appServerId }) {
    const a = await loadAppServer(appServerId);
    if (!a || stopRequested(a)) return;
    const step = await claimStep({ appServerId }, 'appserver.securityGroups', a.attempt);
    if (!step) return;
    void computeProvider();
    await step.complete(async (client) => {
      await client.query(`UPDATE provisioning_step SET status = 'SKIPPED' WHERE id = $1`, [step.row.id]);
      await enqueueStep(client, 'appserver.createVm', appServerId, a.attempt);
    });
  },
});
