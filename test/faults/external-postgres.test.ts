import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pool, withAdvisoryLock } from '../../server/src/db.ts';
import { LogWriter } from '../../server/src/logs.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlClient, rawId, waitForAppServerStatus, type GqlClient } from '../helpers/graphql.ts';
import { createInstance, spawnAppServer } from '../helpers/suite.ts';
import { follow, healthz, until } from './server-process.ts';

// An external Postgres that drops every connection of the product (a failover, a restart):
// the product runs in this process, so an unhandled 'error' event would fail this file.
let app: TestApp;
let api: GqlClient;
let token: string;

beforeAll(async () => {
  app = await startTestApp();
  await app.createSuperuser('admin', 'Correct-horse1');
  token = await app.createToken('admin');
  api = gqlClient(app.url, token);
});

afterAll(async () => {
  await api?.close();
  await app?.stop();
});

async function dropConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    const database = new URL(app.databaseUrl).pathname.slice(1);
    const res = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('an external Postgres that drops every connection', () => {
  it('subscribers get an error and resume by id with every line once; pool, listener and job queue reconnect', async () => {
    const instanceId = await createInstance(api, 'drop', 'Drop');
    const writer = new LogWriter({ maxBatch: 10, maxDelayMs: 5 });
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i++) writer.write({ instanceId: rawId(instanceId) }, 'INFO', `line ${i}`);
      await writer.flush();
    };

    const live = follow(app.url, token, instanceId);
    await write(0, 30);
    await until('the subscriber to see some lines', () => live.lines.some((l) => l.text.startsWith('line ')));
    // A connection checked out of the pool and idle (a step talking to a cloud under its lock)
    // when the database goes: its 'error' event must not be unhandled.
    let dropped!: () => void;
    const droppedNow = new Promise<void>((resolve) => (dropped = resolve));
    const held = withAdvisoryLock('faults:held', () => droppedNow);
    await until(
      'the lock to be held',
      async () => (await pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`)).rows[0].n > 0,
    );
    expect(await dropConnections()).toBeGreaterThan(0);
    // Give the dropped connection's error event time to arrive before the holder returns.
    await until('the held connection to notice', () => live.ended.then(() => true));
    dropped();
    await held;
    expect(await live.ended).toMatch(/STREAM_INTERRUPTED/);
    await live.close();

    await until('/healthz to answer 200', async () => (await healthz(app.url)) === 200);
    // The pool hands out working connections again.
    await until('the pool to reconnect', () =>
      pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    );
    await write(30, 60);
    const seen = live.lines.filter((l) => l.text.startsWith('line '));
    const resumed = follow(app.url, token, instanceId, seen.at(-1)!.id);
    await until('the resumed subscriber to reach line 59', () => resumed.lines.some((l) => l.text === 'line 59'));
    await resumed.close();
    expect([...seen, ...resumed.lines].map((l) => l.text)).toEqual(Array.from({ length: 60 }, (_, i) => `line ${i}`));

    // Jobs still run: a whole local app server pipeline goes through pg-boss.
    const { appServerId } = await spawnAppServer(api, instanceId);
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 120_000);

    // And a live subscriber started after the drop sees new lines as they are written.
    const after = follow(app.url, token, instanceId);
    await until('the backlog', () => after.lines.some((l) => l.text === 'line 59'));
    await write(60, 61);
    await until('a live line after the reconnect', () => after.lines.some((l) => l.text === 'line 60'));
    await after.close();
  }, 180_000);
});
