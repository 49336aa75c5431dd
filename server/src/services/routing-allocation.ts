import { pool, withTx } from '../db.ts';
import { assignLoadBalancer, leastUsedLoadBalancerId, loadBalancerOfInstance } from '../data/load-balancing-servers.ts';
import { loadInstance } from '../data/instances.ts';
import { markInstanceResourcesDeleting, planResource, resourcesOfInstance } from '../data/provisioned-resources.ts';
import { loadBalancing } from '../load-balancing.ts';
import { deleteInstanceCnames, upsertInstanceCnames } from './dns-records.ts';
import { applyLoadBalancer, backendLedgerName, LB_BACKEND, loadBalancerChanged } from './load-balancers.ts';

/**
 * Allocation's routing part (SPEC §6 step 2): the instance's load balancer, picked once and kept;
 * its backend planned in the ledger and the load balancer's apply enqueued in one transaction
 * (the instance shows the preliminary page until an app server is active); then the CNAMEs of its
 * internal domains → the load balancer. Every part is idempotent, so a retried step redoes it safely.
 * `no-lb` when there is no load balancer to point names at.
 */
export async function allocateRouting(instanceId: string): Promise<'done' | 'no-lb' | 'local'> {
  const lbp = loadBalancing();
  if (lbp.provider === 'local') return 'local';
  if (lbp.provider !== 'haproxy') return 'no-lb';
  const lb = await withTx(async (client) => {
    let current = await loadBalancerOfInstance(client, instanceId);
    if (!current) {
      const candidate = await leastUsedLoadBalancerId(client);
      if (!candidate) return null;
      await assignLoadBalancer(client, instanceId, candidate);
      current = await loadBalancerOfInstance(client, instanceId);
      if (!current) return null;
    }
    await planResource(client, LB_BACKEND, backendLedgerName(current.id, instanceId), { instanceId, appServerId: null });
    await loadBalancerChanged(client, current.id);
    return current;
  });
  if (!lb) throw new Error('No load balancer is configured: add one on the Load balancers page or set DEFAULT_LOAD_BALANCING_SERVER.');
  if (lbp.dns.name === 'none') return 'done';
  const inst = (await loadInstance(pool, instanceId))!;
  const names = [inst.internalLmsDomain, inst.internalStudioDomain, inst.internalPreviewDomain];
  await upsertInstanceCnames(instanceId, names, lb.domain);
  // A domain change while these were written may have rewritten the others before these were present: follow it.
  const now = await loadBalancerOfInstance(pool, instanceId);
  if (now && now.domain !== lb.domain) await upsertInstanceCnames(instanceId, names, now.domain);
  return 'done';
}

/**
 * Archive's routing part (SPEC §5): the instance's backend leaves its load balancer (ledger row
 * deleting, version bumped, applied here and now so the archive knows it is gone), then its CNAMEs
 * are deleted. Returns warnings for the instance's log.
 */
export async function dropInstanceRouting(instanceId: string): Promise<string[]> {
  const lb = await withTx(async (client) => {
    const current = await loadBalancerOfInstance(client, instanceId);
    if (!current) return null;
    await markInstanceResourcesDeleting(client, instanceId, [LB_BACKEND]);
    await loadBalancerChanged(client, current.id);
    return current;
  });
  if (lb && loadBalancing().provider === 'haproxy') {
    await applyLoadBalancer(lb.id);
    const left = (await resourcesOfInstance(pool, instanceId, LB_BACKEND)).filter((r) => r.state !== 'DELETED');
    if (left.length) throw new Error(`The load balancer ${lb.domain} still serves the instance: its apply has not succeeded yet.`);
  }
  return deleteInstanceCnames(instanceId);
}
