import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { TestApp } from './app.ts';
import type { GqlClient } from './graphql.ts';

/**
 * A worker process that a crash test can SIGKILL and start again, on the web process's database.
 * Node with tsx as an import hook, not the tsx CLI: the CLI SIGKILLs its child when the child does
 * not acknowledge a relayed SIGTERM within 30 ms, and a busy worker then never stops its local
 * app servers.
 */
export class WorkerProcess {
  private child: ChildProcess | null = null;

  constructor(private readonly env: () => Record<string, string>) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null;
  }

  start(): void {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, ...this.env(), PROCESS_ROLES: 'worker', LOG_LEVEL: 'error', MIGRATE_ON_START: 'false' },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, signal);
    await exited;
  }
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Where the worker is stopped: armed before the spawn, released after the kill. */
export interface CrashPoint {
  name: string;
  arm(db: pg.Client): Promise<void>;
  /** Resolves once the worker is held at the point. */
  held(db: pg.Client): Promise<void>;
  release(db: pg.Client): Promise<void>;
}

/**
 * Holds the worker inside the statement that follows the point: a trigger sleeps in it, so the
 * kill lands exactly there. The held backend is terminated before the trigger is dropped (it
 * keeps its table locked until it goes).
 */
export function triggerPoint(name: string, table: string, when: string, event: 'INSERT' | 'UPDATE' | 'DELETE' = 'INSERT'): CrashPoint {
  let backend: number | null = null;
  return {
    name,
    async arm(db) {
      await db.query(`CREATE OR REPLACE FUNCTION crash_hold() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(600); RETURN NEW; END $$ LANGUAGE plpgsql`);
      await db.query(`CREATE TRIGGER crash_point BEFORE ${event} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION crash_hold()`);
    },
    async held(db) {
      backend = await until('the worker to reach the crash point', async () => {
        const r = await db.query(`SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`);
        return r.rows[0]?.pid as number | undefined;
      });
    },
    async release(db) {
      if (backend) await db.query(`SELECT pg_terminate_backend($1)`, [backend]);
      await db.query(`DROP TRIGGER crash_point ON ${table}`);
    },
  };
}

export const stepBoundary = (step: string) => triggerPoint(`after the step before ${step}`, 'provisioning_step', `NEW.name = '${step}'`);

/** The points every provider shares: each step boundary, mid-recipe, before the ledger update, before evaluation. */
export function commonCrashPoints(midRecipeLine: string): CrashPoint[] {
  return [
    stepBoundary('instance.allocate'),
    stepBoundary('appserver.prepare'),
    stepBoundary('appserver.securityGroups'),
    stepBoundary('appserver.createVm'),
    triggerPoint('after the VM was created, before the ledger says so', 'provisioned_resource', `NEW.kind = 'vm' AND NEW.state = 'PRESENT'`, 'UPDATE'),
    stepBoundary('appserver.waitVm'),
    stepBoundary('appserver.runRecipe'),
    triggerPoint('in the middle of the recipe output', 'log_entry', `NEW.text LIKE '%${midRecipeLine}%'`),
    stepBoundary('appserver.healthCheck'),
    triggerPoint('after the health check, before the deployment is evaluated', 'deployment', `NEW.status = 'HEALTHY'`, 'UPDATE'),
  ];
}

/** Kills the worker at `point` during a spawn, restarts it, and returns the app server once steady. */
export async function spawnThroughCrash(opts: { api: GqlClient; db: pg.Client; worker: WorkerProcess; point: CrashPoint; subDomain: string }) {
  const { api, db, worker, point } = opts;
  await point.arm(db);
  if (!worker.running) worker.start();
  const created = await api.request(
    `mutation($s: String!) { createInstance(input: {name: $s, subDomain: $s}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    { s: opts.subDomain },
  );
  const spawned = await api.request(
    `mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { appServers { id } } } } }`,
    { id: created.data.createInstance.data.id },
  );
  const appServerId = Buffer.from(spawned.data.spawnAppServer.data.appServers[0].id, 'base64').toString().split(':')[1];
  await point.held(db);
  await worker.kill('SIGKILL');
  await point.release(db);
  // The dead worker's jobs would expire after their deadline; move time instead of waiting for it.
  await db.query(`UPDATE pgboss.job SET state = 'retry', start_after = now() WHERE state = 'active'`);
  worker.start();
  const final = await until(
    'the app server to turn steady',
    async () => {
      const r = await db.query(`SELECT id, status, "serverId", "failureReason" FROM app_server WHERE id = $1`, [appServerId]);
      return ['RUNNING', 'ERROR', 'CONFIGURATION_FAILED'].includes(r.rows[0]?.status) ? r.rows[0] : null;
    },
    120_000,
  );
  await until('the deployment to be evaluated', async () => {
    const r = await db.query(`SELECT d.status FROM deployment d JOIN app_server a ON a."deploymentId" = d.id WHERE a.id = $1`, [appServerId]);
    return ['HEALTHY', 'FAILED'].includes(r.rows[0].status);
  });
  return final as { id: string; status: string; serverId: string; failureReason: string | null };
}

export type { TestApp };
