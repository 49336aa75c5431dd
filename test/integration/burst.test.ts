import { describe, expect, it } from 'vitest';
import { rawId } from '../helpers/graphql.ts';
import { CANCEL_DEPLOYMENT } from '../helpers/documents.ts';
import { createInstance as create, signedInSuite } from '../helpers/suite.ts';
import { until } from '../helpers/crash.ts';
import { SNAPSHOT_COLUMNS } from '../../server/src/services/appservers.ts';

// A burst of spawns must not jam the queue: cancelled work leaves it, and another instance's
// spawn starts as soon as capacity is free. One unit of capacity, held by a row, keeps the burst
// queued so that no app server is provisioned for it.
// The burst the issue saw jam the queue.
const BURST = 200;
const { api, db } = signedInSuite({ env: { MAX_CONCURRENT_PROVISIONING: '1' } });
const createInstance = (subDomain: string) => create(api, subDomain);

const SPAWN = `mutation($id: ID!, $cancel: Boolean) { spawnAppServer(instanceId: $id, options: {cancelPending: $cancel}) {
  __typename ... on MutationSpawnAppServerSuccess { data { id } } } }`;

/** Jobs still waiting or running in the queues a deployment uses. */
async function liveJobs(): Promise<Record<string, number>> {
  const r = await db.query(
    `SELECT name, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')
       AND name IN ('deployment.start', 'deployment.dispatch', 'instance.allocate', 'appserver.prepare', 'appserver.terminate', 'deployment.evaluate')
     GROUP BY name`,
  );
  return Object.fromEntries(r.rows.map((row) => [row.name, row.n]));
}

