/**
 * DNS at allocation and after a load balancer's domain change, against the Gandi LiveDNS fake:
 * a refusal no retry fixes fails the deployment with a reason naming DNS; a provider that is down
 * for a while is retried until it answers; a new load-balancer domain moves every CNAME of its
 * instances. The load balancer itself is an SSH port that closes every connection (its applies
 * fail, which allocation does not wait for).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { createAndSpawn } from '../helpers/suite.ts';
import { until } from '../helpers/crash.ts';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';
import { FakeGandi } from '../fakes/gandi/index.ts';

const TOKEN = 'gandi-token-allocation';
const gandi = new FakeGandi({ domains: ['example.com'], tokens: [TOKEN] });
let deadLb: net.Server;
let signedIn: SignedInApp;
let api: GqlClient;

const UPDATE = `mutation($id: ID!, $patch: UpdateLoadBalancingServerInput!) { updateLoadBalancingServer(id: $id, patch: $patch) {
  __typename ... on MutationUpdateLoadBalancingServerSuccess { data { domain cnameTarget } } ... on Error { message } } }`;

beforeAll(async () => {
  await gandi.start();
  deadLb = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => deadLb.listen(0, '127.0.0.1', resolve));
  signedIn = await startSignedInApp({
    env: {
      LOAD_BALANCER_PROVIDER: 'haproxy',
      DEFAULT_LOAD_BALANCING_SERVER: 'haproxy@127.0.0.1',
      LOAD_BALANCER_SSH_PORT: String((deadLb.address() as AddressInfo).port),
      SSH_PRIVATE_KEY: generateHostKeyPair().privateKey,
      DEFAULT_INSTANCE_BASE_DOMAIN: 'example.com',
      DNS_PROVIDER: 'gandi',
      GANDI_API_KEY: TOKEN,
      GANDI_API_URL: gandi.url,
    },
  });
  api = signedIn.api;
}, 120_000);

afterAll(async () => {
  await signedIn?.close();
  deadLb?.close();
  await gandi.stop();
});

async function allocationStep(deploymentId: string) {
  return until(
    'the allocation step to finish',
    async () => {
      const r = await signedIn.db.query(`SELECT status, error FROM provisioning_step WHERE "deploymentId" = $1 AND name = 'instance.allocate'`, [
        rawId(deploymentId),
      ]);
      return ['SUCCEEDED', 'FAILED'].includes(r.rows[0]?.status) ? r.rows[0] : null;
    },
    120_000,
  );
}

describe('DNS at allocation', () => {
  it('fails the deployment at once when Gandi refuses the key (401), with a reason naming DNS on the deployment and its app servers', async () => {
    gandi.failNext(1, 401, { methods: ['PUT'], message: 'The API key is not valid' });
    const spawned = await createAndSpawn(api, 'refused');
    const step = await allocationStep(spawned.deploymentId);
    expect(step.status).toBe('FAILED');
    expect(step.error).toMatch(/^DNS \(gandi\) refused the instance's CNAMEs: .*401/);
    const deployment = await until('the deployment to fail', async () => {
      const r = await signedIn.db.query(`SELECT status, "failureReason" FROM deployment WHERE id = $1`, [rawId(spawned.deploymentId)]);
      return r.rows[0]?.status === 'FAILED' ? r.rows[0] : null;
    });
    expect(deployment.failureReason).toContain('DNS');
    const server = await signedIn.db.query(`SELECT status, "failureReason" FROM app_server WHERE id = $1`, [rawId(spawned.appServerId)]);
    expect(server.rows[0]).toMatchObject({ status: 'ERROR', failureReason: expect.stringContaining('DNS (gandi) refused') });
    // One refused PUT, no retry of it: a wrong key stays wrong.
    expect(gandi.requests.filter((r) => r.method === 'PUT' && r.path.includes('/refused/')).length).toBe(1);
    expect(JSON.stringify(step)).not.toContain(TOKEN);
  }, 180_000);

  it('retries a provider that answers 503 past the client’s own retries, then proceeds', async () => {
    // The client tries 4 times per call: the 5th failure falls to the queue's retry with backoff.
    gandi.failNext(5, 503, { methods: ['PUT'] });
    const spawned = await createAndSpawn(api, 'flaky');
    const step = await allocationStep(spawned.deploymentId);
    expect(step).toMatchObject({ status: 'SUCCEEDED' });
    expect(gandi.requests.filter((r) => r.method === 'PUT' && r.path.includes('/flaky/') && r.status === 503).length).toBe(5);
    for (const name of ['flaky', 'studio-flaky', 'preview-flaky']) expect(gandi.record('example.com', name), name).toMatchObject({ values: ['127.0.0.1.'] });
    const ledger = await signedIn.db.query(`SELECT state FROM provisioned_resource WHERE kind = 'dns-cname' AND "instanceId" = $1`, [
      rawId(spawned.instanceId),
    ]);
    expect(ledger.rows.map((r) => r.state)).toEqual(['PRESENT', 'PRESENT', 'PRESENT']);
  }, 180_000);
});

describe('a load balancer’s domain change', () => {
  it('rewrites the CNAMEs of its instances to the new domain through the ledger, in a retried job', async () => {
    const lbId = (await signedIn.db.query(`SELECT id FROM load_balancing_server`)).rows[0].id as string;
    const globalLbId = Buffer.from(`LoadBalancingServer:${lbId}`).toString('base64');
    const spawned = await createAndSpawn(api, 'moving');
    expect((await allocationStep(spawned.deploymentId)).status).toBe('SUCCEEDED');
    expect(gandi.record('example.com', 'moving')).toMatchObject({ values: ['127.0.0.1.'] });

    // The first rewrite fails past the client's retries: the job tries again.
    gandi.failNext(4, 503, { methods: ['PUT'] });
    const updated = await api.request(UPDATE, { id: globalLbId, patch: { domain: 'LB-New.Example.net' } });
    expect(updated.data.updateLoadBalancingServer).toEqual({
      __typename: 'MutationUpdateLoadBalancingServerSuccess',
      data: { domain: 'lb-new.example.net', cnameTarget: 'lb-new.example.net.' },
    });
    await until(
      'every CNAME to point at the new domain',
      async () => ['moving', 'studio-moving', 'preview-moving', 'flaky'].every((n) => gandi.record('example.com', n)?.values[0] === 'lb-new.example.net.'),
      120_000,
    );
    const ledger = await signedIn.db.query(`SELECT name, state, "externalRef" FROM provisioned_resource WHERE kind = 'dns-cname' ORDER BY name`);
    const written = ledger.rows.filter((r) => r.state === 'PRESENT');
    expect(written.map((r) => r.name)).toEqual(
      ['flaky', 'moving', 'preview-flaky', 'preview-moving', 'studio-flaky', 'studio-moving'].map((n) => `${n}.example.com`),
    );
    for (const row of written) expect(row.externalRef, row.name).toBe('CNAME lb-new.example.net.');
    // The refused instance's names were never written (the first one planned, refused): they stay unwritten.
    expect(ledger.rows.filter((r) => r.name.endsWith('refused.example.com')).map((r) => [r.name, r.state])).toEqual([['refused.example.com', 'PLANNED']]);
    expect(gandi.record('example.com', 'refused')).toBeUndefined();

    // Only the SSH user changes: no rewrite is queued.
    const jobs = async () => (await signedIn.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lb.retargetCnames'`)).rows[0].n as number;
    const before = await jobs();
    const renamed = await api.request(UPDATE, { id: globalLbId, patch: { sshUsername: 'ops' } });
    expect(renamed.data.updateLoadBalancingServer.__typename).toBe('MutationUpdateLoadBalancingServerSuccess');
    expect(await jobs()).toBe(before);
  }, 240_000);
});
