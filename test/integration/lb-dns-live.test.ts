/**
 * Going live end to end on the fake cloud: app servers provisioned on fake OpenStack VMs by the
 * Ansible recipe, Debian's real HAProxy on a load-balancer VM configured over its sshd by the
 * product (fragment, map, `deploy/haproxy-config`), and the Gandi LiveDNS fake holding the CNAMEs.
 * One instance switches app servers; two instances are activated at the same moment on one load
 * balancer; archive drops the backend and the records.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { createAndSpawn, spawnAppServer } from '../helpers/suite.ts';
import { openStackSuiteReady, startOpenStackEnv, type OpenStackEnv } from '../helpers/openstack-env.ts';
import { lbSuiteReady, startLbVm, type LbVm } from '../helpers/lb-vm.ts';
import { until } from '../helpers/crash.ts';
import { FakeGandi } from '../fakes/gandi/index.ts';

const ready = openStackSuiteReady('the load balancer and DNS live suite') && lbSuiteReady('the load balancer and DNS live suite');
const work = mkdtempSync(path.join(tmpdir(), 'im-live-'));
chmodSync(work, 0o755);
const TOKEN = 'gandi-token-going-live';
const gandi = new FakeGandi({ domains: ['example.com'], tokens: [TOKEN] });
let cloud: OpenStackEnv;
let lb: LbVm;
let signedIn: SignedInApp;
let api: GqlClient;
let db: pg.Client;

beforeAll(async () => {
  if (!ready) return;
  await gandi.start();
  cloud = await startOpenStackEnv(work);
  withStandInSupervisor(work);
  lb = await startLbVm(cloud.fake.keypairs.get('instance-manager')!);
  signedIn = await startSignedInApp({
    env: { ...cloud.env, ...lb.env, DNS_PROVIDER: 'gandi', GANDI_API_KEY: TOKEN, GANDI_API_URL: gandi.url },
  });
  ({ api, db } = signedIn);
}, 180_000);

afterAll(async () => {
  await signedIn?.close();
  await lb?.stop();
  await cloud?.stop();
  await gandi.stop();
  rmSync(work, { recursive: true, force: true });
});

/**
 * The Ansible recipe starts and stops its workers with `sudo supervisorctl` on activation: the
 * test site gets a stand-in, found through sudo's path in the VM's own sudoers.d.
 */
function withStandInSupervisor(dir: string): void {
  const repo = path.join(dir, 'configuration');
  const site = path.join(repo, 'playbooks', 'site.yml');
  appendFileSync(
    site,
    `    - name: Stand-in programs directory
      file: { path: "{{ vm_home }}/sbin", state: directory, mode: "0755" }
    - name: Stand-in supervisorctl
      copy: { dest: "{{ vm_home }}/sbin/supervisorctl", content: "#!/bin/sh\\necho supervisorctl \\"$@\\"\\n", mode: "0755" }
    - name: sudo finds it
      become: true
      copy:
        dest: /etc/sudoers.d/zz-im-test-path
        mode: "0440"
        content: "Defaults secure_path=\\"{{ vm_home }}/sbin:/usr/sbin:/usr/bin:/sbin:/bin\\"\\n"
`,
  );
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    });
  git('checkout', '-q', 'main');
  git('commit', '-q', '-am', 'stand-in supervisorctl');
  const bundle = path.join(dir, 'configuration.bundle');
  rmSync(bundle);
  git('bundle', 'create', '-q', bundle, '--all');
  chmodSync(bundle, 0o644);
}

async function steady(appServerId: string): Promise<void> {
  const row = await until(
    'the app server to turn steady',
    async () => {
      const r = await db.query(`SELECT status, "failureReason" FROM app_server WHERE id = $1`, [rawId(appServerId)]);
      return ['RUNNING', 'ERROR', 'CONFIGURATION_FAILED'].includes(r.rows[0]?.status) ? r.rows[0] : null;
    },
    240_000,
  );
  expect(row.status, row.failureReason ?? '').toBe('RUNNING');
}

async function activate(appServerId: string): Promise<void> {
  const r = await api.request(`mutation($id: ID!) { activateAppServer(id: $id, force: true) { __typename ... on Error { message } } }`, { id: appServerId });
  expect(r.data?.activateAppServer, JSON.stringify(r)).toMatchObject({ __typename: 'MutationActivateAppServerSuccess' });
}

async function deactivate(appServerId: string): Promise<void> {
  const r = await api.request(`mutation($id: ID!) { deactivateAppServer(id: $id) { __typename ... on Error { message } } }`, { id: appServerId });
  expect(r.data?.deactivateAppServer, JSON.stringify(r)).toMatchObject({ __typename: 'MutationDeactivateAppServerSuccess' });
}

/** Waits until HAProxy answers `host` with a page containing `text`. */
function servedThrough(host: string, text: string) {
  return until(`${host} to serve "${text}" through HAProxy`, async () => {
    const r = await lb.get(host).catch(() => null);
    return r && r.status === 200 && r.body.includes(text) ? r : null;
  });
}

