import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from '../helpers/app.ts';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { createAndSpawn } from '../helpers/suite.ts';
import { triggerPoint, until, WorkerProcess, type CrashPoint } from '../helpers/crash.ts';
import { killProcessesIn } from '../helpers/processes.ts';
import { lbSuiteReady, startLbVm, type LbVm } from '../helpers/lb-vm.ts';
import { FakeGandi } from '../fakes/gandi/index.ts';
import { generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';

// Archive's routing teardown with the worker SIGKILLed at each of its steps: after a restart the
// archive finishes with no CNAME left at Gandi and no backend or map line left on HAProxy.
// Local app servers (this machine's processes) behind real HAProxy on a load-balancer VM that
// shares this machine's network.
const ready = lbSuiteReady('the archive crash matrix');
const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const dataDir = mkdtempSync(path.join(tmpdir(), 'im-crash-archive-'));
const TOKEN = 'gandi-token-crash-archive';
const gandi = new FakeGandi({ domains: ['localhost'], tokens: [TOKEN] });
const sshKey = generateHostKeyPair();
let lb: LbVm;
let env: Record<string, string>;
let signedIn: SignedInApp;
let web: TestApp;
let api: GqlClient;
let db: pg.Client;
const worker = new WorkerProcess(() => ({ ...env, DATABASE_URL: web.databaseUrl }));

const POINTS: CrashPoint[] = [
  triggerPoint('before the backend is marked leaving', 'provisioned_resource', `NEW.kind = 'lb-backend' AND NEW.state = 'DELETING'`, 'UPDATE'),
  triggerPoint(
    'after HAProxy took the configuration, before its version is recorded',
    'load_balancing_server',
    `NEW."deployedConfigurationVersion" > OLD."deployedConfigurationVersion"`,
    'UPDATE',
  ),
  triggerPoint('before the CNAMEs are marked deleting', 'provisioned_resource', `NEW.kind = 'dns-cname' AND NEW.state = 'DELETING'`, 'UPDATE'),
  triggerPoint(
    'after a CNAME was deleted at Gandi, before the ledger says so',
    'provisioned_resource',
    `NEW.kind = 'dns-cname' AND NEW.state = 'DELETED'`,
    'UPDATE',
  ),
  triggerPoint('before archivedAt is stamped', 'instance', `NEW."archivedAt" IS NOT NULL AND OLD."archivedAt" IS NULL`, 'UPDATE'),
];

const subDomain = (i: number) => `gone${i}`;

beforeAll(async () => {
  if (!ready) return;
  await gandi.start();
  lb = await startLbVm(sshKey.publicKey);
  env = {
    ...secrets,
    ...lb.env,
    DATA_DIR: dataDir,
    LOAD_BALANCER_PROVIDER: 'haproxy',
    SSH_PRIVATE_KEY: sshKey.privateKey,
    DNS_PROVIDER: 'gandi',
    GANDI_API_KEY: TOKEN,
    GANDI_API_URL: gandi.url,
  };
  signedIn = await startSignedInApp({ env: { ...env, PROCESS_ROLES: 'web' } });
  ({ app: web, api, db } = signedIn);
  worker.start();
  // Every instance of the matrix provisioned and active behind HAProxy up front, in parallel.
  const spawned = await Promise.all(POINTS.map((_, i) => createAndSpawn(api, subDomain(i))));
  for (const s of spawned) {
    await until(
      'the app server to run',
      async () => (await db.query(`SELECT status FROM app_server WHERE id = $1`, [rawId(s.appServerId)])).rows[0].status === 'RUNNING',
      120_000,
    );
    const r = await api.request(`mutation($id: ID!) { activateAppServer(id: $id, force: true) { __typename ... on Error { message } } }`, {
      id: s.appServerId,
    });
    expect(r.data.activateAppServer.__typename, JSON.stringify(r)).toBe('MutationActivateAppServerSuccess');
  }
  instanceIds = spawned.map((s) => s.instanceId);
  for (let i = 0; i < POINTS.length; i++) {
    await until(`gone${i} to be served through HAProxy`, async () => (await lb.get(`${subDomain(i)}.localhost`).catch(() => null))?.status === 200);
  }
}, 300_000);

let instanceIds: string[] = [];

afterAll(async () => {
  await worker.kill('SIGTERM');
  await signedIn?.close();
  await killProcessesIn(dataDir);
  await lb?.stop();
  await gandi.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!ready)('archive with the worker killed at each step of the routing teardown', () => {
  it.each(POINTS.map((p, i) => [p.name, p, i] as const))(
    'finishes after a kill %s',
    async (_name, point, i) => {
      const names = [subDomain(i), `studio-${subDomain(i)}`, `preview-${subDomain(i)}`];
      for (const name of names) expect(gandi.record('localhost', name), name).toBeDefined();
      await point.arm(db);
      if (!worker.running) worker.start();
      const r = await api.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, { id: instanceIds[i] });
      expect(r.data.archiveInstance.__typename).toBe('MutationArchiveInstanceSuccess');
      await point.held(db);
      await worker.kill('SIGKILL');
      await point.release(db);
      await db.query(`UPDATE pgboss.job SET state = 'retry', start_after = now() WHERE state = 'active'`);
      worker.start();
      const id = rawId(instanceIds[i]);
      await until('the archive to finish', async () => (await db.query(`SELECT "archivedAt" FROM instance WHERE id = $1`, [id])).rows[0].archivedAt, 120_000);

      for (const name of names) expect(gandi.record('localhost', name), name).toBeUndefined();
      expect(await lb.installedMap()).not.toContain(`${subDomain(i)}.localhost`);
      expect((await lb.get(`${subDomain(i)}.localhost`)).status).toBe(503);
      const left = await db.query(`SELECT kind, name, state FROM provisioned_resource WHERE "instanceId" = $1 AND kind IN ('dns-cname', 'lb-backend')`, [id]);
      expect(left.rows.length).toBe(4);
      expect(left.rows.filter((row) => row.state !== 'DELETED')).toEqual([]);
      // The instances archived later are still served.
      if (i + 1 < POINTS.length) expect((await lb.get(`${subDomain(i + 1)}.localhost`)).status).toBe(200);
    },
    150_000,
  );
});
