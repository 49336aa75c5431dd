import type { Notifier } from './notifications/index.ts';

// The Notifier the composition root (product.ts) built for the running product; null when
// stopped. Below services and jobs, which both raise notifications through it.
let current: Notifier | null = null;

/** Null while no product runs (a CLI command, a unit test): callers then have nobody to tell. */
export function notifier(): Notifier | null {
  return current;
}

/** Set by product.ts at start and cleared at stop; tests set one with their own mailer. */
export function setNotifier(n: Notifier | null): void {
  current = n;
}
