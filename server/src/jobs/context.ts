import type pg from 'pg';
import { pool } from '../db.ts';
import { loadAppServerWithRelations } from '../data/app-servers.ts';
import { OpenStackError, VmSpecError } from '../integrations/compute/openstack/index.ts';
import { HostKeyMismatchError } from '../integrations/ssh/index.ts';
import { transitionAppServer } from '../services/transitions.ts';
import type { AppServerState } from '../domain/states.ts';
import { appServerStopServices, deploymentEvaluate, enqueue, notificationSend } from '../queue.ts';

/** Failures that no retry can fix: a refusal by the provider, a bad spec, a host key mismatch. */
export function isPermanent(e: unknown): boolean {
  if (e instanceof VmSpecError || e instanceof HostKeyMismatchError) return true;
  if (e instanceof OpenStackError) return !e.transient;
  return false;
}

export async function loadAppServer(id: string) {
  return loadAppServerWithRelations(pool, id);
}
export type LoadedAppServer = NonNullable<Awaited<ReturnType<typeof loadAppServer>>>;

/** A step stops at this checkpoint when the user asked to terminate or cancel. */
export function stopRequested(a: LoadedAppServer): boolean {
  return Boolean(a.terminationRequestedAt || a.deployment.cancelledAt || a.status === 'TERMINATED');
}

/**
 * Fails the app server (Error or ConfigurationFailed) and lets the deployment decide what next.
 * A ConfigurationFailed server keeps its VM for debugging, so its services are stopped (SPEC §6.1).
 */
export async function failAppServer(
  client: pg.PoolClient,
  a: { id: string; deploymentId: string; status: string },
  to: 'ERROR' | 'CONFIGURATION_FAILED',
  reason: string,
): Promise<void> {
  await transitionAppServer(client, a.id, a.status as AppServerState, to, { failureReason: reason });
  await enqueue(client, deploymentEvaluate, { deploymentId: a.deploymentId, appServerId: a.id, outcome: to });
  if (to === 'CONFIGURATION_FAILED') await enqueue(client, appServerStopServices, { appServerId: a.id });
  await enqueue(client, notificationSend, { kind: 'appServerFailed', appServerId: a.id });
}

/**
 * Whether a step should stop retrying an outside call: the error is permanent, or the step's
 * deadline passed (SPEC §6.1: transient errors are retried with backoff inside the deadline).
 */
export function givesUpBy(e: unknown, deadlineMs: number): boolean {
  return isPermanent(e) || Date.now() > deadlineMs;
}

/** Whether a step should stop retrying: the error is permanent, or this was the last retry. */
export function givesUp(e: unknown, job: { retryCount?: number } | undefined, retryLimit: number | undefined): boolean {
  return isPermanent(e) || (job?.retryCount ?? 0) >= (retryLimit ?? 0);
}

/** SPEC §13: a VM the provider answers 404 for is gone only when a second check ≥ 5 min later agrees. */
export const VANISHED_AFTER_MS = 5 * 60_000;

/** Where a 404 stands: `first` (start counting), `waiting` (seen < 5 min ago), `gone`. */
export function vanishedFor(notFoundSince: number | undefined, now = Date.now()): 'first' | 'waiting' | 'gone' {
  if (notFoundSince === undefined || notFoundSince === null) return 'first';
  return now - notFoundSince >= VANISHED_AFTER_MS ? 'gone' : 'waiting';
}

/** Pause before the next poll of a provider that did not answer `failures` times in a row: 5 s doubling to 60 s. */
export function unreachableBackoff(failures: number): number {
  return Math.min(60, 5 * 2 ** Math.max(0, failures - 1));
}
