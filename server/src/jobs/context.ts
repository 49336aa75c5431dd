import type pg from 'pg';
import { pool, prisma } from '../db.ts';
import { decryptSecret, hmac } from '../secrets.ts';
import { LocalCompute } from '../integrations/compute/local/index.ts';
import { OpenStackError, VmSpecError } from '../integrations/compute/openstack/index.ts';
import { HostKeyMismatchError } from '../integrations/ssh/index.ts';
import type { ComputeProvider } from '../integrations/compute/types.ts';
import { transitionAppServer } from '../services/transitions.ts';
import { recipeFor } from '../integrations/recipes/index.ts';
import { log } from '../logs.ts';
import type { AppServerState } from '../domain/states.ts';
import { enqueue } from './queue.ts';

// The provider the composition root (product.ts) built for the running product; null when stopped.
let compute: ComputeProvider | null = null;

export function computeProvider(): ComputeProvider {
  if (!compute) throw new Error('no compute provider: the product sets it at start-up');
  return compute;
}

/** Set by product.ts at start and cleared at stop; tests replace it with one using short intervals. */
export function setComputeProvider(provider: ComputeProvider | null): void {
  compute = provider;
}

/** Failures that no retry can fix: a refusal by the provider, a bad spec, a host key mismatch. */
export function isPermanent(e: unknown): boolean {
  if (e instanceof VmSpecError || e instanceof HostKeyMismatchError) return true;
  if (e instanceof OpenStackError) return !e.transient;
  return false;
}

export function localCompute(): LocalCompute | null {
  return compute instanceof LocalCompute ? compute : null;
}

export async function loadAppServer(id: string) {
  return prisma.appServer.findUnique({ where: { id }, include: { server: true, deployment: true, instance: true } });
}
export type LoadedAppServer = NonNullable<Awaited<ReturnType<typeof loadAppServer>>>;

/** A step stops at this checkpoint when the user asked to terminate or cancel. */
export function stopRequested(a: LoadedAppServer): boolean {
  return Boolean(a.terminationRequestedAt || a.deployment.cancelledAt || a.status === 'TERMINATED');
}

export function basicAuthOf(instance: { secretMasterEnc: string }): { user: string; password: string } {
  const master = decryptSecret(instance.secretMasterEnc);
  return { user: hmac(master, 'basic_auth_user').slice(0, 16), password: hmac(master, 'basic_auth_password').slice(0, 16) };
}

export function instanceSecrets(instance: { secretMasterEnc: string; mysqlPasswordEnc: string; mongoPasswordEnc: string; rabbitmqProviderPasswordEnc: string; rabbitmqConsumerPasswordEnc: string }): string[] {
  const auth = basicAuthOf(instance);
  const master = decryptSecret(instance.secretMasterEnc);
  const derived = ['EDXAPP_EDXAPP_SECRET_KEY', 'EDXAPP_JWT_SECRET_KEY', 'EDXAPP_COMMENTS_SERVICE_KEY', 'EDXAPP_PROFILE_IMAGE_SECRET_KEY'].map((n) => hmac(master, n));
  return [
    ...derived,
    master,
    decryptSecret(instance.mysqlPasswordEnc),
    decryptSecret(instance.mongoPasswordEnc),
    decryptSecret(instance.rabbitmqProviderPasswordEnc),
    decryptSecret(instance.rabbitmqConsumerPasswordEnc),
    auth.password,
  ];
}

export async function enqueueStep(client: pg.PoolClient, name: string, appServerId: string, attempt: number, extra: { poll?: number; startAfter?: number } = {}): Promise<void> {
  const key = `${name}:${appServerId}:${attempt}${extra.poll !== undefined ? `:${extra.poll}` : ''}`;
  await enqueue(client, name, { appServerId, ...(extra.poll !== undefined ? { poll: extra.poll } : {}) }, { singletonKey: key, startAfter: extra.startAfter });
}

/**
 * Fails the app server (Error or ConfigurationFailed) and lets the deployment decide what next.
 * A ConfigurationFailed server keeps its VM for debugging, so its services are stopped (SPEC §6.1).
 */
export async function failAppServer(client: pg.PoolClient, a: { id: string; deploymentId: string; status: string }, to: 'ERROR' | 'CONFIGURATION_FAILED', reason: string): Promise<void> {
  await transitionAppServer(client, a.id, a.status as AppServerState, to, { failureReason: reason });
  await enqueue(client, 'deployment.evaluate', { deploymentId: a.deploymentId }, { singletonKey: `deployment.evaluate:${a.deploymentId}:${a.id}:${to}` });
  if (to === 'CONFIGURATION_FAILED') await enqueue(client, 'appserver.stopServices', { appServerId: a.id }, { singletonKey: `appserver.stopServices:${a.id}:failed` });
}

const SERVICES_TIMEOUT_MS = 120_000;

/**
 * Runs the recipe's `services start|stop` on the app server's machine and logs what it printed
 * on the app server. Returns null on success, else why it failed (the end of its output).
 */
export async function runRecipeServices(
  appServer: { id: string; recipe: string },
  server: { id: string; name: string; externalId: string | null; publicIp: string | null; httpPort: number; sshPort: number; hostKey?: string | null },
  action: 'start' | 'stop',
): Promise<string | null> {
  const command = recipeFor(appServer.recipe).services(action);
  if (!command) return null;
  let host: ReturnType<ComputeProvider['host']> | null = null;
  try {
    host = computeProvider().host(server);
    const r = await host.exec(command, { inWorkDir: true, timeoutMs: SERVICES_TIMEOUT_MS });
    const output = `${r.stdout}${r.stderr}`.trim();
    for (const line of output.split('\n').filter(Boolean).slice(-20)) log.write({ appServerId: appServer.id }, r.code === 0 ? 'INFO' : 'ERROR', `services ${action}: ${line}`);
    if (r.code === 0) return null;
    return `services ${action} exited with ${r.code ?? 'a signal'}${output ? `: ${output.split('\n').slice(-5).join(' / ')}` : ''}`;
  } catch (e) {
    log.write({ appServerId: appServer.id }, 'ERROR', `services ${action}: ${describeError(e)}`);
    return `services ${action} failed: ${describeError(e)}`;
  } finally {
    await host?.close();
    await log.flush();
  }
}

export async function appServerStatus(id: string): Promise<string | null> {
  return (await pool.query(`SELECT status FROM app_server WHERE id = $1`, [id])).rows[0]?.status ?? null;
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

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
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
