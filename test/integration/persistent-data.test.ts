import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { parse } from 'yaml';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createApiToken } from '../../server/src/auth/users.ts';
import { decryptSecret } from '../../server/src/secrets.ts';
import { config } from '../../server/src/settings.ts';
import { gqlClient, rawId, waitFor, waitForAppServerStatus } from '../helpers/graphql.ts';
import { NOTHING_LEFT, persistentEnvSupport, RELAY, startPersistentEnv, type PersistentEnv } from '../helpers/persistent-env.ts';
import { createInstance, signedInSuite, spawnAppServer } from '../helpers/suite.ts';
import { reportMissing } from '../services/process.ts';

// PERSISTENT instances end to end on the local provider (SPEC §5, §6 step 2, §7.2, §8, §9.6):
// real MariaDB and RabbitMQ started once for the file, MongoDB and S3 (with IAM) as wire fakes.

const support = persistentEnvSupport();
reportMissing('the persistent-data suite (real MariaDB and RabbitMQ)', support);

const SERVERS = `query($kind: SharedServerKind!) { sharedServers(kind: $kind) {
  id kind name description url host port username hasPassword replicaSet apiUrl instanceHost instancePort acceptsNewClients instanceCount } }`;
const CREATE_SERVER = `mutation($input: CreateSharedServerInput!) { createSharedServer(input: $input) {
  __typename ... on MutationCreateSharedServerSuccess { data { id name url host port acceptsNewClients } } ... on ValidationError { field message } } }`;
const UPDATE_SERVER = `mutation($id: ID!, $patch: UpdateSharedServerInput!) { updateSharedServer(id: $id, patch: $patch) {
  __typename ... on MutationUpdateSharedServerSuccess { data { name acceptsNewClients url } } ... on Error { message } } }`;
const DELETE_SERVER = `mutation($id: ID!) { deleteSharedServer(id: $id) { __typename ... on InvalidStateError { currentState } ... on Error { message } } }`;
const DELETE_INSTANCE = `mutation($id: ID!, $confirmDomain: String!) { deleteInstance(id: $id, confirmDomain: $confirmDomain) {
  __typename ... on ValidationError { field } ... on InvalidStateError { currentState } ... on Error { message } } }`;
const INSTANCE = `query($id: ID!) { instance(id: $id) { databaseMode storageBucket hasStorageCredentials isArchived
  mysqlServer { kind host } mongodbServer { kind host } rabbitmqServer { kind apiUrl } } }`;

