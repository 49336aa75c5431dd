import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDb, disconnectDb } from '../../server/src/db.ts';
import { LogWriter } from '../../server/src/logs.ts';
import { postgresUrl } from '../../server/src/embedded-postgres.ts';
import { gqlClient, waitForAppServerStatus } from '../helpers/graphql.ts';
import { createAndSpawn, createInstance } from '../helpers/suite.ts';
import { alive, cleanUp, databaseUrl, follow, healthz, im, postmaster, startServer, tempDataDir, until } from './server-process.ts';

afterAll(cleanUp, 120_000);

const CRASH = /triggerUncaughtException|Unhandled 'error' event|UnhandledPromiseRejection|uncaught/i;

async function signIn(dataDir: string, url: string): Promise<string> {
  const created = await im(['create-superuser', 'admin', '--password-stdin'], { DATA_DIR: dataDir }, 'Correct-horse1\n');
  expect(created.stdout, created.stderr).toContain('Superuser admin created.');
  // The CLI borrows the running server's Postgres and says so.
  expect(created.stderr).toContain(
    `Database: the embedded database in ${path.join(dataDir, 'postgres')} (the running server's Postgres (pid ${postmaster(dataDir).pid}))`,
  );
  const token = await im(['create-token', 'admin'], { DATA_DIR: dataDir });
  expect(token.code, token.stderr).toBe(0);
  void url;
  return token.stdout.trim();
}

describe('the server after SIGKILL', () => {
  it('starts again on the same DATA_DIR, reusing the postmaster left running, and says so; Ctrl-C then stops both', async () => {
    const dataDir = tempDataDir();
    const first = await startServer(dataDir);
    const orphan = postmaster(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan.pid)).toBe(true);

    // The CLI borrows the leftover too, and leaves it running for the server.
    const cli = await im(['create-superuser', 'early', '--password-stdin'], { DATA_DIR: dataDir }, 'Correct-horse1\n');
    expect(cli.stdout, cli.stderr).toContain('Superuser early created.');
    expect(cli.stderr).toContain(`(the Postgres (pid ${orphan.pid}) left running by a previous process)`);
    expect(alive(orphan.pid)).toBe(true);

    const second = await startServer(dataDir);
    expect(second.output()).toContain(`embedded Postgres: reused the embedded Postgres (pid ${orphan.pid}) left running by a previous process`);
    expect(await healthz(second.url)).toBe(200);

    second.child.kill('SIGINT');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(alive(orphan.pid)).toBe(false);
    expect(second.output()).not.toMatch(CRASH);
  }, 180_000);

  it('replaces a leftover postmaster that does not answer', async () => {
    const dataDir = tempDataDir();
    const first = await startServer(dataDir);
    const orphan = postmaster(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    // A stopped process accepts no connection: the next server must give up on it and replace it.
    process.kill(orphan.pid, 'SIGSTOP');
    const second = await startServer(dataDir);
    expect(second.output()).toContain(
      `stopped an embedded Postgres (pid ${orphan.pid}) left running by a previous process and not answering, then started a new one`,
    );
    expect(postmaster(dataDir).pid).not.toBe(orphan.pid);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  }, 180_000);
});

