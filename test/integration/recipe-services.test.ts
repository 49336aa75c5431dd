import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rawId, waitFor, waitForAppServerStatus } from '../helpers/graphql.ts';
import { createAndSpawn, signedInSuite, spawnAppServer, terminateAppServer } from '../helpers/suite.ts';
import { withTx } from '../../server/src/db.ts';
import { log } from '../../server/src/logs.ts';
import { transitionAppServer } from '../../server/src/services/transitions.ts';
import { InvalidStateError } from '../../server/src/errors.ts';

// Recipe services (SPEC §5, §6.1, §7.1) on the local provider with the shell recipe: the bundled
// demo script, plus one line that makes instances named "broken…" fail after starting their worker.
const here = path.dirname(fileURLToPath(import.meta.url));
const demo = readFileSync(path.resolve(here, '../../server/src/integrations/recipes/shell/demo.sh'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'im-services-'));
const script = path.join(work, 'recipe.sh');
writeFileSync(
  script,
  demo.replace('step "Done"', `case "$IM_INSTANCE_NAME" in broken*) bash services.sh start; echo "failing on purpose" >&2; exit 1;; esac\nstep "Done"`),
);

const { app, api, db } = signedInSuite({ env: { SHELL_RECIPE_SCRIPT: script } });

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An instance named `name` (the recipe looks at it) and a spawned deployment of it. */
function spawn(name: string, options: Record<string, unknown> = {}) {
  return createAndSpawn(api, name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), options, name);
}

async function serverDir(appServerId: string): Promise<string> {
  const r = await db.query(`SELECT "serverId" FROM app_server WHERE id = $1`, [rawId(appServerId)]);
  return path.join(app.dataDir, 'servers', r.rows[0].serverId);
}

/** The worker's process group, if its pid file names a live one. */
function workerGroup(dir: string): number | null {
  const file = path.join(dir, 'run', 'worker.pid');
  if (!existsSync(file)) return null;
  const pgid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(-pgid, 0);
    return pgid;
  } catch {
    return null;
  }
}

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function logTexts(appServerId: string): Promise<string[]> {
  await log.flush();
  const rows = await db.query(`SELECT text FROM log_entry WHERE "appServerId" = $1 ORDER BY id`, [rawId(appServerId)]);
  return rows.rows.map((r) => r.text);
}

describe('recipe services on activation and deactivation', () => {
  it('activation starts the worker, deactivation stops it', async () => {
    const { instanceId, appServerId } = await spawn('Workers');
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 60_000);
    const dir = await serverDir(appServerId);
    expect(workerGroup(dir)).toBeNull();

    const activated = await api.request(`mutation($id: ID!) { activateAppServer(id: $id) { __typename ... on Error { message } } }`, { id: appServerId });
    expect(activated.data.activateAppServer.__typename).toBe('MutationActivateAppServerSuccess');
    const pgid = workerGroup(dir);
    expect(pgid).not.toBeNull();
    expect(await logTexts(appServerId)).toContain(`services start: worker started (process group ${pgid})`);

    const deactivated = await api.request(`mutation($id: ID!) { deactivateAppServer(id: $id) { __typename ... on Error { message } } }`, { id: appServerId });
    expect(deactivated.data.deactivateAppServer.__typename).toBe('MutationDeactivateAppServerSuccess');
    expect(alive(pgid!)).toBe(false);
    expect(workerGroup(dir)).toBeNull();
    expect(await logTexts(appServerId)).toContain(`services stop: worker stopped (process group ${pgid})`);

    // Terminate leaves no process of the app server behind.
    await terminateAppServer(api, appServerId);
    await waitForAppServerStatus(api, instanceId, appServerId, 'TERMINATED', 60_000);
  }, 120_000);

  it('activation is refused, and says why, when the services do not start', async () => {
    const { instanceId, appServerId } = await spawn('No broker');
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 60_000);
    const dir = await serverDir(appServerId);
    writeFileSync(path.join(dir, 'services.sh'), '#!/usr/bin/env bash\necho "cannot reach the task queue broker" >&2\nexit 3\n');
    const activated = await api.request(`mutation($id: ID!) { activateAppServer(id: $id) { __typename ... on InvalidStateError { message currentState } } }`, {
      id: appServerId,
    });
    expect(activated.data.activateAppServer.__typename).toBe('InvalidStateError');
    expect(activated.data.activateAppServer.message).toMatch(/services did not start.*exited with 3.*cannot reach the task queue broker/);
    const row = await db.query(`SELECT active, "lastActivatedAt" FROM app_server WHERE id = $1`, [rawId(appServerId)]);
    expect(row.rows[0]).toEqual({ active: false, lastActivatedAt: null });
    expect(await logTexts(appServerId)).toContain('services start: cannot reach the task queue broker');
    await terminateAppServer(api, appServerId);
    await waitForAppServerStatus(api, instanceId, appServerId, 'TERMINATED', 60_000);
  }, 120_000);
});

