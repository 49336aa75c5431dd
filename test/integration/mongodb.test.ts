// The MongoDB integration under the real `mongodb` driver, against the wire-level fake in
// test/fakes/mongodb (no MongoDB server can be installed on this machine: see the fake's header).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MongoClient, MongoServerError } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deprovisionMongo,
  MONGO_LEDGER_KINDS,
  MongoAuthenticationError,
  MongoCommandError,
  MongoInputError,
  MongoIntegrationError,
  mongoSettings,
  MongoUnauthorizedError,
  MongoUnreachableError,
  provisionMongo,
  type MongoLedgerCallbacks,
} from '../../server/src/integrations/mongodb/index.ts';
import { startFakeMongo, type FakeMongo } from '../fakes/mongodb/index.ts';

const ADMIN = { user: 'im-admin', password: 'Adm1n-pa55word' };
const ACCOUNT = { databaseName: 'demo_example_com', mongoUser: 'qkzvtrwbnmpxlhaf', mongoPassword: 'Inst4nce-pa55word' };
const MAIN = ACCOUNT.databaseName;
const FORUM = `${ACCOUNT.databaseName}_forum`;
const TIMEOUT_MS = 1500;

let fake: FakeMongo;
const clients: MongoClient[] = [];

beforeEach(async () => {
  fake = await startFakeMongo({ admin: ADMIN });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fake.close();
});

function connect(url: string): MongoClient {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: TIMEOUT_MS, connectTimeoutMS: TIMEOUT_MS });
  clients.push(client);
  return client;
}

/** What an app server does with its credentials: authenticate against `db`, write a document, read it back. */
async function writeAndReadAs(user: string, password: string, db: string): Promise<number> {
  const client = connect(fake.urlFor(user, password, db));
  try {
    await client.db(db).collection('probe').insertOne({ from: user });
    return (await client.db(db).collection('probe').find({ from: user }).toArray()).length;
  } finally {
    await client.close();
  }
}

async function rolesOf(user: string, db: string): Promise<unknown[] | null> {
  const reply = await connect(fake.adminUrl()).db(db).command({ usersInfo: user });
  return reply.users.length ? reply.users[0].roles : null;
}

type LedgerEvent = [event: 'intent' | 'created' | 'deleted', kind: string, name: string, ref?: string];
function recordingLedger(events: LedgerEvent[], onIntent?: () => void): Required<MongoLedgerCallbacks> {
  return {
    onIntent: (kind, name) => {
      onIntent?.();
      events.push(['intent', kind, name]);
    },
    onCreated: (kind, name, ref) => void events.push(['created', kind, name, ref]),
    onDeleted: (kind, name, ref) => void events.push(['deleted', kind, name, ref]),
  };
}

async function caught(promise: Promise<unknown>): Promise<MongoIntegrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MongoIntegrationError);
  return error as MongoIntegrationError;
}

/** No password may reach an error's message, its serialized form or its stack (they go to job logs). */
function expectNoPassword(error: Error, ...passwords: string[]): void {
  for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
    for (const password of [ADMIN.password, ACCOUNT.mongoPassword, ...passwords]) expect(text).not.toContain(password);
  }
}

