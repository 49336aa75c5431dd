import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from '../helpers/app.ts';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { createAndSpawn } from '../helpers/suite.ts';
import { deliverEveryStepTwice } from '../helpers/pipeline.ts';
import { openStackSuiteReady, startOpenStackEnv, type OpenStackEnv } from '../helpers/openstack-env.ts';

// Duplicate delivery on OpenStack: the web role only, so no worker picks jobs up and the test
// delivers each step twice at once; the fake must see exactly one VM and one set of rules.
const ready = openStackSuiteReady('the OpenStack duplicate-delivery suite');
const work = mkdtempSync(path.join(tmpdir(), 'im-dup-os-'));
chmodSync(work, 0o755);
let cloud: OpenStackEnv;
let signedIn: SignedInApp;
let app: TestApp;
let api: GqlClient;
let db: pg.Client;

beforeAll(async () => {
  if (!ready) return;
  cloud = await startOpenStackEnv(work);
  signedIn = await startSignedInApp({ env: { ...cloud.env, PROCESS_ROLES: 'web' } });
  ({ app, api, db } = signedIn);
}, 120_000);

afterAll(async () => {
  await signedIn?.close();
  await cloud?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!ready)('duplicate delivery on OpenStack', () => {
  it('every step delivered twice at once creates one VM, one managed group and one set of rules', async () => {
    const spawned = await createAndSpawn(api, 'twice', {}, 'Twice');
    const deploymentId = rawId(spawned.deploymentId);
    const appServerId = rawId(spawned.appServerId);

    await deliverEveryStepTwice(deploymentId, appServerId);

    const row = await db.query(
      `SELECT a.status, a."serverId", d.status AS deployment FROM app_server a JOIN deployment d ON d.id = a."deploymentId" WHERE a.id = $1`,
      [appServerId],
    );
    expect(row.rows[0]).toMatchObject({ status: 'RUNNING', deployment: 'HEALTHY' });
    expect(cloud.fake.servers).toHaveLength(1);
    expect(cloud.fake.requests.filter((r) => r.method === 'POST' && /\/servers$/.test(r.path))).toHaveLength(1);
    const managed = cloud.fake.securityGroups.filter((g) => g.name === 'edxapp-appserver');
    expect(managed).toHaveLength(1);
    const rules = (managed[0] as any).security_group_rules ?? (managed[0] as any).rules ?? [];
    const keys = rules.map((r: any) => JSON.stringify([r.direction, r.ethertype, r.protocol, r.port_range_min, r.port_range_max, r.remote_ip_prefix]));
    expect(new Set(keys).size).toBe(keys.length);
    const ledger = await db.query(`SELECT kind, state FROM provisioned_resource WHERE state <> 'PRESENT'`);
    expect(ledger.rows).toEqual([]);
    const lines = (await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1`, [row.rows[0].serverId])).rows.map((r) => r.text);
    expect(lines.filter((t) => t === 'The recipe finished successfully.')).toHaveLength(1);
  });
});
