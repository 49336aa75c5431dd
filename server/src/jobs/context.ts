import type pg from 'pg';
import { pool, prisma } from '../db.ts';
import { decryptSecret, hmac } from '../secrets.ts';
import { config } from '../settings.ts';
import { LocalCompute } from '../integrations/compute/local/index.ts';
import type { ComputeProvider } from '../integrations/compute/types.ts';
import { transitionAppServer } from '../services/transitions.ts';
import type { AppServerState } from '../domain/states.ts';
import { enqueue } from './queue.ts';

let compute: ComputeProvider | null = null;

export function computeProvider(): ComputeProvider {
  if (!compute) {
    if (config().computeProvider !== 'local') throw new Error('COMPUTE_PROVIDER=openstack is not available yet');
    compute = new LocalCompute(config().dataDir);
  }
  return compute;
}

export function localCompute(): LocalCompute | null {
  const c = computeProvider();
  return c instanceof LocalCompute ? c : null;
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
  return [
    decryptSecret(instance.secretMasterEnc),
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

/** Fails the app server (Error or ConfigurationFailed) and lets the deployment decide what next. */
export async function failAppServer(client: pg.PoolClient, a: { id: string; deploymentId: string; status: string }, to: 'ERROR' | 'CONFIGURATION_FAILED', reason: string): Promise<void> {
  await transitionAppServer(client, a.id, a.status as AppServerState, to, { failureReason: reason });
  await enqueue(client, 'deployment.evaluate', { deploymentId: a.deploymentId }, { singletonKey: `deployment.evaluate:${a.deploymentId}:${a.id}:${to}` });
}

export async function appServerStatus(id: string): Promise<string | null> {
  return (await pool.query(`SELECT status FROM app_server WHERE id = $1`, [id])).rows[0]?.status ?? null;
}