describe('provisionMongo', () => {
  it('creates the instance user in its main and forum databases with readWrite on each, ledger intent first', async () => {
    const events: LedgerEvent[] = [];
    const createUsersSentAtIntent: number[] = [];
    const result = await provisionMongo(fake.adminUrl(), ACCOUNT, {
      timeoutMs: TIMEOUT_MS,
      ledger: recordingLedger(events, () => createUsersSentAtIntent.push(fake.commands.filter((c) => c.name === 'createUser').length)),
    });

    expect(result.users).toEqual([
      { database: MAIN, user: ACCOUNT.mongoUser, outcome: 'created' },
      { database: FORUM, user: ACCOUNT.mongoUser, outcome: 'created' },
    ]);
    // Read back through the real driver: each database is the user's authentication database.
    expect(await rolesOf(ACCOUNT.mongoUser, MAIN)).toEqual([{ role: 'readWrite', db: MAIN }]);
    expect(await rolesOf(ACCOUNT.mongoUser, FORUM)).toEqual([{ role: 'readWrite', db: FORUM }]);
    expect(await rolesOf(ACCOUNT.mongoUser, 'admin')).toBeNull();
    // The createUser commands were sent as the admin.
    expect(fake.commands.filter((c) => c.name === 'createUser').map((c) => [c.db, c.as])).toEqual([
      [MAIN, `${ADMIN.user}@admin`],
      [FORUM, `${ADMIN.user}@admin`],
    ]);

    expect(events).toEqual([
      ['intent', MONGO_LEDGER_KINDS.user, `${ACCOUNT.mongoUser}@${MAIN}`],
      ['created', MONGO_LEDGER_KINDS.user, `${ACCOUNT.mongoUser}@${MAIN}`, `${MAIN}.${ACCOUNT.mongoUser}`],
      ['intent', MONGO_LEDGER_KINDS.database, MAIN],
      ['created', MONGO_LEDGER_KINDS.database, MAIN, MAIN],
      ['intent', MONGO_LEDGER_KINDS.user, `${ACCOUNT.mongoUser}@${FORUM}`],
      ['created', MONGO_LEDGER_KINDS.user, `${ACCOUNT.mongoUser}@${FORUM}`, `${FORUM}.${ACCOUNT.mongoUser}`],
      ['intent', MONGO_LEDGER_KINDS.database, FORUM],
      ['created', MONGO_LEDGER_KINDS.database, FORUM, FORUM],
    ]);
    // Each user's intent was recorded before its createUser went out.
    expect([createUsersSentAtIntent[0], createUsersSentAtIntent[2]]).toEqual([0, 1]);
  });

  it('gives the instance user a working login on both databases and nothing beyond them', async () => {
    await provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });

    expect(await writeAndReadAs(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, MAIN)).toBe(1);
    expect(await writeAndReadAs(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, FORUM)).toBe(1);
    expect(fake.databaseNames()).toEqual([MAIN, FORUM]);

    const intruder = connect(fake.urlFor(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, MAIN));
    const refused = await intruder
      .db('other_instance')
      .collection('probe')
      .insertOne({ x: 1 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MongoServerError);
    expect((refused as MongoServerError).code).toBe(13);
  });

  it('on a rerun updates the user (new password, roles restored) instead of failing or duplicating it', async () => {
    await provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    // Someone narrowed the user's rights by hand; the rerun puts them back.
    await connect(fake.adminUrl())
      .db(MAIN)
      .command({ updateUser: ACCOUNT.mongoUser, roles: [{ role: 'read', db: MAIN }] });
    const rotated = { ...ACCOUNT, mongoPassword: 'R0tated-pa55word' };

    const result = await provisionMongo(fake.adminUrl(), rotated, { timeoutMs: TIMEOUT_MS });

    expect(result.users.map((u) => u.outcome)).toEqual(['updated', 'updated']);
    expect([...fake.users.values()].filter((u) => u.user === ACCOUNT.mongoUser).map((u) => u.db)).toEqual([MAIN, FORUM]);
    expect(await rolesOf(ACCOUNT.mongoUser, MAIN)).toEqual([{ role: 'readWrite', db: MAIN }]);
    expect(fake.commands.filter((c) => c.name === 'updateUser').map((c) => c.db)).toEqual([MAIN, MAIN, FORUM]);
    expect(await writeAndReadAs(ACCOUNT.mongoUser, rotated.mongoPassword, MAIN)).toBe(1);
    const oldPassword = await writeAndReadAs(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, FORUM).catch((e: unknown) => e);
    expect((oldPassword as MongoServerError).code).toBe(18);
  });

  it('resumes after losing the answer to createUser: the rerun finds the user and updates it', async () => {
    fake.loseReplyNext({ command: 'createUser' });

    const lost = await caught(provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS }));
    expect(lost).toBeInstanceOf(MongoUnreachableError);
    expect(lost.retryable).toBe(true);
    expect(lost.operation).toBe(`createUser ${ACCOUNT.mongoUser}@${MAIN}`);
    expect(fake.user(ACCOUNT.mongoUser, MAIN)).toBeDefined();
    expectNoPassword(lost);

    const result = await provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    expect(result.users.map((u) => u.outcome)).toEqual(['updated', 'created']);
  });

  it('reports server errors with their code: transient ones as retryable, and never a password', async () => {
    fake.failNext({ command: 'createUser', code: 91, codeName: 'ShutdownInProgress', errmsg: 'The server is in quiesce mode and will shut down' });
    const transient = await caught(provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS }));
    expect(transient).toBeInstanceOf(MongoCommandError);
    expect([transient.code, transient.codeName, transient.retryable]).toEqual([91, 'ShutdownInProgress', true]);

    // A server echoing the password back (some proxies do) still does not leak it.
    fake.failNext({ command: 'createUser', code: 2, codeName: 'BadValue', errmsg: `bad pwd ${ACCOUNT.mongoPassword} for ${ADMIN.password}` });
    const permanent = await caught(provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS }));
    expect([permanent.code, permanent.retryable]).toEqual([2, false]);
    expect(permanent.message).toContain('bad pwd ***');
    expectNoPassword(permanent);
  });

  it('refuses a wrong admin password with a typed error that names the server, not the password', async () => {
    const events: LedgerEvent[] = [];
    const wrong = 'Wr0ng-admin-pa55word';

    const error = await caught(provisionMongo(fake.adminUrl(wrong), ACCOUNT, { timeoutMs: TIMEOUT_MS, ledger: recordingLedger(events) }));

    expect(error).toBeInstanceOf(MongoAuthenticationError);
    expect([error.code, error.failure, error.retryable]).toEqual([18, 'authentication', false]);
    expect(error.server).toBe(`127.0.0.1:${fake.port}`);
    expect(error.message).toContain(`127.0.0.1:${fake.port}`);
    expectNoPassword(error, wrong);
    expect(events).toEqual([]);
    expect(fake.user(ACCOUNT.mongoUser, MAIN)).toBeUndefined();
  });

  it('reports an admin lacking user-administration rights as unauthorized', async () => {
    await connect(fake.adminUrl())
      .db('admin')
      .command({ createUser: 'reader', pwd: 'Re4der-pa55word', roles: ['readAnyDatabase'] });

    const error = await caught(provisionMongo(fake.urlFor('reader', 'Re4der-pa55word'), ACCOUNT, { timeoutMs: TIMEOUT_MS }));

    expect(error).toBeInstanceOf(MongoUnauthorizedError);
    expect(error.code).toBe(13);
    expectNoPassword(error, 'Re4der-pa55word');
    expect(fake.user(ACCOUNT.mongoUser, MAIN)).toBeUndefined();
  });

  it('fails with a typed unreachable error within the timeout when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const started = Date.now();
    const error = await caught(provisionMongo(`mongodb://${ADMIN.user}:${ADMIN.password}@127.0.0.1:${port}/`, ACCOUNT, { timeoutMs: 1000 }));

    expect(Date.now() - started).toBeLessThan(4000);
    expect(error).toBeInstanceOf(MongoUnreachableError);
    expect(error.retryable).toBe(true);
    expect(error.server).toBe(`127.0.0.1:${port}`);
    expectNoPassword(error);
  });

  it('fails with a typed unreachable error within the timeout when the server accepts and never answers', async () => {
    fake.hangNext({ command: 'ismaster', count: Infinity });

    const started = Date.now();
    const error = await caught(provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: 1000 }));

    expect(Date.now() - started).toBeLessThan(4000);
    expect(error).toBeInstanceOf(MongoUnreachableError);
    expect(fake.commands.every((c) => c.name === 'ismaster')).toBe(true);
  });

  it('gives up on a command that is never answered within the timeout', async () => {
    fake.hangNext({ command: 'createUser' });

    const started = Date.now();
    const error = await caught(provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: 1000 }));

    expect(Date.now() - started).toBeLessThan(4000);
    expect(error).toBeInstanceOf(MongoUnreachableError);
    expect(error.operation).toBe(`createUser ${ACCOUNT.mongoUser}@${MAIN}`);
  });

  it('refuses bad names and URLs before sending anything, without echoing the URL', async () => {
    for (const databaseName of ['', 'has/slash', 'has space', 'x'.repeat(59)]) {
      const error = await caught(provisionMongo(fake.adminUrl(), { ...ACCOUNT, databaseName }));
      expect(error).toBeInstanceOf(MongoInputError);
    }
    expect(await caught(provisionMongo(fake.adminUrl(), { ...ACCOUNT, mongoUser: 'a,b' }))).toBeInstanceOf(MongoInputError);
    expect(await caught(provisionMongo(fake.adminUrl(), { ...ACCOUNT, mongoPassword: '' }))).toBeInstanceOf(MongoInputError);
    const badUrl = await caught(provisionMongo(`https://${ADMIN.user}:${ADMIN.password}@127.0.0.1/`, ACCOUNT));
    expect(badUrl).toBeInstanceOf(MongoInputError);
    expectNoPassword(badUrl);
    expect(fake.commands).toEqual([]);
  });
});

