import { describe, expect, it } from 'vitest';
import { rawId } from '../helpers/graphql.ts';
import { createInstance as create, signedInSuite } from '../helpers/suite.ts';

// The web role only: deployments stay queued, so the limit is met without provisioning anything.
const { api, db } = signedInSuite({ env: { PROCESS_ROLES: 'web' } });

const SPAWN = `mutation($id: ID!, $cancel: Boolean) { spawnAppServer(instanceId: $id, options: {cancelPending: $cancel}) {
  __typename
  ... on MutationSpawnAppServerSuccess { data { id status } }
  ... on InvalidStateError { message currentState } } }`;

const createInstance = (subDomain: string) => create(api, subDomain);

describe('deployments in flight per instance (MAX_INSTANCE_DEPLOYMENTS_IN_FLIGHT = 2)', () => {
  it('refuses a third spawn with InvalidStateError naming the limit, and changes nothing', async () => {
    const instanceId = await createInstance('limited');
    for (let i = 0; i < 2; i++) expect((await api.request(SPAWN, { id: instanceId })).data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
    const before = (await db.query(`SELECT count(*)::int AS n FROM deployment`)).rows[0].n;
    const refused = await api.request(SPAWN, { id: instanceId });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.spawnAppServer).toMatchObject({ __typename: 'InvalidStateError', currentState: 'QUEUED' });
    expect(refused.data.spawnAppServer.message).toContain('MAX_INSTANCE_DEPLOYMENTS_IN_FLIGHT');
    expect((await db.query(`SELECT count(*)::int AS n FROM deployment`)).rows[0].n).toBe(before);
    // Another instance has its own allowance.
    expect((await api.request(SPAWN, { id: await createInstance('other') })).data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
  });

  it('accepts a spawn beyond the limit with cancelPending, which cancels the others and drops their queued jobs', async () => {
    const instanceId = await createInstance('pending');
    const first = [];
    for (let i = 0; i < 2; i++) first.push(rawId((await api.request(SPAWN, { id: instanceId })).data.spawnAppServer.data.id));
    const spawned = await api.request(SPAWN, { id: instanceId, cancel: true });
    expect(spawned.data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
    const rows = await db.query(`SELECT id, status FROM deployment WHERE "instanceId" = $1 ORDER BY "createdAt"`, [rawId(instanceId)]);
    expect(rows.rows.map((r) => r.status)).toEqual(['CANCELLED', 'CANCELLED', 'QUEUED']);
    // The cancelled deployments' start jobs left the queue; the new one's waits for a worker.
    const jobs = await db.query(`SELECT data->>'deploymentId' AS id, state FROM pgboss.job WHERE name = 'deployment.start'`);
    const stateOf = (id: string) => jobs.rows.filter((j) => j.id === id).map((j) => j.state);
    for (const id of first) expect(stateOf(id)).toEqual(['cancelled']);
    expect(stateOf(rawId(spawned.data.spawnAppServer.data.id))).toEqual(['created']);
    // The limit counts only deployments in flight: one more fits now.
    expect((await api.request(SPAWN, { id: instanceId })).data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
    expect((await api.request(SPAWN, { id: instanceId })).data.spawnAppServer.__typename).toBe('InvalidStateError');
  });
});

describe('the order queued deployments start in', () => {
  it('takes turns between instances, users’ deployments ahead of PR ones, oldest first', async () => {
    const { pool } = await import('../../server/src/db.ts');
    const { dispatchQueued } = await import('../../server/src/jobs/deployment-dispatch.ts');
    const { SNAPSHOT_COLUMNS } = await import('../../server/src/services/appservers.ts');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Only deployments of this test are queued, and 8 of the 10 units are held: 2 are free.
      await client.query(`UPDATE deployment SET "cancelledAt" = now(), status = 'CANCELLED' WHERE "startedAt" IS NULL`);
      const holder = rawId(await createInstance('orderholder'));
      const held = await client.query(
        `INSERT INTO deployment ("instanceId", type, "targetCount", "startedAt", status) VALUES ($1, 'ADMIN', 8, now(), 'PROVISIONING') RETURNING id`,
        [holder],
      );
      for (let n = 1; n <= 8; n++) {
        await client.query(
          `INSERT INTO app_server (number, "instanceId", "deploymentId", slot, attempt, ${SNAPSHOT_COLUMNS}) SELECT $3, $1, $2, 0, 1, ${SNAPSHOT_COLUMNS} FROM instance WHERE id = $1`,
          [holder, held.rows[0].id, n],
        );
      }
      const queued = async (instanceId: string, type: string, name: string) => {
        const r = await client.query(
          `INSERT INTO deployment ("instanceId", type, "targetCount", "createdAt") VALUES ($1, $2, 1, now() + make_interval(secs => $3::int)) RETURNING id`,
          [instanceId, type, order.length],
        );
        order.push([name, r.rows[0].id]);
      };
      const order: [string, string][] = [];
      const [a, b, pr] = [rawId(await createInstance('ordera')), rawId(await createInstance('orderb')), rawId(await createInstance('orderpr'))];
      await queued(pr, 'PR', 'pr1');
      await queued(a, 'ADMIN', 'a1');
      await queued(a, 'ADMIN', 'a2');
      await queued(b, 'USER', 'b1');
      const started = await dispatchQueued(client);
      const names = new Map(order.map(([name, id]) => [id, name]));
      expect(started.map((id) => names.get(id))).toEqual(['a1', 'b1']);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