describe.skipIf(!support.ok)('persistent data', () => {
  let services: PersistentEnv;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    services = await startPersistentEnv();
    Object.assign(env, services.env);
  }, 120_000);
  const { api, db, app } = signedInSuite({ env });
  afterAll(async () => {
    await services?.stop();
  });

  const instanceRow = async (globalId: string) => (await db.query(`SELECT * FROM instance WHERE id = $1`, [rawId(globalId)])).rows[0];
  const settingsOf = async (appServerId: string) => {
    const row = (await db.query(`SELECT "renderedSettingsEnc" FROM app_server WHERE id = $1`, [rawId(appServerId)])).rows[0];
    return parse(decryptSecret(row.renderedSettingsEnc));
  };
  const identity = async (globalId: string) => {
    const i = await instanceRow(globalId);
    return {
      databaseName: i.databaseName,
      mysqlUser: i.mysqlUser,
      mongoUser: i.mongoUser,
      rabbitmqVhost: i.rabbitmqVhost,
      rabbitmqUsers: [i.rabbitmqProviderUser, i.rabbitmqConsumerUser],
    };
  };
  const spawnRunning = async (instanceId: string) => {
    const { appServerId } = await spawnAppServer(api, instanceId);
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 90_000);
    return appServerId;
  };
  const ledgerOf = async (globalId: string) =>
    (await db.query(`SELECT kind, name, state FROM provisioned_resource WHERE "instanceId" = $1 AND kind <> 'vm' ORDER BY kind, name`, [rawId(globalId)])).rows;
  const memberApi = async () => {
    await db.query(
      `INSERT INTO "user" (username, email, "passwordHash", "updatedAt") VALUES ('member', 'member@example.com', 'x', now()) ON CONFLICT DO NOTHING`,
    );
    return gqlClient(app.url, await createApiToken('member', 'test'));
  };

  let keep: string;
  let firstAppServer: string;

  it('seeds one server of each kind from the settings; passwords are never served', async () => {
    const all = [];
    for (const kind of ['MYSQL', 'MONGODB', 'RABBITMQ']) {
      const res = await api.request(SERVERS, { kind });
      expect(res.data.sharedServers).toHaveLength(1);
      all.push(res.data.sharedServers[0]);
    }
    expect(all[0]).toMatchObject({
      kind: 'MYSQL',
      host: '127.0.0.1',
      port: services.mariadb.port,
      username: 'im_admin',
      hasPassword: true,
      acceptsNewClients: true,
    });
    expect(all[1]).toMatchObject({ kind: 'MONGODB', host: '127.0.0.1', port: services.mongo.port, username: 'im-admin', hasPassword: true });
    expect(all[2]).toMatchObject({ kind: 'RABBITMQ', apiUrl: services.rabbitmq.apiUrl, instanceHost: '127.0.0.1', instancePort: services.rabbitmq.amqpPort });
    const text = JSON.stringify(all);
    for (const secret of [services.mariadb.adminPassword, services.rabbitmq.adminPassword, 'Mongo-adm1n-secret']) expect(text).not.toContain(secret);
    const stored = (await db.query(`SELECT "passwordEnc" FROM mysql_server`)).rows[0].passwordEnc;
    expect(stored).not.toContain(services.mariadb.adminPassword);
    expect(decryptSecret(stored)).toBe(services.mariadb.adminPassword);
  });

  it('creates, updates and deletes shared servers (superusers), refusing bad input with typed errors', async () => {
    const created = await api.request(CREATE_SERVER, {
      input: { kind: 'MYSQL', name: 'Spare', url: 'mysql://root:Sp4re-secret@db2.example.com:3307', acceptsNewClients: false },
    });
    expect(created.data.createSharedServer).toMatchObject({
      data: { name: 'Spare', url: 'mysql://root@db2.example.com:3307', port: 3307, acceptsNewClients: false },
    });
    expect(JSON.stringify(created)).not.toContain('Sp4re-secret');
    const id = created.data.createSharedServer.data.id;
    const audit = (await db.query(`SELECT input FROM audit_event WHERE action = 'createSharedServer'`)).rows;
    expect(JSON.stringify(audit)).not.toContain('Sp4re-secret');

    for (const [input, field] of [
      [{ kind: 'MYSQL', name: 'Dup', url: 'mysql://root:x@db2.example.com' }, 'url'],
      [{ kind: 'MYSQL', name: 'No password', url: 'mysql://root@db3.example.com' }, 'url'],
      [{ kind: 'MONGODB', name: 'Wrong scheme', url: 'mysql://root:x@db3.example.com' }, 'url'],
      [{ kind: 'MYSQL', name: 'AMQP on MySQL', url: 'mysql://root:x@db4.example.com', instancePort: 5672 }, 'instancePort'],
      [{ kind: 'RABBITMQ', name: ' ', url: 'https://a:b@rabbit2.example.com' }, 'name'],
    ] as const) {
      const res = await api.request(CREATE_SERVER, { input });
      expect(res.data.createSharedServer, JSON.stringify(input)).toMatchObject({ __typename: 'ValidationError', field });
    }
    const updated = await api.request(UPDATE_SERVER, { id, patch: { name: 'Spare 2', description: 'cold standby' } });
    expect(updated.data.updateSharedServer.data).toEqual({ name: 'Spare 2', acceptsNewClients: false, url: 'mysql://root@db2.example.com:3307' });

    const member = await memberApi();
    const forbidden = await member.request(CREATE_SERVER, { input: { kind: 'MYSQL', name: 'x', url: 'mysql://a:b@db9.example.com' } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await member.request(SERVERS, { kind: 'MYSQL' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await member.close();
    expect((await db.query(`SELECT count(*)::int AS n FROM mysql_server`)).rows[0].n).toBe(2);

    expect((await api.request(DELETE_SERVER, { id })).data.deleteSharedServer.__typename).toBe('MutationDeleteSharedServerSuccess');
    expect((await db.query(`SELECT count(*)::int AS n FROM mysql_server`)).rows[0].n).toBe(1);
  });

  it('spawns a PERSISTENT instance whose settings carry its databases, broker, bucket and mail relay', async () => {
    keep = await createInstance(api, 'keep', 'Keep');
    firstAppServer = await spawnRunning(keep);
    const ident = await identity(keep);
    const left = await services.leftovers(ident);
    expect(left.mysqlDatabases).toHaveLength(11);
    expect(left.mysqlUsers).toHaveLength(13);
    expect(left.mongoUsers).toEqual([`${ident.databaseName}.${ident.mongoUser}`, `${ident.databaseName}_forum.${ident.mongoUser}`]);
    expect(left.vhosts).toEqual([ident.rabbitmqVhost]);
    expect(left.brokerUsers.sort()).toEqual([...ident.rabbitmqUsers].sort());
    expect(left.buckets).toHaveLength(1);
    expect(left.iamUsers).toEqual(left.buckets);

    const read = (await api.request(INSTANCE, { id: keep })).data.instance;
    expect(read).toMatchObject({
      databaseMode: 'PERSISTENT',
      storageBucket: left.buckets[0],
      hasStorageCredentials: true,
      mysqlServer: { kind: 'MYSQL', host: '127.0.0.1' },
      mongodbServer: { kind: 'MONGODB' },
      rabbitmqServer: { kind: 'RABBITMQ' },
    });
    // Users who may not read shared servers see none on the instance, without an error.
    const member = await memberApi();
    const asMember = await member.request(`query($id: ID!) { instance(id: $id) { mysqlServer { id } } }`, { id: keep });
    await member.close();
    expect(asMember.errors).toBeUndefined();
    expect(asMember.data.instance?.mysqlServer ?? null).toBeNull();
    // A server an instance was given cannot be deleted: the instance keeps it.
    const rabbitId = (await api.request(SERVERS, { kind: 'RABBITMQ' })).data.sharedServers[0].id;
    const refused = await api.request(DELETE_SERVER, { id: rabbitId });
    expect(refused.data.deleteSharedServer).toMatchObject({ __typename: 'InvalidStateError', currentState: 'IN_USE' });
    expect((await api.request(SERVERS, { kind: 'RABBITMQ' })).data.sharedServers[0].instanceCount).toBe(1);
    const ledger = await ledgerOf(keep);
    expect(new Set(ledger.map((r) => r.state))).toEqual(new Set(['PRESENT']));
    expect(new Set(ledger.map((r) => r.kind))).toEqual(
      new Set([
        'mysql-database',
        'mysql-user',
        'mongodb-user',
        'mongodb-database',
        'rabbitmq-vhost',
        'rabbitmq-user',
        's3-bucket',
        'iam-user',
        'iam-access-key',
      ]),
    );

    const settings = await settingsOf(firstAppServer);
    expect(settings).toMatchObject({
      EDXAPP_MYSQL_DB_NAME: `${ident.databaseName}_edxapp`,
      EDXAPP_MYSQL_USER: `${ident.mysqlUser}_edxapp`,
      EDXAPP_MYSQL_HOST: '127.0.0.1',
      EDXAPP_MYSQL_PORT: services.mariadb.port,
      XQUEUE_MYSQL_DB_NAME: `${ident.databaseName}_xqueue`,
      EDXAPP_MONGO_USER: ident.mongoUser,
      EDXAPP_MONGO_DB_NAME: ident.databaseName,
      FORUM_MONGO_DATABASE: `${ident.databaseName}_forum`,
      EDXAPP_CELERY_BROKER_VHOST: ident.rabbitmqVhost,
      EDXAPP_CELERY_BROKER_HOSTNAME: `127.0.0.1:${services.rabbitmq.amqpPort}`,
      EDXAPP_AWS_STORAGE_BUCKET_NAME: left.buckets[0],
      POSTFIX_QUEUE_EXTERNAL_SMTP_HOST: RELAY.host,
      POSTFIX_QUEUE_EXTERNAL_SMTP_PORT: '587',
      POSTFIX_QUEUE_EXTERNAL_SMTP_PASSWORD: RELAY.password,
      POSTFIX_QUEUE_SENDER_CANONICAL_MAPS: '@localhost  keep.localhost@mail.example.net',
    });
    // The instance's own IAM key, not the installation's.
    expect(settings.EDXAPP_AWS_ACCESS_KEY_ID).not.toBe(services.s3.accessKeyId);
    const objects = new S3Client({
      region: services.s3.region,
      endpoint: services.s3.url,
      forcePathStyle: true,
      credentials: { accessKeyId: settings.EDXAPP_AWS_ACCESS_KEY_ID, secretAccessKey: settings.EDXAPP_AWS_SECRET_ACCESS_KEY },
    });
    for (const body of ['v1', 'v2']) await objects.send(new PutObjectCommand({ Bucket: left.buckets[0], Key: 'course.tar.gz', Body: body }));
    const got = await objects.send(new GetObjectCommand({ Bucket: left.buckets[0], Key: 'course.tar.gz' }));
    expect(await got.Body!.transformToString()).toBe('v2');
    objects.destroy();

    // Secrets: not in the API, job payloads, log lines or stored unencrypted.
    const secrets = [
      settings.EDXAPP_MYSQL_PASSWORD,
      settings.EDXAPP_MONGO_PASSWORD,
      settings.EDXAPP_CELERY_PASSWORD,
      settings.EDXAPP_AWS_SECRET_ACCESS_KEY,
      RELAY.password,
    ];
    const redacted = (await api.request(`query($id: ID!) { appServer(id: $id) { settingsRedacted } }`, { id: firstAppServer })).data.appServer.settingsRedacted;
    const jobs = JSON.stringify((await db.query(`SELECT data FROM pgboss.job`)).rows);
    const logs = JSON.stringify((await db.query(`SELECT text FROM log_entry`)).rows);
    const instanceRowText = JSON.stringify(await instanceRow(keep));
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      for (const [where, text] of Object.entries({ redacted, jobs, logs, instanceRowText })) expect(text, where).not.toContain(secret);
    }
  }, 120_000);

  it('points a second app server at the same databases: a row written with the first one’s credentials is read with the second’s; a rerun creates nothing', async () => {
    const ident = await identity(keep);
    const before = await services.leftovers(ident);
    const keyBefore = [...services.s3.iam.users.values()][0];
    const ledgerBefore = await ledgerOf(keep);
    const second = await spawnRunning(keep);
    const [a, b] = [await settingsOf(firstAppServer), await settingsOf(second)];
    for (const key of [
      'EDXAPP_MYSQL_DB_NAME',
      'EDXAPP_MYSQL_HOST',
      'EDXAPP_MONGO_DB_NAME',
      'EDXAPP_CELERY_BROKER_VHOST',
      'EDXAPP_AWS_STORAGE_BUCKET_NAME',
      'EDXAPP_AWS_ACCESS_KEY_ID',
    ])
      expect(b[key], key).toEqual(a[key]);
    const connect = (s: any) =>
      mysql.createConnection({
        host: s.EDXAPP_MYSQL_HOST,
        port: s.EDXAPP_MYSQL_PORT,
        user: s.EDXAPP_MYSQL_USER,
        password: s.EDXAPP_MYSQL_PASSWORD,
        database: s.EDXAPP_MYSQL_DB_NAME,
      });
    const writer = await connect(a);
    await writer.query('CREATE TABLE courses (id VARCHAR(64) PRIMARY KEY)');
    await writer.query(`INSERT INTO courses VALUES ('course-v1:Org+Kept+2026')`);
    await writer.end();
    const reader = await connect(b);
    const [rows] = await reader.query<any[]>('SELECT id FROM courses');
    await reader.end();
    expect(rows).toEqual([{ id: 'course-v1:Org+Kept+2026' }]);

    expect(await services.leftovers(ident)).toEqual(before);
    expect(JSON.stringify([...services.s3.iam.users.values()][0])).toEqual(JSON.stringify(keyBefore));
    expect(await ledgerOf(keep)).toEqual(ledgerBefore);
  }, 120_000);

  it('switching to EPHEMERAL applies from the next app server and deletes nothing', async () => {
    const ident = await identity(keep);
    const before = await services.leftovers(ident);
    const res = await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: { databaseMode: EPHEMERAL }) { __typename } }`, { id: keep });
    expect(res.data.updateInstance.__typename).toBe('MutationUpdateInstanceSuccess');
    const next = await spawnRunning(keep);
    const settings = await settingsOf(next);
    expect(settings.EDXAPP_MYSQL_USER).toBeUndefined();
    expect(settings.EDXAPP_AWS_STORAGE_BUCKET_NAME).toBeUndefined();
    expect(settings.POSTFIX_QUEUE_EXTERNAL_SMTP_HOST).toBe(RELAY.host);
    expect((await settingsOf(firstAppServer)).EDXAPP_MYSQL_USER).toBe(`${ident.mysqlUser}_edxapp`);
    expect(await services.leftovers(ident)).toEqual(before);
  }, 120_000);

  it('archive removes the vhost and broker users and keeps databases, users, bucket and logs', async () => {
    const ident = await identity(keep);
    const before = await services.leftovers(ident);
    await api.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, { id: keep });
    await waitFor(api, keep, async () => (await api.request(INSTANCE, { id: keep })).data.instance.isArchived, 'the archive', 90_000);
    expect(await services.leftovers(ident)).toEqual({ ...before, vhosts: [], brokerUsers: [] });
    const ledger = await ledgerOf(keep);
    for (const row of ledger) expect(row.state, `${row.kind} ${row.name}`).toBe(row.kind.startsWith('rabbitmq-') ? 'DELETED' : 'PRESENT');
    expect((await db.query(`SELECT count(*)::int AS n FROM log_entry WHERE "instanceId" = $1`, [rawId(keep)])).rows[0].n).toBeGreaterThan(0);
  }, 120_000);

  it('deleteInstance refuses a non-superuser, a wrong domain and a disabled setting, changing nothing', async () => {
    const before = JSON.stringify(await instanceRow(keep));
    const jobsBefore = (await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'instance.delete'`)).rows[0].n;
    const member = await memberApi();
    const forbidden = await member.request(DELETE_INSTANCE, { id: keep, confirmDomain: 'keep.localhost' });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await member.close();
    const wrong = await api.request(DELETE_INSTANCE, { id: keep, confirmDomain: 'other.localhost' });
    expect(wrong.data.deleteInstance).toMatchObject({ __typename: 'ValidationError', field: 'confirmDomain' });
    config().allowInstanceDelete = false;
    try {
      const disabled = await api.request(DELETE_INSTANCE, { id: keep, confirmDomain: 'keep.localhost' });
      expect(disabled.data.deleteInstance).toMatchObject({ __typename: 'InvalidStateError', currentState: 'DELETE_DISABLED' });
      expect((await api.request(`{ instanceDeleteAllowed }`)).data.instanceDeleteAllowed).toBe(false);
    } finally {
      config().allowInstanceDelete = true;
    }
    expect(JSON.stringify(await instanceRow(keep))).toBe(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'instance.delete'`)).rows[0].n).toBe(jobsBefore);
  });

  it('deleteInstance drops the databases, users, every object version, the bucket and IAM user, and every row', async () => {
    const ident = await identity(keep);
    services.mongo.seed(ident.databaseName, 'modulestore', [{ course: 'kept' }]);
    const raw = rawId(keep);
    const appServers = (await db.query(`SELECT id, "serverId" FROM app_server WHERE "instanceId" = $1`, [raw])).rows;
    const res = await api.request(DELETE_INSTANCE, { id: keep, confirmDomain: 'keep.localhost' });
    expect(res.data.deleteInstance.__typename).toBe('MutationDeleteInstanceSuccess');
    await waitFor(api, keep, async () => !(await instanceRow(keep)), 'the delete', 90_000);
    expect(await services.leftovers(ident)).toEqual(NOTHING_LEFT);
    const ledger = (await db.query(`SELECT kind, state FROM provisioned_resource WHERE "instanceId" = $1`, [raw])).rows;
    expect(ledger.length).toBeGreaterThan(20);
    expect(new Set(ledger.map((r) => r.state))).toEqual(new Set(['DELETED']));
    const ids = appServers.map((a) => a.id);
    const serverIds = appServers.map((a) => a.serverId);
    const count = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0].n;
    expect(await count(`SELECT count(*)::int AS n FROM app_server WHERE "instanceId" = $1`, [raw])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM deployment WHERE "instanceId" = $1`, [raw])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM server WHERE id = ANY($1::uuid[])`, [serverIds])).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM log_entry WHERE "instanceId" = $1 OR "appServerId" = ANY($2::uuid[]) OR "serverId" = ANY($3::uuid[])`, [
        raw,
        ids,
        serverIds,
      ]),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM provisioning_step WHERE "appServerId" = ANY($1::uuid[])`, [ids])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'deleteInstance' AND target = $1 AND result <> 'failure'`, [raw])).toBe(1);
  }, 120_000);

  it('a PERSISTENT spawn with no MySQL server accepting clients fails allocation, naming the kind', async () => {
    const mysqlServer = (await api.request(SERVERS, { kind: 'MYSQL' })).data.sharedServers[0];
    await api.request(UPDATE_SERVER, { id: mysqlServer.id, patch: { acceptsNewClients: false } });
    try {
      const id = await createInstance(api, 'nodb', 'No database');
      const { appServerId } = await spawnAppServer(api, id);
      await waitForAppServerStatus(api, id, appServerId, 'ERROR');
      const failure = (await db.query(`SELECT "failureReason" FROM app_server WHERE id = $1`, [rawId(appServerId)])).rows[0].failureReason;
      expect(failure).toBe('No MySQL server accepts new clients: allocation needs one for this instance.');
      expect((await instanceRow(id)).mysqlServerId).toBeNull();
    } finally {
      await api.request(UPDATE_SERVER, { id: mysqlServer.id, patch: { acceptsNewClients: true } });
    }
  }, 120_000);

  it('seeding again leaves existing rows as they are', async () => {
    const { seedSharedServers } = await import('../../server/src/services/shared-servers.ts');
    await db.query(`UPDATE mysql_server SET name = 'Renamed by an operator'`);
    await seedSharedServers(config());
    expect((await db.query(`SELECT name FROM mysql_server`)).rows).toEqual([{ name: 'Renamed by an operator' }]);
  });
});