function lbSettled() {
  return until('the load balancer to apply the latest version', async () => {
    const r = await db.query(`SELECT "configurationVersion", "deployedConfigurationVersion", "lastError" FROM load_balancing_server`);
    return r.rows[0] && r.rows[0].deployedConfigurationVersion >= r.rows[0].configurationVersion ? r.rows[0] : null;
  });
}

describe.skipIf(!ready)('going live: HAProxy and DNS', () => {
  it('serves an instance through HAProxy from spawn to switch, two activations at once both land, archive drops the backend and the CNAMEs', async () => {
    const lbRow = (await db.query(`SELECT domain, "sshUsername", "fragmentNamePostfix" FROM load_balancing_server`)).rows;
    expect(lbRow).toEqual([{ domain: lb.vm.address, sshUsername: 'ubuntu', fragmentNamePostfix: expect.stringMatching(/^[0-9a-f]{8}$/) }]);

    // Gandi fails some writes: the client's retries carry allocation through.
    gandi.failNext(1, 502, { methods: ['PUT'] });
    gandi.rateLimitNext(1, 1);
    const a = await createAndSpawn(api, 'alpha', {}, 'Alpha One');
    const b = await createAndSpawn(api, 'bravo', {}, 'Bravo');
    await Promise.all([steady(a.appServerId), steady(b.appServerId)]);

    for (const sub of ['alpha', 'bravo']) {
      for (const name of [sub, `studio-${sub}`, `preview-${sub}`])
        expect(gandi.record('example.com', name), name).toMatchObject({ values: [`${lb.vm.address}.`], ttl: 1200 });
    }
    expect(gandi.requests.some((r) => r.status === 502)).toBe(true);
    expect(gandi.requests.some((r) => r.status === 429)).toBe(true);
    const dnsLedger = await db.query(`SELECT name, state FROM provisioned_resource WHERE kind = 'dns-cname' ORDER BY name`);
    expect(dnsLedger.rows.map((r) => r.state)).toEqual(Array(6).fill('PRESENT'));

    // Nothing active yet: no map line, HAProxy answers 503 (no preliminary page configured).
    await lbSettled();
    expect((await lb.get('alpha.example.com')).status).toBe(503);

    // Two activations at the same moment on one load balancer: both end up in the map.
    await Promise.all([activate(a.appServerId), activate(b.appServerId)]);
    await servedThrough('alpha.example.com', 'Alpha One');
    await servedThrough('bravo.example.com', 'Bravo');
    await servedThrough('STUDIO-bravo.example.com:80', 'Bravo');
    const settled = await lbSettled();
    expect(settled.lastError).toBeNull();
    // The load balancer's host key was pinned on the first apply (trust on first use), as a line `ssh-… AAAA…`.
    const pinned = await db.query(`SELECT "hostKey" FROM load_balancing_server`);
    expect(pinned.rows[0].hostKey).toMatch(/^(ssh|ecdsa)-\S+ AAAA/);
    const map = await lb.installedMap();
    for (const domain of ['alpha.example.com', 'studio-alpha.example.com', 'preview-alpha.example.com', 'bravo.example.com'])
      expect(map).toContain(`${domain} be-`);

    // The instance shows the CNAME target for its external domains.
    const shown = await api.request(`query($id: ID!) { instance(id: $id) { cnameTarget } }`, { id: a.instanceId });
    expect(shown.data.instance.cnameTarget).toBe(`${lb.vm.address}.`);

    // A new app server with a changed name, then the switch: traffic reaches the new one.
    const renamed = await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Alpha Two"}) { __typename } }`, { id: a.instanceId });
    expect(renamed.data.updateInstance.__typename).toBe('MutationUpdateInstanceSuccess');
    const next = await spawnAppServer(api, a.instanceId);
    await steady(next.appServerId);
    await activate(next.appServerId);
    await deactivate(a.appServerId);
    await servedThrough('alpha.example.com', 'Alpha Two');
    await lbSettled();
    for (let i = 0; i < 4; i++) expect((await lb.get('alpha.example.com')).body).toContain('Alpha Two');

    // Archive: the backend leaves the load balancer and the CNAMEs go; the other instance stays.
    const archived = await api.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, { id: a.instanceId });
    expect(archived.data.archiveInstance.__typename).toBe('MutationArchiveInstanceSuccess');
    await until(
      'the archive to finish',
      async () => (await db.query(`SELECT "archivedAt" FROM instance WHERE id = $1`, [rawId(a.instanceId)])).rows[0].archivedAt,
      180_000,
    );
    for (const name of ['alpha', 'studio-alpha', 'preview-alpha']) expect(gandi.record('example.com', name), name).toBeUndefined();
    expect(gandi.record('example.com', 'bravo')).toBeDefined();
    expect((await lb.get('alpha.example.com')).status).toBe(503);
    expect((await lb.get('bravo.example.com')).body).toContain('Bravo');
    expect(await lb.installedMap()).not.toContain('alpha.example.com');
    const left = await db.query(
      `SELECT kind, name, state FROM provisioned_resource WHERE "instanceId" = $1 AND kind IN ('dns-cname', 'lb-backend') AND state <> 'DELETED'`,
      [rawId(a.instanceId)],
    );
    expect(left.rows).toEqual([]);
  }, 900_000);
});
