import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlClient, rawId, type GqlClient } from '../helpers/graphql.ts';
import { createInstance } from '../helpers/suite.ts';
import { until } from '../helpers/crash.ts';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';
import { resyncLoadBalancers } from '../../server/src/services/load-balancers.ts';
import { composeLoadBalancing } from '../../server/src/product.ts';
import { loadConfig } from '../../server/src/config.ts';
import { FakeGandi } from '../fakes/gandi/index.ts';

// The load balancers' API and bookkeeping without a load balancer that answers: an SSH port that
// closes every connection stands for one that is down, so applies fail and say so.
const LIST = `{ loadBalancingServers { id domain sshUsername fragmentNamePostfix configurationVersion deployedConfigurationVersion lastError cnameTarget instanceCount } }`;
const CREATE = `mutation($input: CreateLoadBalancingServerInput!) { createLoadBalancingServer(input: $input) {
  __typename ... on MutationCreateLoadBalancingServerSuccess { data { id domain fragmentNamePostfix } } ... on ValidationError { field message } } }`;
const DELETE = `mutation($id: ID!) { deleteLoadBalancingServer(id: $id) { __typename ... on Error { message } } }`;
const REVEAL = `mutation($id: ID!) { revealInstanceBasicAuth(id: $id) { __typename ... on MutationRevealInstanceBasicAuthSuccess { data { username password } } } }`;
const UNARCHIVE = `mutation($id: ID!) { unarchiveInstance(id: $id) { __typename ... on MutationUnarchiveInstanceSuccess { data { archivedAt } } ... on Error { message } } }`;

let deadLb: net.Server;
let signedIn: SignedInApp;
let api: GqlClient;
let member: GqlClient;

beforeAll(async () => {
  deadLb = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => deadLb.listen(0, '127.0.0.1', resolve));
  signedIn = await startSignedInApp({
    env: {
      LOAD_BALANCER_PROVIDER: 'haproxy',
      DEFAULT_LOAD_BALANCING_SERVER: 'haproxy@127.0.0.1',
      LOAD_BALANCER_SSH_PORT: String((deadLb.address() as AddressInfo).port),
      SSH_PRIVATE_KEY: generateHostKeyPair().privateKey,
    },
  });
  api = signedIn.api;
  await signedIn.app.createSuperuser('member', 'Correct-horse1');
  // A staff member: reads everything, operates nothing (SPEC §2).
  await signedIn.db.query(`UPDATE "user" SET "isSuperuser" = false, "isStaff" = true WHERE username = 'member'`);
  member = gqlClient(signedIn.app.url, await signedIn.app.createToken('member'));
});

afterAll(async () => {
  await signedIn?.close();
  deadLb?.close();
});

