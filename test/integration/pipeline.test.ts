import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from '../helpers/app.ts';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { deliverEveryStepTwice } from '../helpers/pipeline.ts';
import { deploymentStartHandler } from '../../server/src/jobs/deployment-start.ts';
import { instanceAllocateHandler } from '../../server/src/jobs/instance-allocate.ts';
import { appServerPrepareHandler } from '../../server/src/jobs/appserver-prepare.ts';
import { appServerSecurityGroupsHandler } from '../../server/src/jobs/appserver-security-groups.ts';
import { appServerCreateVmHandler } from '../../server/src/jobs/appserver-create-vm.ts';
import { appServerTerminateHandler } from '../../server/src/jobs/appserver-terminate.ts';
import { localCompute } from '../../server/src/compute.ts';

// The web role only: no worker picks the jobs up, so the test delivers each step itself.
let signedIn: SignedInApp;
let app: TestApp;
let api: GqlClient;
let db: pg.Client;

beforeAll(async () => {
  signedIn = await startSignedInApp({ env: { PROCESS_ROLES: 'web' } });
  ({ app, api, db } = signedIn);
});

afterAll(async () => {
  // A web-only product does not stop local app servers when it stops: the test does.
  const servers = await db?.query(`SELECT id FROM server WHERE status <> 'TERMINATED'`).catch(() => null);
  for (const s of servers?.rows ?? []) await localCompute()?.stopServices(s);
  await signedIn?.close();
});

describe('duplicate delivery', () => {
  it('every step delivered twice at once creates nothing twice and the app server still ends Running', async () => {
    const created = await api.request(
      `mutation { createInstance(input: {name: "Twice", subDomain: "twice"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const instanceId = created.data.createInstance.data.id;
    const spawned = await api.request(
      `mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { id appServers { id } } } } }`,
      { id: instanceId },
    );
    const deploymentId = rawId(spawned.data.spawnAppServer.data.id);
    const appServerId = rawId(spawned.data.spawnAppServer.data.appServers[0].id);
    await deliverEveryStepTwice(deploymentId, appServerId);

    const status = await db.query(
      `SELECT a.status, a."serverId", d.status AS deployment FROM app_server a JOIN deployment d ON d.id = a."deploymentId" WHERE a.id = $1`,
      [appServerId],
    );
    expect(status.rows[0]).toMatchObject({ status: 'RUNNING', deployment: 'HEALTHY' });
    expect((await db.query(`SELECT count(*)::int AS n FROM server`)).rows[0].n).toBe(1);
    expect(readdirSync(path.join(app.dataDir, 'servers'))).toEqual([status.rows[0].serverId]);
    const ledger = await db.query(`SELECT kind, state FROM provisioned_resource`);
    expect(ledger.rows).toEqual([{ kind: 'vm', state: 'PRESENT' }]);
    const steps = await db.query(`SELECT name, status FROM provisioning_step WHERE "appServerId" = $1 ORDER BY "createdAt"`, [appServerId]);
    expect(steps.rows.map((r) => r.name)).toEqual([
      'appserver.prepare',
      'appserver.securityGroups',
      'appserver.createVm',
      'appserver.waitVm',
      'appserver.runRecipe',
      'appserver.healthCheck',
    ]);
    expect(steps.rows.every((r) => r.status === 'SUCCEEDED' || r.status === 'SKIPPED')).toBe(true);
    const lines = await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1`, [status.rows[0].serverId]);
    const texts = lines.rows.map((r) => r.text);
    for (const once of ['The recipe finished successfully.', '\x1b[1;34m==>\x1b[0m Done', 'Server status: Pending → Building']) {
      expect(texts.filter((t) => t === once)).toHaveLength(1);
    }
    expect(texts.filter((t) => t.startsWith('Running the shell recipe'))).toHaveLength(1);
  });
});

describe('deployment status while provisioning starts (SPEC §4.3)', () => {
  it('stays QUEUED through start, allocation and preparation, and turns PROVISIONING when its app server leaves New', async () => {
    const created = await api.request(
      `mutation { createInstance(input: {name: "Queued", subDomain: "queued"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const spawned = await api.request(
      `mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { id appServers { id } } } } }`,
      { id: created.data.createInstance.data.id },
    );
    const deploymentId = rawId(spawned.data.spawnAppServer.data.id);
    const appServerId = rawId(spawned.data.spawnAppServer.data.appServers[0].id);
    const job = {} as any;
    const status = async () => {
      const r = await api.request(`query($id: ID!) { node(id: $id) { ... on Deployment { status } } }`, { id: spawned.data.spawnAppServer.data.id });
      return r.data.node.status;
    };
    expect(await status()).toBe('QUEUED');
    for (const step of [
      () => deploymentStartHandler.handler({ deploymentId }, job),
      () => instanceAllocateHandler.handler({ deploymentId }, job),
      () => appServerPrepareHandler.handler({ appServerId, attempt: 1 }, job),
      () => appServerSecurityGroupsHandler.handler({ appServerId, attempt: 1 }, job),
    ]) {
      await step();
      expect(await status()).toBe('QUEUED');
    }
    await appServerCreateVmHandler.handler({ appServerId, attempt: 1 }, job);
    expect((await db.query(`SELECT status FROM app_server WHERE id = $1`, [appServerId])).rows[0].status).toBe('WAITING_FOR_SERVER');
    expect(await status()).toBe('PROVISIONING');
    // Cleaned up: the local server this created is terminated.
    await api.request(`mutation($id: ID!) { terminateAppServer(id: $id) { __typename } }`, { id: spawned.data.spawnAppServer.data.appServers[0].id });
    await appServerTerminateHandler.handler({ appServerId }, job);
  });

  it('refuses to cancel a deployment of an archived instance, and changes nothing', async () => {
    const created = await api.request(
      `mutation { createInstance(input: {name: "Gone", subDomain: "gone"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const instanceId = created.data.createInstance.data.id;
    const spawned = await api.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { id } } } }`, {
      id: instanceId,
    });
    const deploymentId = spawned.data.spawnAppServer.data.id;
    const archived = await api.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, { id: instanceId });
    expect(archived.data.archiveInstance.__typename).toBe('MutationArchiveInstanceSuccess');
    const cancelled = await api.request(`mutation($id: ID!) { cancelDeployment(id: $id) { __typename ... on InvalidStateError { message currentState } } }`, {
      id: deploymentId,
    });
    expect(cancelled.data.cancelDeployment).toEqual({ __typename: 'InvalidStateError', message: 'The instance is archived.', currentState: 'ARCHIVED' });
    const row = await db.query(`SELECT "cancelledAt", status FROM deployment WHERE id = $1`, [rawId(deploymentId)]);
    expect(row.rows[0]).toEqual({ cancelledAt: null, status: 'QUEUED' });
  });
});
