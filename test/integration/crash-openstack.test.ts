import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from '../helpers/app.ts';
import type { GqlClient } from '../helpers/graphql.ts';
import { commonCrashPoints, spawnThroughCrash, until, WorkerProcess, type CrashPoint } from '../helpers/crash.ts';
import { openStackSuiteReady, startOpenStackEnv, type OpenStackEnv } from '../helpers/openstack-env.ts';

// The crash-point matrix on OpenStack: the worker runs in its own process against the fake cloud
// and its real sshd VMs; after each kill and restart, exactly one VM exists per app server, every
// VM has its ledger row and every ledger row its VM, and no intent is left unresolved.
const ready = openStackSuiteReady('the OpenStack crash matrix');
const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const work = mkdtempSync(path.join(tmpdir(), 'im-crash-os-'));
chmodSync(work, 0o755);
let cloud: OpenStackEnv;
let signedIn: SignedInApp;
let web: TestApp;
let api: GqlClient;
let db: pg.Client;
const worker = new WorkerProcess(() => ({ ...cloud.env, ...secrets, DATABASE_URL: web.databaseUrl, DATA_DIR: path.join(work, 'worker') }));

beforeAll(async () => {
  if (!ready) return;
  cloud = await startOpenStackEnv(work);
  signedIn = await startSignedInApp({ env: { ...cloud.env, PROCESS_ROLES: 'web', ...secrets } });
  ({ app: web, api, db } = signedIn);
}, 120_000);

afterAll(async () => {
  await worker.kill('SIGTERM');
  await signedIn?.close();
  await cloud?.stop();
  rmSync(work, { recursive: true, force: true });
});

const createRequests = () => cloud.fake.requests.filter((r) => r.method === 'POST' && /\/servers$/.test(r.path)).length;

/** Holds the worker in Nova's create call: the ledger intent is committed, Nova has not answered. */
function novaPoint(name: string, fault: 'hang' | 'lose'): CrashPoint {
  let before = 0;
  return {
    name,
    async arm() {
      before = createRequests();
      if (fault === 'hang') cloud.fake.hangNext({ method: 'POST', path: /\/servers$/ });
      else cloud.fake.loseResponseNext({ method: 'POST', path: /\/servers$/ });
    },
    async held(db) {
      await until('the create request', async () => createRequests() > before);
      const intent = await db.query(`SELECT state FROM provisioned_resource WHERE kind = 'vm' ORDER BY "createdAt" DESC LIMIT 1`);
      expect(intent.rows[0].state).toBe('PLANNED');
    },
    async release() {},
  };
}

const POINTS: CrashPoint[] = [
  novaPoint('right after the VM intent, before Nova saw the create', 'hang'),
  novaPoint('after Nova created the VM, its answer lost', 'lose'),
  ...commonCrashPoints('Say done'),
];

describe.skipIf(!ready)('a worker killed at any point (OpenStack)', () => {
  it.each(POINTS.map((p, i) => [p.name, p, i] as const))(
    'resumes %s',
    async (_name, point, index) => {
      const final = await spawnThroughCrash({ api, db, worker, point, subDomain: `oscrash${index}` });
      expect(final.status, final.failureReason ?? '').toBe('RUNNING');

      const live = cloud.fake.servers.filter((s) => s.status !== 'DELETED');
      const mine = live.filter((s) => s.metadata?.['im-server'] === final.serverId);
      expect(mine).toHaveLength(1);
      const ledger = await db.query(`SELECT kind, name, state, "externalRef" FROM provisioned_resource`);
      const vms = ledger.rows.filter((r) => r.kind === 'vm');
      // No resource without its ledger row, no present row without its resource, no intent left open.
      for (const vm of live) expect(vms.find((r) => r.name === vm.metadata?.['im-server'])?.state).toBe('PRESENT');
      for (const row of vms.filter((r) => r.state === 'PRESENT')) expect(live.map((s) => s.id)).toContain(row.externalRef);
      expect(ledger.rows.filter((r) => r.state === 'PLANNED')).toEqual([]);
      const lines = (await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1 OR "appServerId" = $2`, [final.serverId, final.id])).rows.map((r) =>
        r.text.replace(/\x1b\[[0-9;]*m/g, ''),
      );
      for (const once of ['The recipe finished successfully.', 'Status: ConfiguringServer → Running']) {
        expect(
          lines.filter((t) => t === once),
          once,
        ).toHaveLength(1);
      }
      expect(lines.filter((t) => t.includes('"msg": "site installed for')).length).toBeLessThanOrEqual(1);
      // A kill, a restart and a whole provisioning each: minutes on a loaded two-core machine.
    },
    120_000,
  );
});
