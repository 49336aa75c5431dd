import type pg from 'pg';
import { withTx } from '../db.ts';
import { provisioningAppServerCount } from '../data/app-servers.ts';
import { lockCapacity, markStarted, queuedDeployments } from '../data/deployments.ts';
import { deploymentStartWaits, succeedDeploymentStart } from '../data/provisioning-steps.ts';
import { insertLogLines } from '../logs.ts';
import { config } from '../settings.ts';
import { announce } from '../services/notify.ts';
import { deploymentLabel } from '../services/deployments.ts';
import { deploymentDispatch, enqueue, instanceAllocate } from '../queue.ts';
import { handle } from './handlers.ts';

/**
 * Starts the queued deployments that fit in the free provisioning capacity (SPEC.md §6.2), in
 * order: ADMIN/USER/REGISTRATION ahead of PR/PERIODIC/BATCH, then taking turns between instances
 * (one instance's burst does not hold back another's), then oldest first. Returns the ids started.
 * Runs in the caller's transaction.
 */
export async function dispatchQueued(client: pg.PoolClient): Promise<string[]> {
  // Serialises capacity decisions so two dispatches cannot both take the last unit.
  await lockCapacity(client);
  const max = config().maxConcurrentProvisioning;
  let free = max - (await provisioningAppServerCount(client));
  if (free <= 0) return [];
  const queued = await queuedDeployments(client, free, config().maxPrSandboxes);
  const started: string[] = [];
  for (const d of queued) {
    // A deployment larger than the whole capacity starts alone rather than never.
    const need = Math.min(d.targetCount, max);
    // Strict order: a big deployment at the head is not overtaken by smaller ones behind it.
    if (need > free) break;
    if (!(await markStarted(client, d.id, d.instanceId))) continue;
    free -= need;
    if (await deploymentStartWaits(client, d.id)) {
      await insertLogLines(client, [
        { target: { instanceId: d.instanceId }, level: 'INFO', text: `${await deploymentLabel(client, d.id)} starts: provisioning capacity is free.` },
      ]);
    }
    // The deployment's own start job, queued or waiting, finds its step done and stops there.
    await succeedDeploymentStart(client, d.id);
    await enqueue(client, instanceAllocate, { deploymentId: d.id });
    await announce(client, 'DEPLOYMENT', d.id, d.instanceId);
    started.push(d.id);
  }
  return started;
}

/** Asks for a dispatch soon; at most one waits in the queue, so a burst of requests costs one run. */
export async function requestDispatch(client: pg.PoolClient): Promise<void> {
  await enqueue(client, deploymentDispatch, {});
}

/**
 * Starts queued deployments when capacity frees up: requested when an app server turns steady or a
 * deployment is cancelled, and by the sweeper as a backstop. Replaces one poll job per queued
 * deployment, which jammed the queue under a burst.
 */
export const deploymentDispatchHandler = handle(deploymentDispatch, async () => {
  await withTx((client) => dispatchQueued(client));
});
