import type pg from 'pg';
import { pool, prisma } from '../db.ts';
import { decryptSecret, hmac } from '../secrets.ts';
import { config } from '../settings.ts';
import type { Config } from '../config.ts';
import { readFileSync } from 'node:fs';
import { LocalCompute } from '../integrations/compute/local/index.ts';
import { openStackComputeFromConfig, OpenStackError, VmSpecError } from '../integrations/compute/openstack/index.ts';
import { HostKeyMismatchError } from '../integrations/ssh/index.ts';
import type { ComputeProvider } from '../integrations/compute/types.ts';
import { transitionAppServer } from '../services/transitions.ts';
import type { AppServerState } from '../domain/states.ts';
import { enqueue } from './queue.ts';

let compute: ComputeProvider | null = null;

export function computeProvider(): ComputeProvider {
  if (!compute) compute = buildComputeProvider(config());
  return compute;
}

/** The provider COMPUTE_PROVIDER names; `overrides` tune OpenStack polling (tests use short intervals). */
export function buildComputeProvider(cfg: Config, overrides: Parameters<typeof openStackComputeFromConfig>[1] = {}): ComputeProvider {
  if (cfg.computeProvider !== 'openstack') return new LocalCompute(cfg.dataDir);
  return openStackComputeFromConfig(cfg, {
    ...overrides,
    ssh: {
      username: cfg.sandboxSshUsername,
      privateKey: () => cfg.sshPrivateKey ?? readFileSync(cfg.sshPrivateKeyFile, 'utf8'),
      // Trust on first use only when no key was injected; a later change is refused by SSH.
      onFirstHostKey: async (server, publicKey) => {
        await pool.query(`UPDATE server SET "hostKey" = $2, "updatedAt" = now() WHERE id = $1 AND "hostKey" IS NULL`, [server.id, publicKey]);
      },
    },
  });
}

/** Replaces the provider (tests that point it at a fake with short intervals). */
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

/** Fails the app server (Error or ConfigurationFailed) and lets the deployment decide what next. */
export async function failAppServer(client: pg.PoolClient, a: { id: string; deploymentId: string; status: string }, to: 'ERROR' | 'CONFIGURATION_FAILED', reason: string): Promise<void> {
  await transitionAppServer(client, a.id, a.status as AppServerState, to, { failureReason: reason });
  await enqueue(client, 'deployment.evaluate', { deploymentId: a.deploymentId }, { singletonKey: `deployment.evaluate:${a.deploymentId}:${a.id}:${to}` });
}

export async function appServerStatus(id: string): Promise<string | null> {
  return (await pool.query(`SELECT status FROM app_server WHERE id = $1`, [id])).rows[0]?.status ?? null;
}

/** Whether a step should stop retrying: the error is permanent, or this was the last retry. */
export function givesUp(e: unknown, job: { retryCount?: number } | undefined, retryLimit: number | undefined): boolean {
  return isPermanent(e) || (job?.retryCount ?? 0) >= (retryLimit ?? 0);
}

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