describe('deprovisionMongo', () => {
  it('drops the user from both databases and both databases, leaves other instances alone, and is fine to repeat', async () => {
    const other = { databaseName: 'other_example_com', mongoUser: 'otheruser', mongoPassword: 'Oth3r-pa55word' };
    await provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    await provisionMongo(fake.adminUrl(), other, { timeoutMs: TIMEOUT_MS });
    await writeAndReadAs(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, MAIN);
    await writeAndReadAs(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, FORUM);
    await writeAndReadAs(other.mongoUser, other.mongoPassword, other.databaseName);
    const events: LedgerEvent[] = [];

    const result = await deprovisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS, ledger: recordingLedger(events) });

    expect(result.users.map((u) => u.outcome)).toEqual(['dropped', 'dropped']);
    expect(result.databases).toEqual([MAIN, FORUM]);
    expect(await rolesOf(ACCOUNT.mongoUser, MAIN)).toBeNull();
    expect(await rolesOf(ACCOUNT.mongoUser, FORUM)).toBeNull();
    const listed = await connect(fake.adminUrl()).db('admin').admin().listDatabases({ nameOnly: true });
    expect(listed.databases.map((d) => d.name)).toEqual([other.databaseName]);
    expect(await rolesOf(other.mongoUser, other.databaseName)).toEqual([{ role: 'readWrite', db: other.databaseName }]);
    expect(events).toEqual([
      ['deleted', MONGO_LEDGER_KINDS.user, `${ACCOUNT.mongoUser}@${MAIN}`, `${MAIN}.${ACCOUNT.mongoUser}`],
      ['deleted', MONGO_LEDGER_KINDS.database, MAIN, MAIN],
      ['deleted', MONGO_LEDGER_KINDS.user, `${ACCOUNT.mongoUser}@${FORUM}`, `${FORUM}.${ACCOUNT.mongoUser}`],
      ['deleted', MONGO_LEDGER_KINDS.database, FORUM, FORUM],
    ]);
    const login = await writeAndReadAs(ACCOUNT.mongoUser, ACCOUNT.mongoPassword, MAIN).catch((e: unknown) => e);
    expect((login as MongoServerError).code).toBe(18);

    const again = await deprovisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    expect(again.users.map((u) => u.outcome)).toEqual(['absent', 'absent']);
    expect(again.databases).toEqual([MAIN, FORUM]);
  });

  it('passes on a failed dropDatabase as a typed error, and the rerun finishes the job', async () => {
    await provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    fake.seed(FORUM, 'contents', [{ body: 'a post' }]);
    fake.closeNext({ command: 'dropDatabase' });

    const error = await caught(deprovisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS }));
    expect(error).toBeInstanceOf(MongoUnreachableError);
    expect(error.operation).toBe(`dropDatabase ${MAIN}`);

    const result = await deprovisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    expect(result.users.map((u) => u.outcome)).toEqual(['absent', 'dropped']);
    expect(fake.databaseNames()).toEqual([]);
    expect(fake.users.size).toBe(1); // the admin
  });
});

