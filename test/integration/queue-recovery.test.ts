import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { createAndSpawn } from '../helpers/suite.ts';
import { triggerPoint, until, WorkerProcess } from '../helpers/crash.ts';
import { LocalCompute } from '../../server/src/integrations/compute/local/index.ts';

// A worker SIGKILLed in the middle of the recipe: its step must resume at once when a worker
// restarts on the same host, as soon as the dead worker's heartbeat is stale otherwise, and within
// pg-boss's job heartbeat when nothing else notices. Time is moved by writing rows, not slept.
const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const dataDir = mkdtempSync(path.join(tmpdir(), 'im-recovery-'));
let signedIn: SignedInApp;
let api: GqlClient;
let db: pg.Client;
const worker = new WorkerProcess(() => ({ ...secrets, DATABASE_URL: signedIn.app.databaseUrl, DATA_DIR: dataDir }));

beforeAll(async () => {
  signedIn = await startSignedInApp({ env: { PROCESS_ROLES: 'web', ...secrets, DATA_DIR: dataDir } });
  ({ api, db } = signedIn);
});

afterAll(async () => {
  await worker.kill('SIGTERM');
  // The app servers' services outlive the workers that were killed: stop them all here.
  const servers = path.join(dataDir, 'servers');
  const local = new LocalCompute(dataDir, {});
  if (existsSync(servers)) for (const id of readdirSync(servers)) await local.stopServices({ id });
  await signedIn?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Spawns, kills the worker in the middle of the recipe, and returns the app server and its step's lease. */
async function killMidRecipe(subDomain: string) {
  const point = triggerPoint('mid-recipe', 'log_entry', `NEW.text LIKE '%Installing the web service%'`);
  await point.arm(db);
  if (!worker.running) worker.start();
  const appServerId = rawId((await createAndSpawn(api, subDomain)).appServerId);
  await point.held(db);
  const step = await db.query(`SELECT lease FROM provisioning_step WHERE "appServerId" = $1 AND name = 'appserver.runRecipe'`, [appServerId]);
  await worker.kill('SIGKILL');
  await point.release(db);
  return { appServerId, lease: step.rows[0].lease as string };
}

/** Seconds until the recipe step is claimed by a new run, then waits for the app server to be Running. */
async function resumed(appServerId: string, lease: string, timeoutMs: number): Promise<number> {
  const from = Date.now();
  await until(
    'the recipe step to be claimed again',
    async () => {
      const r = await db.query(`SELECT lease FROM provisioning_step WHERE "appServerId" = $1 AND name = 'appserver.runRecipe'`, [appServerId]);
      return r.rows[0].lease !== lease;
    },
    timeoutMs,
  );
  const seconds = (Date.now() - from) / 1000;
  const final = await until(
    'the app server to turn steady',
    async () => {
      const r = await db.query(`SELECT status, "serverId", "failureReason" FROM app_server WHERE id = $1`, [appServerId]);
      return ['RUNNING', 'ERROR', 'CONFIGURATION_FAILED'].includes(r.rows[0].status) ? r.rows[0] : null;
    },
    60_000,
  );
  expect(final.status, final.failureReason ?? '').toBe('RUNNING');
  // Re-attached at the stored offset: no line lost or repeated.
  const lines = (await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1`, [final.serverId])).rows.map((r) => r.text);
  for (const once of ['The recipe finished successfully.', '\x1b[1;34m==>\x1b[0m Installing the web service']) {
    expect(
      lines.filter((t) => t === once),
      once,
    ).toHaveLength(1);
  }
  return seconds;
}

describe('a worker killed in the middle of a step', () => {
  it('is resumed at once by a worker restarted on the same host', async () => {
    const { appServerId, lease } = await killMidRecipe('restarted');
    const known = (await db.query(`SELECT id FROM worker_process`)).rows.map((r) => r.id);
    worker.start();
    // Measured from the new worker's registration: how long the process takes to boot is not the point.
    await until('the new worker to register', async () => (await db.query(`SELECT 1 FROM worker_process WHERE NOT (id = ANY($1))`, [known])).rowCount, 60_000);
    const seconds = await resumed(appServerId, lease, 30_000);
    console.log(`restarted worker resumed the step ${seconds.toFixed(1)} s after it registered`);
    expect(seconds).toBeLessThan(10);
    const jobs = await db.query(`SELECT retry_count, state FROM pgboss.job WHERE name = 'appserver.runRecipe' AND data->>'appServerId' = $1`, [appServerId]);
    // The same job, handed back: the death counts as one more delivery, as an expiry would.
    expect(jobs.rows).toEqual([{ retry_count: 1, state: 'completed' }]);
  });

  it('is resumed by a live worker once the dead one’s heartbeat is stale, and not before', async () => {
    const { appServerId, lease } = await killMidRecipe('elsewhere');
    // The dead worker ran on another machine: only its heartbeat can say it is gone.
    const dead = await db.query(
      `UPDATE worker_process SET host = 'another-host' WHERE "stoppedAt" IS NULL AND "heartbeatAt" > now() - interval '20 seconds' RETURNING id`,
    );
    expect(dead.rowCount).toBe(1);
    worker.start();
    await until(
      'the new worker to register',
      async () => (await db.query(`SELECT 1 FROM worker_process WHERE "stoppedAt" IS NULL AND id <> $1`, [dead.rows[0].id])).rowCount,
    );
    // Its heartbeat is fresh: its job stays where it is.
    const job = await db.query(`SELECT count(*)::int AS n FROM worker_job WHERE "workerId" = $1`, [dead.rows[0].id]);
    expect(job.rows[0].n).toBe(1);
    // A minute of silence, written rather than waited for; the live worker's next sweep hands the job back.
    await db.query(`UPDATE worker_process SET "heartbeatAt" = now() - interval '1 minute' WHERE id = $1`, [dead.rows[0].id]);
    const seconds = await resumed(appServerId, lease, 30_000);
    console.log(`stale worker's step resumed after ${seconds.toFixed(1)} s`);
  });

  it('is retried through the job heartbeat when no worker notices the death', async () => {
    const { appServerId, lease } = await killMidRecipe('backstop');
    // Forget the dead worker entirely, and move its job's heartbeat two minutes back.
    await db.query(`DELETE FROM worker_process WHERE "stoppedAt" IS NULL`);
    const job = await db.query(
      `UPDATE pgboss.job SET heartbeat_on = now() - interval '2 minutes' WHERE name = 'appserver.runRecipe' AND state = 'active' AND data->>'appServerId' = $1 RETURNING heartbeat_seconds`,
      [appServerId],
    );
    expect(job.rows).toEqual([{ heartbeat_seconds: 60 }]);
    worker.start();
    // The supervisor looks every 30 s, then the retry waits its backoff (5–10 s).
    const seconds = await resumed(appServerId, lease, 75_000);
    console.log(`heartbeat-expired step resumed after ${seconds.toFixed(1)} s`);
  }, 150_000);
});