describe(`a burst of ${BURST} spawns`, () => {
  it('drains once cancelled, and a spawn on another instance then starts at once', async () => {
    // The one unit of capacity is taken by an app server of another instance that never moves.
    const holder = rawId(await createInstance('holder'));
    const dep = await db.query(
      `INSERT INTO deployment ("instanceId", type, "targetCount", "startedAt", status) VALUES ($1, 'ADMIN', 1, now(), 'PROVISIONING') RETURNING id`,
      [holder],
    );
    const held = await db.query(
      `INSERT INTO app_server (number, "instanceId", "deploymentId", slot, attempt, ${SNAPSHOT_COLUMNS}) SELECT 1, $1, $2, 0, 1, ${SNAPSHOT_COLUMNS} FROM instance WHERE id = $1 RETURNING id`,
      [holder, dep.rows[0].id],
    );

    const burst = await createInstance('burst');
    let last = '';
    const burstStart = Date.now();
    for (let i = 0; i < BURST; i++) {
      const res = await api.request(SPAWN, { id: burst, cancel: true });
      expect(res.data.spawnAppServer.__typename).toBe('MutationSpawnAppServerSuccess');
      last = res.data.spawnAppServer.data.id;
    }
    console.log(`burst of ${BURST}: spawned in ${((Date.now() - burstStart) / 1000).toFixed(1)} s`);
    const cancelled = await api.request(CANCEL_DEPLOYMENT, { id: last });
    expect(cancelled.data?.cancelDeployment?.__typename, JSON.stringify(cancelled)).toBe('MutationCancelDeploymentSuccess');

    const drainStart = Date.now();
    await until('the queue to drain', async () => Object.keys(await liveJobs()).length === 0, 60_000);
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const deployments = await db.query(`SELECT status, count(*)::int AS n FROM deployment WHERE "instanceId" = $1 GROUP BY status`, [rawId(burst)]);
    expect(deployments.rows).toEqual([{ status: 'CANCELLED', n: BURST }]);
    const servers = await db.query(`SELECT status, count(*)::int AS n FROM app_server WHERE "instanceId" = $1 GROUP BY status`, [rawId(burst)]);
    expect(servers.rows).toEqual([{ status: 'TERMINATED', n: BURST }]);
    const waiting = await db.query(
      `SELECT count(*)::int AS n FROM provisioning_step s JOIN deployment d ON d.id = s."deploymentId" WHERE d."instanceId" = $1 AND s.status IN ('PENDING', 'RUNNING')`,
      [rawId(burst)],
    );
    expect(waiting.rows[0].n).toBe(0);
    console.log(`burst of ${BURST}: queue drained ${drainSeconds.toFixed(1)} s after the last cancel`);

    // Capacity frees up: a spawn on an unrelated instance starts without waiting for any poll.
    await db.query(`UPDATE app_server SET status = 'ERROR' WHERE id = $1`, [held.rows[0].id]);
    const other = await createInstance('unrelated');
    const spawnedAt = Date.now();
    const spawned = await api.request(SPAWN, { id: other });
    const otherDeployment = rawId(spawned.data.spawnAppServer.data.id);
    await until(
      'the other instance’s deployment to start',
      async () => (await db.query(`SELECT "startedAt" FROM deployment WHERE id = $1`, [otherDeployment])).rows[0].startedAt,
      30_000,
    );
    const startSeconds = (Date.now() - spawnedAt) / 1000;
    console.log(`spawn on another instance started after ${startSeconds.toFixed(2)} s`);
    expect(startSeconds).toBeLessThan(10);

    // Leave nothing running: cancel it and wait for its app server to be terminated.
    await api.request(CANCEL_DEPLOYMENT, { id: spawned.data.spawnAppServer.data.id });
    await until(
      'the other app server to be terminated',
      async () => (await db.query(`SELECT status FROM app_server WHERE "deploymentId" = $1`, [otherDeployment])).rows[0].status === 'TERMINATED',
      60_000,
    );
  }, 120_000);

  it('queued on many instances, waits without polling: start jobs drain at the speed of their SQL', async () => {
    const INSTANCES = 40;
    const holder = rawId(await createInstance('holder2'));
    const dep = await db.query(
      `INSERT INTO deployment ("instanceId", type, "targetCount", "startedAt", status) VALUES ($1, 'ADMIN', 1, now(), 'PROVISIONING') RETURNING id`,
      [holder],
    );
    await db.query(
      `INSERT INTO app_server (number, "instanceId", "deploymentId", slot, attempt, ${SNAPSHOT_COLUMNS}) SELECT 1, $1, $2, 0, 1, ${SNAPSHOT_COLUMNS} FROM instance WHERE id = $1`,
      [holder, dep.rows[0].id],
    );
    const deployments: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const res = await api.request(SPAWN, { id: await createInstance(`queued${i}`) });
      deployments.push(res.data.spawnAppServer.data.id);
    }
    const from = Date.now();
    await until(
      'every start step to wait for capacity',
      async () => {
        const r = await db.query(`SELECT count(*)::int AS n FROM provisioning_step WHERE name = 'deployment.start' AND status = 'PENDING'`);
        return r.rows[0].n === INSTANCES && !(await liveJobs())['deployment.start'];
      },
      30_000,
    );
    console.log(`${INSTANCES} queued deployments: start jobs drained ${((Date.now() - from) / 1000).toFixed(1)} s after the last spawn`);
    // Nothing polls while they wait: no start job is scheduled for later.
    const later = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'deployment.start' AND state IN ('created', 'retry')`);
    expect(later.rows[0].n).toBe(0);
    const statuses = await db.query(`SELECT status, count(*)::int AS n FROM deployment WHERE "startedAt" IS NULL AND "cancelledAt" IS NULL GROUP BY status`);
    expect(statuses.rows).toEqual([{ status: 'QUEUED', n: INSTANCES }]);
    for (const id of deployments) await api.request(CANCEL_DEPLOYMENT, { id });
    await until('the queue to drain', async () => Object.keys(await liveJobs()).length === 0, 60_000);
    const started = await db.query(`SELECT count(*)::int AS n FROM deployment WHERE id = ANY($1) AND "startedAt" IS NOT NULL`, [deployments.map(rawId)]);
    expect(started.rows[0].n).toBe(0);
  }, 120_000);
});
