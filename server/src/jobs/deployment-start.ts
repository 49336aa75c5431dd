import { pool, withTx } from '../db.ts';
import { deploymentCancelState, lockDeploymentStart } from '../data/deployments.ts';
import { insertLogLines } from '../logs.ts';
import { deploymentLabel } from '../services/deployments.ts';
import { deploymentStart } from '../queue.ts';
import { handle } from './handlers.ts';
import { dispatchQueued } from './deployment-dispatch.ts';
import { claimStep } from './step.ts';

/**
 * Step 1: takes capacity (one unit per app server; at most MAX_CONCURRENT_PROVISIONING provision
 * at once, cluster-wide) and records which app servers were active, then hands over to allocation.
 * A deployment that does not fit stays queued; `deployment.dispatch` starts it when capacity frees.
 */
export const deploymentStartHandler = handle(deploymentStart, async ({ deploymentId }) => {
  const step = await claimStep({ deploymentId }, deploymentStart.name);
  if (!step) return;
  const dep = await deploymentCancelState(pool, deploymentId);
  if (!dep) return;
  // Locks in one order everywhere (capacity, then deployment rows, then their steps), so a
  // dispatch, a cancel and this step never deadlock.
  await withTx(async (client) => {
    if (!dep.cancelledAt && (await dispatchQueued(client)).includes(deploymentId)) return;
    const current = await lockDeploymentStart(client, deploymentId);
    if (current.cancelledAt || current.startedAt) {
      await step.settle(client, 'SUCCEEDED');
      return;
    }
    // Not our turn: the step waits (PENDING) for a dispatch, without a poll job of its own.
    await step.settle(client, 'PENDING');
    await insertLogLines(client, [
      {
        target: { instanceId: dep.instanceId },
        level: 'INFO',
        text: `${await deploymentLabel(client, deploymentId)} is queued: provisioning capacity is in use.`,
      },
    ]);
  });
});
