import { pool } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import { defineJob } from './queue.ts';
import { dispatchQueued } from './deployment-dispatch.ts';
import { claimStep } from './step.ts';

/**
 * Step 1: takes capacity (one unit per app server; at most MAX_CONCURRENT_PROVISIONING provision
 * at once, cluster-wide) and records which app servers were active, then hands over to allocation.
 * A deployment that does not fit stays queued; `deployment.dispatch` starts it when capacity frees.
 */
export const deploymentStart = defineJob<{ deploymentId: string; poll?: number }>({
  name: 'deployment.start',
  options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  async handler({ deploymentId }) {
    const step = await claimStep({ deploymentId }, 'deployment.start');
    if (!step) return;
    const dep = (await pool.query(`SELECT "instanceId", "cancelledAt" FROM deployment WHERE id = $1`, [deploymentId])).rows[0];
    if (!dep) return;
    if (dep.cancelledAt) {
      await step.complete(async () => {});
      return;
    }
    await step.complete(async (client) => {
      // The capacity lock comes first, as in every dispatch, so no two of them deadlock.
      const started = await dispatchQueued(client);
      if (started.includes(deploymentId)) return;
      const current = await client.query(`SELECT "cancelledAt", "startedAt" FROM deployment WHERE id = $1`, [deploymentId]);
      if (current.rows[0].cancelledAt || current.rows[0].startedAt) return;
      // Not our turn: the step waits (PENDING) for a dispatch, without a poll job of its own.
      await client.query(`UPDATE provisioning_step SET status = 'PENDING', "finishedAt" = NULL WHERE id = $1`, [step.row.id]);
      await insertLogLines(client, [{ target: { instanceId: dep.instanceId }, level: 'INFO', text: `Deployment ${deploymentId} is queued: provisioning capacity is in use.` }]);
    });
  },
});
