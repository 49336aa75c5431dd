import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { gqlClient, type GqlClient } from '../helpers/graphql.ts';
import { LogWriter } from '../../server/src/logs.ts';
import { killProcessesIn } from '../helpers/processes.ts';
import { createAndSpawn } from '../helpers/suite.ts';

// The web process is this one; a worker runs as a separate process on the same database.
const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
let databaseUrl: string;
let web: TestApp;
let api: GqlClient;
let worker: ReturnType<typeof spawn> | null = null;
const workerDataDir = mkdtempSync(path.join(tmpdir(), 'im-worker-'));

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

const LOG_LINES = `subscription($target: ID!, $afterId: String) { logLines(target: $target, afterId: $afterId) { id text } }`;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  web = await startTestApp({ env: { DATABASE_URL: databaseUrl, PROCESS_ROLES: 'web', ...secrets } });
  await web.createSuperuser('admin', 'Correct-horse1');
  api = gqlClient(web.url, await web.createToken('admin'));
});

afterAll(async () => {
  worker?.kill('SIGTERM');
  await new Promise((r) => (worker && worker.exitCode === null ? worker.once('exit', r) : r(null)));
  await api?.close();
  await web?.stop();
  await killProcessesIn(workerDataDir);
  rmSync(workerDataDir, { recursive: true, force: true });
});

function newAppServer(subDomain: string): Promise<{ instanceId: string; appServerId: string }> {
  return createAndSpawn(api, subDomain);
}

describe('two processes on one database', () => {
  it('two writers of one app server log: live and resumed subscribers each see every line once, in id order', async () => {
    const { appServerId } = await newAppServer('writers');
    const rawId = Buffer.from(appServerId, 'base64').toString().split(':')[1];
    const perWriter = 300;
    const isOurs = (t: string) => t.startsWith('child ') || t.startsWith('parent ');

    const live = api.subscribeUntil<any>(
      LOG_LINES,
      { target: appServerId },
      (_e, all) => all.filter((e) => isOurs(e.logLines.text)).length >= 2 * perWriter,
      60_000,
    );
    // Give the subscription a moment to be registered before the writers start.
    await api.request(`{ viewer { username } }`);

    const child = run(['test/helpers/write-logs.ts', databaseUrl, rawId, String(perWriter), 'child'], {});
    const writer = new LogWriter({ maxBatch: 5, maxDelayMs: 3 });
    for (let i = 0; i < perWriter; i++) {
      writer.write({ appServerId: rawId }, 'INFO', `parent ${i}`);
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await writer.flush();
    expect(await child).toBe(0);

    const events = (await live).map((e) => e.logLines);
    const check = (lines: { id: string; text: string }[], expected: number) => {
      const ours = lines.filter((l) => isOurs(l.text));
      expect(ours).toHaveLength(expected);
      expect(new Set(ours.map((l) => l.text)).size).toBe(expected);
      const ids = lines.map((l) => BigInt(l.id));
      for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    };
    check(events, 2 * perWriter);
    for (const tag of ['child', 'parent']) {
      const seq = events.filter((e) => e.text.startsWith(`${tag} `)).map((e) => Number(e.text.split(' ')[1]));
      expect(seq).toEqual([...Array(perWriter).keys()]);
    }

    // A client that lost its connection resumes from the last id it saw.
    const ourEvents = events.filter((e) => isOurs(e.text));
    const cut = ourEvents[Math.floor(ourEvents.length / 3)];
    const remaining = events.filter((e) => BigInt(e.id) > BigInt(cut.id));
    const resumed = await api.subscribeUntil<any>(LOG_LINES, { target: appServerId, afterId: cut.id }, (_e, all) => all.length >= remaining.length, 30_000);
    expect(resumed.map((e) => e.logLines.id)).toEqual(remaining.map((e) => e.id));
  });

  it('a worker in another process provisions an app server while this web process streams its log live', async () => {
    // Node with tsx as an import hook: the tsx CLI could SIGKILL a busy worker before it stops its app servers.
    worker = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: {
        ...process.env,
        ...secrets,
        DATABASE_URL: databaseUrl,
        PROCESS_ROLES: 'worker',
        DATA_DIR: workerDataDir,
        LOG_LEVEL: 'warn',
        MIGRATE_ON_START: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const { appServerId } = await newAppServer('crossproc');
    const lines = await api.subscribeUntil<any>(LOG_LINES, { target: appServerId }, (e) => e.logLines.text === 'Status: ConfiguringServer → Running', 60_000);
    const texts = lines.map((l) => l.logLines.text);
    expect(texts).toContain('Status: New → WaitingForServer');
    expect(texts.some((t) => t.includes('Running the shell recipe'))).toBe(true);
    const ids = lines.map((l) => BigInt(l.logLines.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
  });
});