describe('mongoSettings', () => {
  it('lets an app server reach both databases with the instance credentials it carries', async () => {
    await provisionMongo(fake.adminUrl(), ACCOUNT, { timeoutMs: TIMEOUT_MS });
    const s = mongoSettings(fake.adminUrl(), ACCOUNT);

    const edxapp = `mongodb://${s.EDXAPP_MONGO_USER}:${s.EDXAPP_MONGO_PASSWORD}@${s.EDXAPP_MONGO_HOSTS}:${s.EDXAPP_MONGO_PORT}/${s.EDXAPP_MONGO_DB_NAME}`;
    const forum = `mongodb://${s.FORUM_MONGO_USER}:${s.FORUM_MONGO_PASSWORD}@${s.FORUM_MONGO_HOSTS.map((h) => `${h}:${s.FORUM_MONGO_PORT}`).join(',')}/${s.FORUM_MONGO_DATABASE}`;
    for (const [url, db] of [
      [edxapp, MAIN],
      [forum, FORUM],
    ]) {
      const client = connect(url);
      await client.db(db).collection('modulestore').insertOne({ course: 'demo' });
      expect(await client.db(db).collection('modulestore').find({}).toArray()).toHaveLength(1);
    }
    expect(JSON.stringify(s)).not.toContain(ADMIN.password);
  });
});
