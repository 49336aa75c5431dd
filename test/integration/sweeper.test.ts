import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { rawId, type GqlClient } from '../helpers/graphql.ts';
import { until } from '../helpers/crash.ts';
import { SNAPSHOT_COLUMNS } from '../../server/src/services/appservers.ts';
import { jobQueue } from '../../server/src/queue.ts';
import { claimStep } from '../../server/src/jobs/step.ts';
import { notifyOperators } from '../../server/src/integrations/webhook/index.ts';

// Deadlines stored in rows are enforced by the sweeper job even when no worker runs the step
// any more. Rows stand in for lost runs, and time is moved by writing the deadlines.
let signedIn: SignedInApp;
let api: GqlClient;
let db: pg.Client;
let webhook: Server;
const received: { text: string }[] = [];

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(req.url === '/refuse' ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  signedIn = await startSignedInApp({ env: { NOTIFY_WEBHOOK_URL: url } });
  ({ api, db } = signedIn);
});

afterAll(async () => {
  await signedIn?.close();
  await new Promise((r) => webhook?.close(r));
});

async function createInstance(subDomain: string): Promise<string> {
  const created = await api.request(
    `mutation($s: String!) { createInstance(input: {name: $s, subDomain: $s}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    { s: subDomain },
  );
  return rawId(created.data.createInstance.data.id);
}

/** A started deployment with one app server in `status`, written as rows: no job works on it. */
async function appServerIn(instanceId: string, status: string, number = 1): Promise<{ id: string; deploymentId: string }> {
  const dep = await db.query(
    `INSERT INTO deployment ("instanceId", type, "targetCount", "startedAt", status) VALUES ($1, 'ADMIN', 1, now(), 'PROVISIONING') RETURNING id`,
    [instanceId],
  );
  const a = await db.query(
    `INSERT INTO app_server (number, "instanceId", "deploymentId", slot, attempt, status, ${SNAPSHOT_COLUMNS})
     SELECT $3, $1, $2, 0, 1, $4::"AppServerStatus", ${SNAPSHOT_COLUMNS} FROM instance WHERE id = $1 RETURNING id`,
    [instanceId, dep.rows[0].id, number, status],
  );
  return { id: a.rows[0].id, deploymentId: dep.rows[0].id };
}

async function sweep(): Promise<void> {
  await jobQueue().send('deadline.sweep', {});
}

describe('the deadline sweeper', () => {
  it('gives each claimed step a deadline beyond its own timeouts, kept by later runs', async () => {
    const a = await appServerIn(await createInstance('claimed'), 'CONFIGURING_SERVER');
    const run = await claimStep({ appServerId: a.id }, 'appserver.runRecipe');
    const seconds = (run!.row.deadline!.getTime() - Date.now()) / 1000;
    // RECIPE_TOTAL_TIMEOUT (9000 s) plus a margin for the step to fail itself first.
    expect(seconds).toBeGreaterThan(9000);
    expect(seconds).toBeLessThan(9000 + 3600);
    const again = await claimStep({ appServerId: a.id }, 'appserver.runRecipe');
    expect(again!.row.deadline).toEqual(run!.row.deadline);
  });

  it('fails a step past its deadline, and its app server through the usual transition', async () => {
    const instanceId = await createInstance('overdue');
    const late = await appServerIn(instanceId, 'CONFIGURING_SERVER', 1);
    const onTime = await appServerIn(instanceId, 'WAITING_FOR_SERVER', 2);
    await db.query(
      `INSERT INTO provisioning_step ("appServerId", name, status, "startedAt", deadline, lease)
       VALUES ($1, 'appserver.runRecipe', 'RUNNING', now() - interval '3 hours', now() - interval '1 minute', gen_random_uuid()),
              ($2, 'appserver.waitVm', 'RUNNING', now(), now() + interval '1 hour', gen_random_uuid())`,
      [late.id, onTime.id],
    );
    await sweep();
    const failed = await until(
      'the late app server to fail',
      async () => {
        const r = await db.query(`SELECT status, "failureReason" FROM app_server WHERE id = $1`, [late.id]);
        return r.rows[0].status !== 'CONFIGURING_SERVER' ? r.rows[0] : null;
      },
      30_000,
    );
    expect(failed.status).toBe('CONFIGURATION_FAILED');
    expect(failed.failureReason).toMatch(/appserver\.runRecipe step did not finish by its deadline/);
    const steps = await db.query(`SELECT "appServerId", status, error, lease FROM provisioning_step WHERE "appServerId" = ANY($1) ORDER BY name`, [
      [late.id, onTime.id],
    ]);
    expect(steps.rows.find((s) => s.appServerId === late.id)).toMatchObject({ status: 'FAILED', error: 'deadline passed', lease: null });
    expect(steps.rows.find((s) => s.appServerId === onTime.id)).toMatchObject({ status: 'RUNNING' });
    expect((await db.query(`SELECT status FROM app_server WHERE id = $1`, [onTime.id])).rows[0].status).toBe('WAITING_FOR_SERVER');
    // The deployment is evaluated as for any failure: nothing left to provision, so FAILED.
    await until(
      'the deployment to be evaluated',
      async () => (await db.query(`SELECT status FROM deployment WHERE id = $1`, [late.deploymentId])).rows[0].status === 'FAILED',
      30_000,
    );
    const line = await db.query(`SELECT level, text FROM log_entry WHERE "appServerId" = $1 AND text LIKE 'Status:%'`, [late.id]);
    expect(line.rows).toEqual([{ level: 'ERROR', text: expect.stringContaining('ConfiguringServer → ConfigurationFailed') }]);
  });

  it('sends a lost terminate again, and ends an overdue one with an error and a notification', async () => {
    const instanceId = await createInstance('terminating');
    const lost = await appServerIn(instanceId, 'ERROR', 1);
    const overdue = await appServerIn(instanceId, 'ERROR', 2);
    await db.query(`UPDATE app_server SET "terminationRequestedAt" = now() - interval '5 minutes' WHERE id = $1`, [lost.id]);
    await db.query(`UPDATE app_server SET "terminationRequestedAt" = now() - interval '1 day' WHERE id = $1`, [overdue.id]);
    const before = received.length;
    await sweep();
    await until(
      'the lost terminate to be done',
      async () => (await db.query(`SELECT status FROM app_server WHERE id = $1`, [lost.id])).rows[0].status === 'TERMINATED',
      30_000,
    );
    await until(
      'the overdue terminate to end',
      async () => (await db.query(`SELECT "terminationRequestedAt" FROM app_server WHERE id = $1`, [overdue.id])).rows[0].terminationRequestedAt === null,
      30_000,
    );
    const row = await db.query(`SELECT status FROM app_server WHERE id = $1`, [overdue.id]);
    expect(row.rows[0].status).toBe('ERROR');
    const lines = await db.query(`SELECT level, text FROM log_entry WHERE "appServerId" = $1 AND level = 'ERROR'`, [overdue.id]);
    expect(lines.rows[0].text).toMatch(/Termination did not finish within \d+ s and was abandoned: terminate again to retry/);
    await until('the notification', async () => received.length > before, 10_000);
    expect(received.slice(before).map((m) => m.text)).toEqual([expect.stringContaining(overdue.id)]);
    // Terminating again is possible once more.
    const again = await api.request(`mutation($id: ID!) { terminateAppServer(id: $id) { __typename } }`, {
      id: Buffer.from(`AppServer:${overdue.id}`).toString('base64'),
    });
    expect(again.data.terminateAppServer.__typename).toBe('MutationTerminateAppServerSuccess');
  });
});

describe('archiving', () => {
  it('stops after 5 retries of a terminate that never finishes, with an ERROR line and a notification', async () => {
    const instanceId = await createInstance('stuck');
    const stuck = await appServerIn(instanceId, 'ERROR');
    // This app server refuses to become Terminated, as a VM that cannot be deleted would.
    await db.query(`CREATE FUNCTION refuse_terminate() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the VM cannot be deleted'; END $$ LANGUAGE plpgsql`);
    await db.query(
      `CREATE TRIGGER refuse_terminate BEFORE UPDATE ON app_server FOR EACH ROW WHEN (NEW.status = 'TERMINATED' AND NEW.id = '${stuck.id}') EXECUTE FUNCTION refuse_terminate()`,
    );
    try {
      const before = received.length;
      const archived = await api.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, {
        id: Buffer.from(`Instance:${instanceId}`).toString('base64'),
      });
      expect(archived.data.archiveInstance.__typename).toBe('MutationArchiveInstanceSuccess');
      const stopped = async () => (await db.query(`SELECT 1 FROM log_entry WHERE "instanceId" = $1 AND text LIKE 'Archive stopped:%'`, [instanceId])).rowCount;
      for (let round = 0; round < 10 && !(await stopped()); round++) {
        // Each terminate runs out its deadline (moved, not waited for), the sweeper ends it, and
        // the archive's next look (moved up too) asks again.
        await until(
          'a termination to be requested',
          async () =>
            (await db.query(`SELECT "terminationRequestedAt" FROM app_server WHERE id = $1`, [stuck.id])).rows[0].terminationRequestedAt || (await stopped()),
          30_000,
        );
        await db.query(`UPDATE app_server SET "terminationRequestedAt" = now() - interval '1 day' WHERE id = $1 AND "terminationRequestedAt" IS NOT NULL`, [
          stuck.id,
        ]);
        await sweep();
        await until(
          'the termination to be abandoned',
          async () =>
            (await db.query(`SELECT "terminationRequestedAt" FROM app_server WHERE id = $1`, [stuck.id])).rows[0].terminationRequestedAt === null ||
            (await stopped()),
          30_000,
        );
        await db.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'instance.archive' AND state = 'created'`);
      }
      expect(await stopped()).toBe(1);
      const retries = await db.query(`SELECT text FROM log_entry WHERE "instanceId" = $1 AND text LIKE 'Archive: terminating%' ORDER BY id`, [instanceId]);
      expect(retries.rows.map((r) => r.text.match(/retry (\d) of 5/)![1])).toEqual(['1', '2', '3', '4', '5']);
      const inst = await db.query(`SELECT "archivedAt" FROM instance WHERE id = $1`, [instanceId]);
      expect(inst.rows[0].archivedAt).toBeNull();
      // The Notifier's archive-failed message, on the webhook (no SMTP here): the instance by name, the reason.
      await until(
        'the notification',
        async () =>
          received.slice(before).some((m) => /Archive failed\*\nInstance: stuck /.test(m.text) && m.text.includes('could not be terminated after 5 retries')),
        10_000,
      );
      // The archive job is over: nothing left in its queue.
      await until(
        'the archive job to end',
        async () => (await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'instance.archive' AND state IN ('created', 'retry', 'active')`)).rowCount === 0,
        10_000,
      );
    } finally {
      await db.query(`DROP TRIGGER refuse_terminate ON app_server`);
      await db.query(`DROP FUNCTION refuse_terminate()`);
    }
  }, 120_000);
});

describe('the notification webhook', () => {
  it('reports delivery and never throws, even when refused or unreachable', async () => {
    const port = (webhook.address() as AddressInfo).port;
    expect(await notifyOperators(`http://127.0.0.1:${port}/hook`, 'hello')).toBe(true);
    expect(received.at(-1)).toEqual({ text: 'hello' });
    expect(await notifyOperators(`http://127.0.0.1:${port}/refuse`, 'refused')).toBe(false);
    expect(await notifyOperators('http://127.0.0.1:1/', 'nobody')).toBe(false);
    expect(await notifyOperators(undefined, 'logged only')).toBe(false);
  });
});
