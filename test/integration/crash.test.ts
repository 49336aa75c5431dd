import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from '../helpers/app.ts';
import type { GqlClient } from '../helpers/graphql.ts';
import { commonCrashPoints, spawnThroughCrash, WorkerProcess } from '../helpers/crash.ts';
import { killProcessesIn } from '../helpers/processes.ts';

// Crash-point matrix on the local provider: a worker process is SIGKILLed at a chosen point of
// the pipeline, a new one starts, and the app server must still end Running with nothing leaked
// or duplicated.
const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const dataDir = mkdtempSync(path.join(tmpdir(), 'im-crash-'));
let signedIn: SignedInApp;
let web: TestApp;
let api: GqlClient;
let db: pg.Client;
const worker = new WorkerProcess(() => ({ ...secrets, DATABASE_URL: web.databaseUrl, DATA_DIR: dataDir }));

beforeAll(async () => {
  signedIn = await startSignedInApp({ env: { PROCESS_ROLES: 'web', ...secrets, DATA_DIR: dataDir } });
  ({ app: web, api, db } = signedIn);
});

afterAll(async () => {
  await worker.kill('SIGTERM');
  await signedIn?.close();
  await killProcessesIn(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a worker killed at any point (local provider)', () => {
  it.each(commonCrashPoints('Installing the web service').map((p, i) => [p.name, p, i] as const))(
    'resumes %s',
    async (_name, point, index) => {
      const final = await spawnThroughCrash({ api, db, worker, point, subDomain: `crash${index}` });
      expect(final.status, final.failureReason ?? '').toBe('RUNNING');
      const ledger = await db.query(`SELECT name, state FROM provisioned_resource WHERE "appServerId" = $1`, [final.id]);
      expect(ledger.rows).toEqual([{ name: final.serverId, state: 'PRESENT' }]);
      expect(existsSync(path.join(dataDir, 'servers', final.serverId))).toBe(true);
      // Every VM directory belongs to a server row: nothing was created twice.
      const rows = new Set((await db.query(`SELECT id FROM server`)).rows.map((r) => r.id));
      for (const dir of readdirSync(path.join(dataDir, 'servers'))) expect(rows.has(dir)).toBe(true);
      const lines = (await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1`, [final.serverId])).rows.map((r) => r.text);
      for (const once of ['The recipe finished successfully.', '\x1b[1;34m==>\x1b[0m Installing the web service', '\x1b[1;34m==>\x1b[0m Done']) {
        expect(
          lines.filter((t) => t === once),
          once,
        ).toHaveLength(1);
      }
      const deployment = await db.query(`SELECT d.status FROM deployment d JOIN app_server a ON a."deploymentId" = d.id WHERE a.id = $1`, [final.id]);
      expect(deployment.rows[0].status).toBe('HEALTHY');
      // A kill, a restart and a whole provisioning each: minutes on a loaded two-core machine.
    },
    120_000,
  );
});