describe('load balancers through the API', () => {
  it('seeds DEFAULT_LOAD_BALANCING_SERVER once, and lets staff list them and superusers alone add and delete unused ones', async () => {
    const listed = await api.request(LIST);
    expect(listed.data.loadBalancingServers).toEqual([
      expect.objectContaining({ domain: '127.0.0.1', sshUsername: 'haproxy', cnameTarget: '127.0.0.1.', instanceCount: 0, lastError: null }),
    ]);
    expect(listed.data.loadBalancingServers[0].fragmentNamePostfix).toMatch(/^[0-9a-f]{8}$/);

    const created = await api.request(CREATE, { input: { domain: 'LB2.Example.com.', sshUsername: 'ops' } });
    expect(created.data.createLoadBalancingServer).toMatchObject({
      __typename: 'MutationCreateLoadBalancingServerSuccess',
      data: { domain: 'lb2.example.com' },
    });
    const again = await api.request(CREATE, { input: { domain: 'lb2.example.com', sshUsername: 'ops' } });
    expect(again.data.createLoadBalancingServer).toMatchObject({ __typename: 'ValidationError', field: 'domain' });
    for (const [input, field] of [
      [{ domain: 'bad host', sshUsername: 'ops' }, 'domain'],
      [{ domain: 'lb3.example.com', sshUsername: 'ops; rm -rf /' }, 'sshUsername'],
    ] as const) {
      expect((await api.request(CREATE, { input })).data.createLoadBalancingServer).toMatchObject({ __typename: 'ValidationError', field });
    }
    const forbidden = await member.request(CREATE, { input: { domain: 'lb4.example.com', sshUsername: 'ops' } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Staff read the installation's servers (SPEC §2), without changing them.
    expect((await member.request(LIST)).data.loadBalancingServers.map((l: { domain: string }) => l.domain)).toContain('lb2.example.com');

    const deleted = await api.request(DELETE, { id: created.data.createLoadBalancingServer.data.id });
    expect(deleted.data.deleteLoadBalancingServer.__typename).toBe('MutationDeleteLoadBalancingServerSuccess');
    expect((await signedIn.db.query(`SELECT count(*)::int AS n FROM load_balancing_server`)).rows[0].n).toBe(1);
    const audited = await signedIn.db.query(`SELECT action, result FROM audit_event WHERE action LIKE '%LoadBalancingServer' ORDER BY "createdAt"`);
    // The refused creates are audited too, as failures.
    expect(audited.rows.filter((r) => r.result !== 'failure').map((r) => r.action)).toEqual(['createLoadBalancingServer', 'deleteLoadBalancingServer']);
    expect(audited.rows.filter((r) => r.result === 'failure').map((r) => r.action)).toEqual(Array(4).fill('createLoadBalancingServer'));
  });

  it('allocation keeps the instance on its load balancer, which cannot be deleted then; a failed apply is recorded and lags', async () => {
    const instanceId = await createInstance(api, 'routed');
    const spawned = await api.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { __typename } }`, { id: instanceId });
    expect(spawned.data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
    const lb = await until('the instance to get its load balancer', async () => {
      const r = await signedIn.db.query(
        `SELECT l.id, l."configurationVersion", l."deployedConfigurationVersion", l."lastError" FROM instance i JOIN load_balancing_server l ON l.id = i."loadBalancingServerId" WHERE i.id = $1`,
        [rawId(instanceId)],
      );
      return r.rows[0]?.lastError ? r.rows[0] : null;
    });
    expect(lb.deployedConfigurationVersion).toBeLessThan(lb.configurationVersion);
    const backend = await signedIn.db.query(`SELECT name, state FROM provisioned_resource WHERE kind = 'lb-backend'`);
    expect(backend.rows).toEqual([{ name: `${lb.id}/${rawId(instanceId)}`, state: 'PLANNED' }]);
    const shown = await api.request(`query($id: ID!) { instance(id: $id) { cnameTarget } }`, { id: instanceId });
    expect(shown.data.instance.cnameTarget).toBe('127.0.0.1.');

    // An external-domain change reaches the load balancer at once: its version moves and an apply is queued.
    const before = (await signedIn.db.query(`SELECT "configurationVersion" AS v FROM load_balancing_server WHERE id = $1`, [lb.id])).rows[0].v;
    const patched = await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: {externalLmsDomain: "courses.routed.test"}) { __typename } }`, {
      id: instanceId,
    });
    expect(patched.data.updateInstance.__typename).toBe('MutationUpdateInstanceSuccess');
    const after = (await signedIn.db.query(`SELECT "configurationVersion" AS v FROM load_balancing_server WHERE id = $1`, [lb.id])).rows[0].v;
    expect(after).toBe(before + 1);
    const externals = await api.request(`query($id: ID!) { instance(id: $id) { externalDomains } }`, { id: instanceId });
    expect(externals.data.instance.externalDomains).toEqual(['courses.routed.test', 'studio-courses.routed.test', 'preview-courses.routed.test']);

    // The resync sweep is scheduled every 5 minutes, once cluster-wide, and queues an apply of a lagging load balancer.
    const schedule = await signedIn.db.query(`SELECT cron FROM pgboss.schedule WHERE name = 'lb.resync'`);
    expect(schedule.rows).toEqual([{ cron: '*/5 * * * *' }]);
    await until('no apply queued or running', async () => {
      const r = await signedIn.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lb.apply' AND state IN ('created', 'active')`);
      return r.rows[0].n === 0;
    });
    const applies = async () => (await signedIn.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lb.apply'`)).rows[0].n as number;
    const counted = await applies();
    expect(await resyncLoadBalancers()).toBe(1);
    expect(await applies()).toBe(counted + 1);

    const globalLbId = Buffer.from(`LoadBalancingServer:${lb.id}`).toString('base64');
    const refused = await api.request(DELETE, { id: globalLbId });
    expect(refused.data.deleteLoadBalancingServer).toMatchObject({ __typename: 'InvalidStateError', message: expect.stringContaining('1 instance') });
  });

  it('reveals the basic-auth pair to those who operate the instance (not staff), audited without the pair, and nowhere else', async () => {
    const instanceId = await createInstance(api, 'revealed');
    const revealed = await api.request(REVEAL, { id: instanceId });
    const pair = revealed.data.revealInstanceBasicAuth.data;
    expect(pair.username).toMatch(/^[0-9a-f]{16}$/);
    expect(pair.password).toMatch(/^[0-9a-f]{16}$/);
    expect((await member.request(REVEAL, { id: instanceId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const audit = await signedIn.db.query(
      `SELECT action, target, input::text AS input, result FROM audit_event WHERE action = 'revealInstanceBasicAuth' ORDER BY "createdAt"`,
    );
    expect(audit.rows).toEqual([
      { action: 'revealInstanceBasicAuth', target: rawId(instanceId), input: expect.anything(), result: 'ok' },
      { action: 'revealInstanceBasicAuth', target: rawId(instanceId), input: expect.stringContaining('Forbidden'), result: 'failure' },
    ]);
    // Nowhere in the stored rows a reader could see: audit, logs.
    for (const table of ['audit_event', 'log_entry']) {
      const leaked = await signedIn.db.query(`SELECT count(*)::int AS n FROM ${table} t WHERE t::text LIKE '%' || $1 || '%'`, [pair.password]);
      expect(leaked.rows[0].n, table).toBe(0);
    }
  });

  it('unarchives an archived instance only', async () => {
    const instanceId = await createInstance(api, 'comeback');
    expect((await api.request(UNARCHIVE, { id: instanceId })).data.unarchiveInstance).toMatchObject({ __typename: 'InvalidStateError' });
    await api.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, { id: instanceId });
    await until(
      'the archive',
      async () => (await signedIn.db.query(`SELECT "archivedAt" FROM instance WHERE id = $1`, [rawId(instanceId)])).rows[0].archivedAt,
    );
    expect((await member.request(UNARCHIVE, { id: instanceId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const back = await api.request(UNARCHIVE, { id: instanceId });
    expect(back.data.unarchiveInstance).toEqual({ __typename: 'MutationUnarchiveInstanceSuccess', data: { archivedAt: null } });
    const spawned = await api.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { __typename } }`, { id: instanceId });
    expect(spawned.data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
  });
});

describe('DNS writes', () => {
  it('are serialised per zone across clients (as across processes) by an advisory lock', async () => {
    const gandi = new FakeGandi({ domains: ['example.com', 'other.org'], tokens: ['zone-token'] });
    await gandi.start();
    try {
      gandi.writeLatencyMs = 150;
      const cfg = loadConfig({ DNS_PROVIDER: 'gandi', GANDI_API_KEY: 'zone-token', GANDI_API_URL: gandi.url });
      // Two clients, each with its own in-process queue: only the database lock keeps them apart.
      const [one, two] = await Promise.all([composeLoadBalancing(cfg), composeLoadBalancing(cfg)]);
      await Promise.all([
        one.dns.upsertCname('a.example.com', 'lb.example.com', 300),
        two.dns.upsertCname('b.example.com', 'lb.example.com', 300),
        one.dns.upsertCname('c.other.org', 'lb.example.com', 300),
      ]);
      const writes = gandi.requestsOf('PUT');
      const [a, b, c] = ['/a/', '/b/', '/c/'].map((part) => writes.find((w) => w.path.includes(part))!);
      const overlap = (x: typeof a, y: typeof a) => x.receivedAt < y.answeredAt! && y.receivedAt < x.answeredAt!;
      expect(overlap(a, b)).toBe(false);
      // Another zone is not held up by the first.
      expect(overlap(a, c) || overlap(b, c)).toBe(true);
      expect(gandi.record('example.com', 'a')).toMatchObject({ values: ['lb.example.com.'], ttl: 300 });
    } finally {
      await gandi.stop();
    }
  });
});
