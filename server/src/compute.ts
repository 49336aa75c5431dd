import { LocalCompute } from './integrations/compute/local/index.ts';
import type { ComputeProvider } from './integrations/compute/types.ts';

// The provider the composition root (product.ts) built for the running product; null when
// stopped. Below services and jobs, which both drive app servers through it.
let compute: ComputeProvider | null = null;

export function computeProvider(): ComputeProvider {
  if (!compute) throw new Error('no compute provider: the product sets it at start-up');
  return compute;
}

/** Set by product.ts at start and cleared at stop; tests replace it with one using short intervals. */
export function setComputeProvider(provider: ComputeProvider | null): void {
  compute = provider;
}

export function localCompute(): LocalCompute | null {
  return compute instanceof LocalCompute ? compute : null;
}
