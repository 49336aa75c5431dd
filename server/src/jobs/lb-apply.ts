import { lbApply, lbResync } from '../queue.ts';
import { applyLoadBalancer, resyncLoadBalancers } from '../services/load-balancers.ts';
import { handle } from './handlers.ts';

/** One load balancer's apply; a failure is retried by the queue, then by the resync sweep. */
export const lbApplyHandler = handle(lbApply, async ({ loadBalancingServerId }) => {
  await applyLoadBalancer(loadBalancingServerId);
});

export const lbResyncHandler = handle(lbResync, async () => {
  await resyncLoadBalancers();
});