describe('recipe services of a deployment that activates on success', () => {
  it('starts the new app server’s worker and stops the one of the app server it replaces', async () => {
    const first = await spawn('Rolling', { activateOnSuccess: true });
    const activeRow = async (id: string) => (await db.query(`SELECT active FROM app_server WHERE id = $1`, [rawId(id)])).rows[0].active as boolean;
    await waitFor(api, first.instanceId, () => activeRow(first.appServerId), 'the first app server to be activated', 60_000);
    const firstDir = await serverDir(first.appServerId);
    const firstGroup = workerGroup(firstDir);
    expect(firstGroup).not.toBeNull();

    const { appServerId: second } = await spawnAppServer(api, first.instanceId, { activateOnSuccess: true });
    await waitFor(
      api,
      first.instanceId,
      async () => (await activeRow(second)) && !(await activeRow(first.appServerId)),
      'the second app server to replace the first',
      60_000,
    );
    // Stopped after the deactivation committed: its log line comes when `services stop` returns.
    const stopped = `services stop: worker stopped (process group ${firstGroup})`;
    await waitFor(api, first.instanceId, async () => (await logTexts(first.appServerId)).includes(stopped), 'the first worker to stop', 30_000);
    expect(alive(firstGroup!)).toBe(false);
    expect(workerGroup(await serverDir(second))).not.toBeNull();
  }, 150_000);
});

describe('a failed attempt', () => {
  it('stops its services on ConfigurationFailed, and the retry keeps the failed attempt’s configuration', async () => {
    const { instanceId, deploymentId } = await spawn('broken site', { numAttempts: 2 });
    // Edited after the deployment started: the second attempt must not pick this up (SPEC §6.1).
    await db.query(`UPDATE instance SET name = 'fixed site', "configurationExtraSettings" = 'EDXAPP_PLATFORM_NAME: edited' WHERE id = $1`, [rawId(instanceId)]);
    let appServers: { id: string; status: string; failureReason: string | null }[] = [];
    await waitFor(
      api,
      instanceId,
      async () => {
        const r = await api.request(`query($id: ID!) { node(id: $id) { ... on Deployment { status appServers { id status failureReason } } } }`, {
          id: deploymentId,
        });
        appServers = r.data.node.appServers;
        return r.data.node.status === 'FAILED';
      },
      'the deployment to fail',
      90_000,
    );
    expect(appServers.map((a) => a.status)).toEqual(['CONFIGURATION_FAILED', 'CONFIGURATION_FAILED']);
    const rows = await db.query(`SELECT attempt, name, "configurationExtraSettings" AS extra FROM app_server WHERE "deploymentId" = $1 ORDER BY attempt`, [
      rawId(deploymentId),
    ]);
    expect(rows.rows.map((r) => [r.attempt, r.name, r.extra])).toEqual([
      [1, 'broken site', rows.rows[0].extra],
      [2, 'broken site', rows.rows[0].extra],
    ]);
    expect(rows.rows[1].extra).not.toBe('EDXAPP_PLATFORM_NAME: edited');

    // Each failed attempt had started its worker; `services stop` ran after the failure.
    for (const a of appServers) {
      const dir = await serverDir(a.id);
      await waitFor(
        api,
        instanceId,
        async () => (await logTexts(a.id)).some((t) => t.startsWith('services stop: worker stopped')),
        'services stop after the failure',
        30_000,
      );
      expect(workerGroup(dir)).toBeNull();
    }
  }, 150_000);
});

describe('refused transitions', () => {
  it('are refused with the current state and logged on the app server', async () => {
    const { instanceId, appServerId } = await spawn('Refusals');
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 60_000);
    const id = rawId(appServerId);
    const skipping = withTx((client) => transitionAppServer(client, id, 'RUNNING', 'CONFIGURING_SERVER'));
    await expect(skipping).rejects.toBeInstanceOf(InvalidStateError);
    const stale = withTx((client) => transitionAppServer(client, id, 'CONFIGURING_SERVER', 'RUNNING'));
    await expect(stale).rejects.toMatchObject({ currentState: 'RUNNING' });
    const texts = await logTexts(appServerId);
    expect(texts).toContain('Transition refused: An app server cannot go from Running to ConfiguringServer.');
    expect(texts).toContain('Transition refused: Refused ConfiguringServer → Running: the app server is no longer ConfiguringServer.');
    expect((await db.query(`SELECT status FROM app_server WHERE id = $1`, [id])).rows[0].status).toBe('RUNNING');
    await terminateAppServer(api, appServerId);
    await waitForAppServerStatus(api, instanceId, appServerId, 'TERMINATED', 60_000);
  }, 120_000);
});
