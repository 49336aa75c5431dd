import type { DnsProvider } from './integrations/dns/index.ts';
import { noDns } from './integrations/dns/index.ts';
import type { LoadBalancerApplier, PreliminaryPage } from './integrations/lb/haproxy/index.ts';

// What the composition root (product.ts) built for routing traffic to instances: the load
// balancer provider in effect (SPEC §9.4, which may depend on the database, hence not config
// alone) and the DNS provider (§9.5). Below services and jobs, like compute.ts.

export interface LoadBalancing {
  provider: 'local' | 'haproxy' | 'none';
  /** An applier for one load balancer, connecting as its SSH user, pinning its host key on first use. */
  applierFor(lb: { id: string; domain: string; sshUsername: string; hostKey: string | null }): LoadBalancerApplier;
  fragmentNamePrefix: string;
  preliminary?: PreliminaryPage;
  dns: DnsProvider;
  dnsRecordTtl: number;
}

let current: LoadBalancing | null = null;

const NONE: LoadBalancing = {
  provider: 'none',
  applierFor: () => {
    throw new Error('no load balancer provider configured');
  },
  fragmentNamePrefix: 'im-',
  dns: noDns(),
  dnsRecordTtl: 1200,
};

export function loadBalancing(): LoadBalancing {
  return current ?? NONE;
}

/** Set by product.ts at start and cleared at stop; tests may replace parts (the DNS client's retry delays). */
export function setLoadBalancing(value: LoadBalancing | null): void {
  current = value;
}
