import { lbApply, lbResync, lbRetargetCnames } from '../queue.ts';
import { retargetLoadBalancerCnames } from '../services/dns-records.ts';
import { applyLoadBalancer, resyncLoadBalancers } from '../services/load-balancers.ts';
import { handle } from './handlers.ts';

/** One load balancer's apply; a failure is retried by the queue, then by the resync sweep. */
export const lbApplyHandler = handle(lbApply, async ({ loadBalancingServerId }) => {
  await applyLoadBalancer(loadBalancingServerId);
});

export const lbResyncHandler = handle(lbResync, async () => {
  await resyncLoadBalancers();
});

/** After a load balancer's domain changed: its instances' CNAMEs follow; a failure is retried with backoff. */
export const lbRetargetCnamesHandler = handle(lbRetargetCnames, async ({ loadBalancingServerId }) => {
  await retargetLoadBalancerCnames(loadBalancingServerId);
});
