import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from '../helpers/app.ts';
import { rawId, waitFor, waitForAppServerStatus, type GqlClient } from '../helpers/graphql.ts';
import { TERMINATE_APP_SERVER } from '../helpers/documents.ts';
import { createAndSpawn, createInstance, spawnAppServer } from '../helpers/suite.ts';
import type { FakeOpenStack } from '../fakes/openstack/index.ts';
import { openStackSuiteReady, startOpenStackEnv, type OpenStackEnv } from '../helpers/openstack-env.ts';
import { generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';
import { hostKeyUserData } from '../../server/src/integrations/compute/openstack/index.ts';
import { setComputeProvider } from '../../server/src/compute.ts';
import { composeComputeProvider } from '../../server/src/product.ts';
import { config } from '../../server/src/settings.ts';

// The real pipeline on OpenStack: the wire-level fake answers Nova, Glance, Neutron and Keystone;
// each VM it boots is a real sshd in its own network namespace with the injected host key; the
// default recipe clones a configuration repository made here and runs its playbook with Ansible.
const ready = openStackSuiteReady('the OpenStack pipeline suite');
const work = mkdtempSync(path.join(tmpdir(), 'im-openstack-'));
chmodSync(work, 0o755);
let cloud: OpenStackEnv;
let fake: FakeOpenStack;
let signedIn: SignedInApp;
let app: TestApp;
let api: GqlClient;
let db: pg.Client;

beforeAll(async () => {
  if (!ready) return;
  cloud = await startOpenStackEnv(work);
  fake = cloud.fake;
  signedIn = await startSignedInApp({ env: cloud.env });
  ({ app, api, db } = signedIn);
  setComputeProvider(composeComputeProvider(config(), { stopPollIntervalMs: 100 }));
}, 120_000);

afterAll(async () => {
  await signedIn?.close();
  await cloud?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!ready)('provisioning on OpenStack over SSH', () => {
  it('creates the VM, runs the Ansible recipe over SSH, reboots, passes the heartbeat, and terminates', async () => {
    const { instanceId, appServerId } = await createAndSpawn(api, 'cloud', {}, 'Cloud site');
    await waitFor(
      api,
      instanceId,
      async () => {
        const r = await api.request(`query($id: ID!) { appServer(id: $id) { isSteady status } }`, { id: appServerId });
        return r.data.appServer.isSteady && r.data.appServer.status !== 'NEW';
      },
      'a steady app server',
      180_000,
    );
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 1000).catch(async (e) => {
      const logs = await api.request(`query($id: ID!) { logEntries(target: $id) { level text } }`, { id: appServerId });
      throw new Error(`${e.message}\n${logs.data.logEntries.map((l: any) => `${l.level} ${l.text}`).join('\n')}`);
    });

    expect(fake.servers).toHaveLength(1);
    const vm = fake.servers[0];
    expect(vm.name).toBe('edxapp-cloud-example-com-1');
    expect(vm.metadata).toMatchObject({ 'im-installation': 'im' });
    const server = await api.request(`query($id: ID!) { appServer(id: $id) { url server { status publicIp provider externalId } } }`, { id: appServerId });
    expect(server.data.appServer.server).toMatchObject({ status: 'READY', provider: 'openstack', externalId: vm.id });
    const page = await fetch(`http://${server.data.appServer.server.publicIp}/`);
    expect(await page.text()).toContain('<h1>Cloud site</h1>');

    const logs = await api.request(`query($id: ID!) { logEntries(target: $id, limit: 2000) { level text } }`, { id: appServerId });
    const texts = logs.data.logEntries.map((l: any) => l.text.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(texts.some((t: string) => t.includes('site installed for cloud.example.com'))).toBe(true);
    expect(texts).toContain('Server status: Ready → Booting');
    expect(texts).toContain('Status: ConfiguringServer → Running');
    // Secrets of the instance never reach the log.
    const secrets = await db.query(`SELECT "hostPrivateKeyEnc" FROM server`);
    expect(secrets.rows[0].hostPrivateKeyEnc).toBeNull();
    const groups = fake.securityGroups.map((g) => g.name);
    expect(groups).toContain('edxapp-appserver');
    const ledger = await db.query(`SELECT kind, state FROM provisioned_resource WHERE kind = 'vm'`);
    expect(ledger.rows).toEqual([{ kind: 'vm', state: 'PRESENT' }]);

    const terminated = await api.request(TERMINATE_APP_SERVER, { id: appServerId });
    expect(terminated.data.terminateAppServer.__typename).toBe('MutationTerminateAppServerSuccess');
    await waitForAppServerStatus(api, instanceId, appServerId, 'TERMINATED', 60_000);
    expect(fake.servers.filter((s) => s.status !== 'DELETED')).toHaveLength(0);
  }, 240_000);
});

/** Creates an instance, lets `prepare` change its row, spawns, and waits until the app server is steady. */
async function spawnUntilSteady(subDomain: string, prepare?: (instanceId: string) => Promise<void>, options: Record<string, unknown> = {}) {
  const instanceId = await createInstance(api, subDomain);
  await prepare?.(rawId(instanceId));
  const { deploymentId } = await spawnAppServer(api, instanceId, options);
  await waitFor(
    api,
    instanceId,
    async () => {
      const r = await api.request(`query($id: ID!) { node(id: $id) { ... on Deployment { status } } }`, { id: deploymentId });
      return !['QUEUED', 'PROVISIONING'].includes(r.data.node.status);
    },
    'the deployment to finish',
    120_000,
  );
  const d = await api.request(`query($id: ID!) { node(id: $id) { ... on Deployment { status appServers { id status failureReason server { status } } } } }`, {
    id: deploymentId,
  });
  return { instanceId, deployment: d.data.node };
}

describe.skipIf(!ready)('provisioning failures on OpenStack', () => {
  it.each([
    ['an unknown flavor', 'flavor', '{"name": "m9.huge"}', /flavor/i],
    ['an image that does not exist', 'image', '{"name": "Windows 95"}', /image/i],
    ['a malformed flavor spec', 'flavor', '{ram: 4096', /not valid JSON/],
  ])('refuses %s before creating anything', async (_what, column, spec, message) => {
    const before = { servers: fake.servers.length, posts: fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/servers')).length };
    const { deployment } = await spawnUntilSteady(`bad-${column}-${before.posts}-${spec.length}`, async (id) => {
      await db.query(`UPDATE instance SET ${column} = $2 WHERE id = $1`, [id, spec]);
    });
    expect(deployment.status).toBe('FAILED');
    expect(deployment.appServers[0].status).toBe('ERROR');
    expect(deployment.appServers[0].failureReason).toMatch(message);
    expect(fake.servers.length).toBe(before.servers);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/servers')).length).toBe(before.posts);
    const ledger = await db.query(`SELECT count(*)::int AS n FROM provisioned_resource r JOIN app_server a ON a.id = r."appServerId" WHERE a.id = $1`, [
      rawId(deployment.appServers[0].id),
    ]);
    expect(ledger.rows[0].n).toBe(0);
  });

  it('a failing playbook gives ConfigurationFailed with the end of its output in the reason', async () => {
    const { deployment } = await spawnUntilSteady('broken', async (id) => {
      await db.query(`UPDATE instance SET "configurationVersion" = 'broken' WHERE id = $1`, [id]);
    });
    const a = deployment.appServers[0];
    expect(a.status, a.failureReason).toBe('CONFIGURATION_FAILED');
    expect(a.failureReason).toMatch(/the recipe exited with code \d+; its last lines:/);
    expect(a.failureReason).toMatch(/Break on purpose/);
    // The VM stays for debugging until it is terminated.
    expect(a.server.status).toBe('READY');
  });

  it('a VM that presents another host key than the injected one is refused', async () => {
    const original = fake.onServerActive;
    fake.onServerActive = (server, boot) =>
      original(server, server.name.includes('impostor') ? { ...boot, userData: Buffer.from(hostKeyUserData(generateHostKeyPair())).toString('base64') } : boot);
    try {
      const { deployment } = await spawnUntilSteady('impostor');
      expect(deployment.appServers[0].status).toBe('ERROR');
      expect(deployment.appServers[0].failureReason).toMatch(/host key/);
    } finally {
      fake.onServerActive = original;
    }
  });

  it('a VM the cloud fails to build is retried as a new app server when attempts are left', async () => {
    fake.failNextBoot();
    const { deployment } = await spawnUntilSteady('retried', undefined, { numAttempts: 2 });
    expect(deployment.status).toBe('HEALTHY');
    expect(deployment.appServers.map((a: any) => a.status)).toEqual(['ERROR', 'RUNNING']);
    expect(deployment.appServers[0].failureReason).toMatch(/No valid host was found/);
    expect(deployment.appServers[0].server.status).toBe('BUILD_FAILED');
  });

  it('fails an app server whose VM does not boot within VM_BOOT_TIMEOUT', async () => {
    const options = fake.options as { bootDelayMs: number };
    const saved = { delay: options.bootDelayMs, timeout: config().vmBootTimeout };
    options.bootDelayMs = 60_000;
    config().vmBootTimeout = 1;
    try {
      const { deployment } = await spawnUntilSteady('slowboot');
      expect(deployment.appServers[0].status).toBe('ERROR');
      expect(deployment.appServers[0].failureReason).toMatch(/did not boot within 1 s/);
    } finally {
      options.bootDelayMs = saved.delay;
      config().vmBootTimeout = saved.timeout;
    }
  });
});