describe('the embedded Postgres killed under a live subscription', () => {
  it('is restarted; /healthz comes back; the subscriber gets an error and, resuming after its last id, every line exactly once', async () => {
    const dataDir = tempDataDir();
    const server = await startServer(dataDir);
    const token = await signIn(dataDir, server.url);
    const api = gqlClient(server.url, token);
    const instanceId = await createInstance(api, 'faults', 'Faults');
    const rawInstanceId = Buffer.from(instanceId, 'base64').toString().split(':')[1];

    connectDb(databaseUrl(dataDir), 4);
    const writer = new LogWriter({ maxBatch: 10, maxDelayMs: 5 });
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i++) writer.write({ instanceId: rawInstanceId }, 'INFO', `line ${i}`);
      await writer.flush();
    };
    try {
      const live = follow(server.url, token, instanceId);
      await write(0, 50);
      await until('the subscriber to see some lines', () => live.lines.some((l) => l.text.startsWith('line ')));

      const killed = postmaster(dataDir);
      process.kill(killed.pid, 'SIGKILL');
      const how = await live.ended;
      expect(how).toMatch(/^error: /);
      expect(how).not.toContain('close 1006'); // the server went away: a crash
      await until('the embedded Postgres to be restarted', () => server.output().includes('embedded Postgres restarted'), 60_000);
      await until('/healthz to answer 200 again', async () => (await healthz(server.url)) === 200, 60_000);
      expect(postmaster(dataDir).pid).not.toBe(killed.pid);
      await live.close();

      await write(50, 100);
      const seen = live.lines.filter((l) => l.text.startsWith('line '));
      const resumed = follow(server.url, token, instanceId, seen.at(-1)?.id ?? '0');
      await until('the resumed subscriber to reach line 99', () => resumed.lines.some((l) => l.text === 'line 99'), 60_000);
      await resumed.close();

      const all = [...seen, ...resumed.lines];
      expect(all.map((l) => l.text)).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`));
      const ids = all.map((l) => BigInt(l.id));
      for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    } finally {
      await disconnectDb();
      await api.close();
    }

    server.child.kill('SIGINT');
    expect((await server.exited).code).toBe(0);
    expect(server.output()).not.toMatch(CRASH);
  }, 180_000);
});

describe('the CLI', () => {
  it('says which database it used: with another DATA_DIR than the running server, a new empty one, stopped after the command', async () => {
    const dataDir = tempDataDir();
    const server = await startServer(dataDir);
    try {
      const elsewhere = tempDataDir();
      const res = await im(['create-token', 'admin'], { DATA_DIR: elsewhere });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(
        `Database: the embedded database in ${path.join(elsewhere, 'postgres')} (a new, empty one created now: if the server uses another DATA_DIR, set DATA_DIR in .env)`,
      );
      expect(res.stderr).toMatch(/No user named admin/);
      expect(existsSync(path.join(elsewhere, 'postgres', 'postmaster.pid'))).toBe(false);

      const again = await im(['migrate', '--check'], { DATA_DIR: elsewhere });
      expect(again.stderr).toContain('(the server is not running: started for this command)');
      expect(again.stdout).toContain('no pending migrations');
    } finally {
      server.child.kill('SIGINT');
      await server.exited;
    }
  }, 180_000);
});

describe('the embedded Postgres credentials', () => {
  it('are a generated password in DATA_DIR, readable by its owner only; postgres/postgres is refused', async () => {
    const dataDir = tempDataDir();
    const server = await startServer(dataDir);
    try {
      const file = path.join(dataDir, 'postgres-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const { port } = postmaster(dataDir);
      const fixed = new pg.Client({ connectionString: postgresUrl(port, 'postgres') });
      fixed.on('error', () => {});
      await expect(fixed.connect()).rejects.toMatchObject({ code: '28P01' });
      const generated = new pg.Client({ connectionString: databaseUrl(dataDir, 'postgres') });
      await generated.connect();
      expect((await generated.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      // As a cluster made by earlier versions: the fixed password, no password file.
      await generated.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
      await generated.end();
    } finally {
      server.child.kill('SIGINT');
      await server.exited;
    }
    rmSync(path.join(dataDir, 'postgres-password'));
    const upgraded = await startServer(dataDir);
    try {
      const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
      expect(password).toMatch(/^[0-9a-f]{48}$/);
      const fixed = new pg.Client({ connectionString: postgresUrl(postmaster(dataDir).port, 'postgres') });
      fixed.on('error', () => {});
      await expect(fixed.connect()).rejects.toMatchObject({ code: '28P01' });
    } finally {
      upgraded.child.kill('SIGINT');
      await upgraded.exited;
    }
  }, 180_000);
});

describe('a second server on the same DATA_DIR', () => {
  it('is refused with the first one named, and the first keeps running', async () => {
    const dataDir = tempDataDir();
    const first = await startServer(dataDir);
    try {
      await expect(startServer(dataDir)).rejects.toThrow(
        new RegExp(`Cannot start: the embedded Postgres in .* belongs to another running process \\(server, pid ${first.child.pid}\\)`),
      );
      expect(await healthz(first.url)).toBe(200);
    } finally {
      first.child.kill('SIGINT');
      await first.exited;
    }
  }, 180_000);
});

describe('Ctrl-C', () => {
  it('with a local app server running: the server stops cleanly, with its Postgres and the app server', async () => {
    const dataDir = tempDataDir();
    const server = await startServer(dataDir);
    const token = await signIn(dataDir, server.url);
    const api = gqlClient(server.url, token);
    try {
      const { instanceId, appServerId } = await createAndSpawn(api, 'stop', {}, 'Stop');
      await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 120_000);
    } finally {
      await api.close();
    }
    const { pid } = postmaster(dataDir);
    // A terminal's Ctrl-C goes to the whole foreground process group (the server is a leader).
    process.kill(-server.child.pid!, 'SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toMatch(CRASH);
    expect(alive(pid)).toBe(false);
  }, 180_000);
});
