import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlClient, type GqlClient } from '../helpers/graphql.ts';

// Crash-point matrix on the local provider: a worker process is SIGKILLed at a chosen point of
// the pipeline, a new one starts, and the app server must still end Running with nothing leaked
// or duplicated. A database trigger holds the worker exactly at the point (it sleeps inside the
// statement that follows), so the kill lands there and nowhere else.
const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const dataDir = mkdtempSync(path.join(tmpdir(), 'im-crash-'));
let web: TestApp;
let api: GqlClient;
let db: pg.Client;
let worker: ChildProcess | null = null;

function startWorker(): void {
  worker = spawn(path.resolve('node_modules/.bin/tsx'), ['server/src/main.ts'], {
    env: { ...process.env, ...secrets, DATABASE_URL: web.databaseUrl, PROCESS_ROLES: 'worker', DATA_DIR: dataDir, LOG_LEVEL: 'error', MIGRATE_ON_START: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
}

async function killWorker(signal: NodeJS.Signals): Promise<void> {
  const w = worker;
  worker = null;
  if (!w || w.exitCode !== null) return;
  const exited = new Promise((r) => w.once('exit', r));
  // The whole process group: tsx runs the worker in a child node process.
  process.kill(-w.pid!, signal);
  await exited;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  web = await startTestApp({ env: { PROCESS_ROLES: 'web', ...secrets, DATA_DIR: dataDir } });
  await web.createSuperuser('admin', 'Correct-horse1');
  api = gqlClient(web.url, await web.createToken('admin'));
  db = new pg.Client({ connectionString: web.databaseUrl });
  await db.connect();
  await db.query(`CREATE FUNCTION crash_hold() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(600); RETURN NEW; END $$ LANGUAGE plpgsql`);
});

afterAll(async () => {
  await killWorker('SIGTERM');
  await api?.close();
  await db?.end();
  await web?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface CrashPoint {
  name: string;
  table: string;
  when: string; // trigger condition on NEW
  event?: 'INSERT' | 'UPDATE';
}

const next = (step: string): CrashPoint => ({ name: `after the step before ${step}`, table: 'provisioning_step', when: `NEW.name = '${step}'` });
const POINTS: CrashPoint[] = [
  next('instance.allocate'),
  next('appserver.prepare'),
  next('appserver.securityGroups'),
  next('appserver.createVm'),
  { name: 'after the VM was created, before the ledger says so', table: 'provisioned_resource', when: `NEW.state = 'PRESENT'`, event: 'UPDATE' },
  next('appserver.waitVm'),
  next('appserver.runRecipe'),
  { name: 'in the middle of the recipe output', table: 'log_entry', when: `NEW.text LIKE '%Installing the web service%'` },
  next('appserver.healthCheck'),
  { name: 'after the health check, before the deployment is evaluated', table: 'deployment', when: `NEW.status = 'HEALTHY'`, event: 'UPDATE' },
];

describe('a worker killed at any point', () => {
  it.each(POINTS.map((p, i) => [p.name, p, i] as const))('resumes %s', async (_name, point, index) => {
    const event = point.event ?? 'INSERT';
    await db.query(`CREATE TRIGGER crash_point BEFORE ${event} ON ${point.table} FOR EACH ROW WHEN (${point.when}) EXECUTE FUNCTION crash_hold()`);
    if (!worker) startWorker();
    const sub = `crash${index}`;
    const created = await api.request(`mutation($s: String!) { createInstance(input: {name: $s, subDomain: $s}) { ... on MutationCreateInstanceSuccess { data { id } } } }`, { s: sub });
    const spawned = await api.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { appServers { id } } } } }`, { id: created.data.createInstance.data.id });
    const appServerId = Buffer.from(spawned.data.spawnAppServer.data.appServers[0].id, 'base64').toString().split(':')[1];

    const held = await until('the worker to reach the crash point', async () => {
      const r = await db.query(`SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`);
      return r.rows[0]?.pid as number | undefined;
    });
    await killWorker('SIGKILL');
    // The held statement keeps its table locked until its backend goes; then the trigger can go.
    await db.query(`SELECT pg_terminate_backend($1)`, [held]);
    await db.query(`DROP TRIGGER crash_point ON ${point.table}`);
    // The dead worker's jobs would expire after their deadline; move time instead of waiting for it.
    await db.query(`UPDATE pgboss.job SET state = 'retry', start_after = now() WHERE state = 'active'`);
    startWorker();

    const final = await until('the app server to turn steady', async () => {
      const r = await db.query(`SELECT status, "serverId" FROM app_server WHERE id = $1`, [appServerId]);
      return ['RUNNING', 'ERROR', 'CONFIGURATION_FAILED'].includes(r.rows[0]?.status) ? r.rows[0] : null;
    });
    const reason = (await db.query(`SELECT "failureReason" FROM app_server WHERE id = $1`, [appServerId])).rows[0].failureReason;
    expect(final.status, reason).toBe('RUNNING');
    const servers = await db.query(`SELECT id FROM server s WHERE EXISTS (SELECT 1 FROM app_server a WHERE a."serverId" = s.id AND a.id = $1)`, [appServerId]);
    expect(servers.rowCount).toBe(1);
    const ledger = await db.query(`SELECT name, state FROM provisioned_resource WHERE "appServerId" = $1`, [appServerId]);
    expect(ledger.rows).toEqual([{ name: final.serverId, state: 'PRESENT' }]);
    expect(existsSync(path.join(dataDir, 'servers', final.serverId))).toBe(true);
    // Every VM directory belongs to a server row: nothing was created twice.
    const rows = new Set((await db.query(`SELECT id FROM server`)).rows.map((r) => r.id));
    for (const dir of readdirSync(path.join(dataDir, 'servers'))) expect(rows.has(dir)).toBe(true);
    const lines = (await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1`, [final.serverId])).rows.map((r) => r.text);
    for (const once of ['The recipe finished successfully.', '\x1b[1;34m==>\x1b[0m Installing the web service', '\x1b[1;34m==>\x1b[0m Done']) {
      expect(lines.filter((t) => t === once), once).toHaveLength(1);
    }
    const deployment = await until('the deployment to be evaluated', async () => {
      const r = await db.query(`SELECT d.status FROM deployment d JOIN app_server a ON a."deploymentId" = d.id WHERE a.id = $1`, [appServerId]);
      return r.rows[0].status === 'HEALTHY' ? r.rows[0].status : null;
    });
    expect(deployment).toBe('HEALTHY');
  });
});
