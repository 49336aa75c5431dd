// A local app server is someone else's code running on the manager's machine: its processes (the
// recipe and the services it installs) must not inherit the manager's secrets.
import { readFileSync, readdirSync, readlinkSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { waitForAppServerStatus } from '../helpers/graphql.ts';
import { createAndSpawn } from '../helpers/suite.ts';

const SECRETS = {
  SECRET_KEY: 'manager-secret-key-0123456789abcdef',
  SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgresql://manager:hunter2-db-password@127.0.0.1:1/im',
};
const demo = fileURLToPath(new URL('../../server/src/integrations/recipes/shell/demo.sh', import.meta.url));

let signedIn: SignedInApp;
let scriptDir: string;

beforeAll(async () => {
  // The manager's own environment carries its secrets, as when started with them exported.
  Object.assign(process.env, SECRETS);
  scriptDir = mkdtempSync(path.join(tmpdir(), 'im-env-recipe-'));
  // The demo recipe, first writing the environment it was given where the test can read it.
  const script = path.join(scriptDir, 'recipe.sh');
  writeFileSync(script, `env > recipe-environ.txt\n${readFileSync(demo, 'utf8')}`);
  signedIn = await startSignedInApp({
    env: { SHELL_RECIPE_SCRIPT: script, SECRET_KEY: SECRETS.SECRET_KEY, SECRETS_ENCRYPTION_KEY: SECRETS.SECRETS_ENCRYPTION_KEY },
  });
}, 60_000);

afterAll(async () => {
  await signedIn?.close();
  for (const name of Object.keys(SECRETS)) delete process.env[name];
  rmSync(scriptDir, { recursive: true, force: true });
});

/** Pids whose working directory is the app server's directory: its service processes. */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

function leakedSecrets(environ: string): string[] {
  return Object.entries(SECRETS)
    .filter(([name, value]) => environ.includes(`${name}=`) || environ.includes(value))
    .map(([name]) => name);
}

it('runs a local app server without the manager secrets in its environment, and it still serves', async () => {
  const { api, app, db } = signedIn;
  const { instanceId, appServerId } = await createAndSpawn(api, 'envcheck', {}, 'Env check');
  await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 120_000);

  const rawId = Buffer.from(appServerId, 'base64').toString().split(':')[1];
  const server = (await db.query(`SELECT s.id FROM server s JOIN app_server a ON a."serverId" = s.id WHERE a.id = $1`, [rawId])).rows[0];
  const dir = path.join(app.dataDir, 'servers', server.id);

  const recipeEnviron = readFileSync(path.join(dir, 'recipe-environ.txt'), 'utf8');
  expect(recipeEnviron).toMatch(/^PATH=/m);
  expect(leakedSecrets(recipeEnviron)).toEqual([]);

  const pids = processesIn(dir);
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').join('\n');
    expect(environ).toMatch(/^PATH=/m);
    expect(leakedSecrets(environ), `process ${pid}`).toEqual([]);
  }

  const read = await api.request(`query($id: ID!) { appServer(id: $id) { url } }`, { id: appServerId });
  const page = await fetch(read.data.appServer.url);
  expect(await page.text()).toContain('Env check');
}, 180_000);
