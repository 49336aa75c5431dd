import { pool } from '../db.ts';
import { newAppServersOfDeployment } from '../data/app-servers.ts';
import { deploymentCancelState, recordFailureReason } from '../data/deployments.ts';
import { hasProviderSkipWarning } from '../data/log-entries.ts';
import { insertLogLines } from '../logs.ts';
import { instanceAllocate } from '../queue.ts';
import { handle } from './handlers.ts';
import { startPipeline } from './pipeline.ts';
import { claimStep, type StepRun } from './step.ts';
import { describeError } from '../errors.ts';
import { failAppServer, givesUp } from './context.ts';
import { allocatePersistentData, PersistentAllocationRefused } from './persistent-data.ts';
import { loadBalancing } from '../load-balancing.ts';
import { DnsError } from '../integrations/dns/index.ts';
import { allocateRouting } from '../services/routing-allocation.ts';

/**
 * Step 2: each resource the instance lacks. With the local provider the built-in load balancer
 * routes by Host header and needs nothing allocated; with haproxy the instance gets its load
 * balancer and its CNAMEs (services/routing-allocation.ts); kinds without a provider are skipped
 * with one warning on the instance.
 */
export const instanceAllocateHandler = handle(instanceAllocate, async ({ deploymentId }, job) => {
  const step = await claimStep({ deploymentId }, instanceAllocate.name);
  if (!step) return;
  const dep = (await deploymentCancelState(pool, deploymentId))!;
  const servers = await newAppServersOfDeployment(pool, deploymentId);
  // PERSISTENT data (SPEC §8): outside calls before the step's transaction, each through the ledger.
  let persistentSkipped: string[] = [];
  if (!dep.cancelledAt) {
    try {
      persistentSkipped = await allocatePersistentData(deploymentId, dep.instanceId);
    } catch (e) {
      if (!(e instanceof PersistentAllocationRefused) && !givesUp(e, job, instanceAllocate.options.retryLimit)) throw e;
      await failAllocation(step, deploymentId, servers, describeError(e));
      return;
    }
  }
  let routing: Awaited<ReturnType<typeof allocateRouting>>;
  try {
    routing = await allocateRouting(dep.instanceId);
  } catch (e) {
    // A refusal no retry fixes (wrong key, no such zone) fails now; a transient one is retried
    // with the queue's backoff until the step's deadline or the last retry, then fails with its reason.
    const permanent = e instanceof DnsError && !e.transient;
    const lastTry =
      (job?.retryCount ?? 0) >= (instanceAllocate.options.retryLimit ?? 0) || (step.row.deadline !== null && Date.now() > step.row.deadline.getTime());
    if (!permanent && !lastTry) throw e;
    const reason =
      e instanceof DnsError
        ? `DNS (${loadBalancing().dns.name}) ${permanent ? 'refused' : 'kept failing to write'} the instance's CNAMEs: ${describeError(e)}`
        : describeError(e);
    await failAllocation(step, deploymentId, servers, reason);
    return;
  }
  await step.complete(async (client) => {
    const skipped: string[] = [];
    if (loadBalancing().provider === 'none') skipped.push('load balancer');
    if (loadBalancing().dns.name === 'none' || routing === 'no-lb') skipped.push('DNS');
    skipped.push(...persistentSkipped);
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

/** The step fails with `reason`, on the deployment and on each of its new app servers (which ends the deployment). */
async function failAllocation(step: StepRun, deploymentId: string, servers: { id: string }[], reason: string): Promise<void> {
  await step.fail(reason, async (client) => {
    await recordFailureReason(client, deploymentId, reason);
    for (const s of servers) await failAppServer(client, { id: s.id, deploymentId, status: 'NEW' }, 'ERROR', reason);
  });
}
