import { pool } from '../db.ts';
import { newAppServersOfDeployment } from '../data/app-servers.ts';
import { deploymentCancelState } from '../data/deployments.ts';
import { hasProviderSkipWarning } from '../data/log-entries.ts';
import { insertLogLines } from '../logs.ts';
import { instanceAllocate } from '../queue.ts';
import { handle } from './handlers.ts';
import { startPipeline } from './pipeline.ts';
import { claimStep } from './step.ts';
import { loadBalancing } from '../load-balancing.ts';
import { allocateRouting } from '../services/routing-allocation.ts';

/**
 * Step 2: each resource the instance lacks. With the local provider the built-in load balancer
 * routes by Host header and needs nothing allocated; with haproxy the instance gets its load
 * balancer and its CNAMEs (services/routing-allocation.ts); kinds without a provider are skipped
 * with one warning on the instance.
 */
export const instanceAllocateHandler = handle(instanceAllocate, async ({ deploymentId }) => {
  const step = await claimStep({ deploymentId }, instanceAllocate.name);
  if (!step) return;
  const dep = (await deploymentCancelState(pool, deploymentId))!;
  const servers = await newAppServersOfDeployment(pool, deploymentId);
  const routing = await allocateRouting(dep.instanceId);
  await step.complete(async (client) => {
    const skipped: string[] = [];
    if (loadBalancing().provider === 'none') skipped.push('load balancer');
    if (loadBalancing().dns.name === 'none' || routing === 'no-lb') skipped.push('DNS');
    if (skipped.length) {
      if (!(await hasProviderSkipWarning(client, dep.instanceId))) {
        await insertLogLines(client, [
          { target: { instanceId: dep.instanceId }, level: 'WARNING', text: `No provider configured for ${skipped.join(', ')}: skipped.` },
        ]);
      }
    }
    if (dep.cancelledAt) return;
    for (const s of servers) await startPipeline(client, s.id, s.attempt);
  });
});
