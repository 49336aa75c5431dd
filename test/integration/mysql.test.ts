import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deprovisionMysql,
  MYSQL_DATABASE_SUFFIXES,
  MysqlError,
  mysqlPlan,
  mysqlSettings,
  mysqlUserPassword,
  provisionMysql,
  type MysqlInstanceIdentity,
} from '../../server/src/integrations/mysql/index.ts';
import { mariadbSupport, startMariaDb, type PrivateMariaDb } from '../services/mariadb.ts';
import { reportMissing } from '../services/process.ts';

const support = mariadbSupport();
reportMissing('the MySQL provisioning tests (real MariaDB)', support);

describe.skipIf(!support.ok)('MySQL provisioning on a private MariaDB', () => {
  let server: PrivateMariaDb;
  let root: mysql.Connection;

  const alpha: MysqlInstanceIdentity = { databaseName: 'alpha_example_com', mysqlUser: 'qwertyuiopasdfgh', mysqlPassword: 'p4ss-w0rd/with+odd=chars' };

  beforeAll(async () => {
    server = await startMariaDb();
    console.log(`private MariaDB ready in ${server.startMs} ms (data directory, install and start)`);
    root = await server.rootConnection();
  });

  afterAll(async () => {
    await root?.end();
    await server?.stop();
  });

  async function query<T extends RowDataPacket>(sql: string, values: unknown[] = []): Promise<T[]> {
    const [rows] = await root.query<T[]>(sql, values);
    return rows;
  }

  async function grantsOf(identity: MysqlInstanceIdentity): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const user of mysqlPlan(identity).users) {
      const rows = await query<RowDataPacket>(`SHOW GRANTS FOR '${user.name}'@'%'`);
      out[user.name] = rows.map((r) => Object.values(r)[0] as string).sort();
    }
    return out;
  }

  async function connectAs(identity: MysqlInstanceIdentity, user: string, database?: string): Promise<mysql.Connection> {
    return mysql.createConnection({
      host: server.host,
      port: server.port,
      user,
      password: mysqlUserPassword(identity.mysqlPassword, user),
      database,
    });
  }

  async function expectRefused(promise: Promise<unknown>, code: RegExp) {
    const error = await promise.then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(error, 'the statement should have been refused').not.toBeNull();
    expect(error!.code).toMatch(code);
  }

  it('creates the eleven utf8mb4 databases, a user for each, and the migrate and read-only users', async () => {
    const result = await provisionMysql(server.adminUrl, alpha);
    const plan = mysqlPlan(alpha);
    expect(result.databasesCreated.sort()).toEqual(plan.databases.slice().sort());
    expect(result.usersCreated.sort()).toEqual(plan.users.map((u) => u.name).sort());
    expect(result.passwordsReset).toEqual([]);

    const schemata = await query<RowDataPacket>(
      "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'alpha\\_example\\_com\\_%'",
    );
    expect(schemata.map((r) => r.SCHEMA_NAME).sort()).toEqual(MYSQL_DATABASE_SUFFIXES.map((s) => `alpha_example_com_${s}`).sort());
    for (const row of schemata) expect(row.DEFAULT_CHARACTER_SET_NAME).toBe('utf8mb4');

    const users = await query<RowDataPacket>("SELECT User, Host FROM mysql.user WHERE User LIKE 'qwertyuiopasdfgh\\_%'");
    expect(users.map((r) => `${r.User}@${r.Host}`).sort()).toEqual(
      [...MYSQL_DATABASE_SUFFIXES, 'migrate', 'read_only'].map((s) => `qwertyuiopasdfgh_${s}@%`).sort(),
    );
  });

  it('lets each database user in with its derived password, into its own database and no other', async () => {
    const databases = mysqlPlan(alpha).databases;
    for (const suffix of MYSQL_DATABASE_SUFFIXES) {
      if (suffix === 'edx_notes_api' || suffix === 'reports') continue;
      const own = `alpha_example_com_${suffix}`;
      const conn = await connectAs(alpha, `qwertyuiopasdfgh_${suffix}`, own);
      try {
        await conn.query('CREATE TABLE probe (id INT PRIMARY KEY, note VARCHAR(20))');
        await conn.query("INSERT INTO probe VALUES (1, 'ü written')");
        const [rows] = await conn.query<RowDataPacket[]>('SELECT note FROM probe');
        expect(rows[0]!.note).toBe('ü written');
        await conn.query('DROP TABLE probe');
        const other = databases.find((d) => d !== own)!;
        await expectRefused(conn.query(`USE \`${other}\``), /ER_DBACCESS_DENIED_ERROR/);
        await expectRefused(conn.query('USE mysql'), /ER_DBACCESS_DENIED_ERROR/);
      } finally {
        await conn.end();
      }
    }
  });

  it('gives the notes user data access only and the reports user reading only', async () => {
    const migrate = await connectAs(alpha, 'qwertyuiopasdfgh_migrate');
    try {
      for (const db of ['alpha_example_com_edx_notes_api', 'alpha_example_com_reports']) {
        await migrate.query(`CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT)`);
        await migrate.query(`INSERT INTO \`${db}\`.t VALUES (1, 1)`);
      }
    } finally {
      await migrate.end();
    }

    const notes = await connectAs(alpha, 'qwertyuiopasdfgh_edx_notes_api', 'alpha_example_com_edx_notes_api');
    try {
      await notes.query('INSERT INTO t VALUES (2, 2)');
      await notes.query('UPDATE t SET v = 3 WHERE id = 2');
      await notes.query('DELETE FROM t WHERE id = 2');
      const [rows] = await notes.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM t');
      expect(Number(rows[0]!.n)).toBe(1);
      await expectRefused(notes.query('CREATE TABLE other (id INT)'), /ER_TABLEACCESS_DENIED_ERROR/);
      await expectRefused(notes.query('DROP TABLE t'), /ER_TABLEACCESS_DENIED_ERROR/);
    } finally {
      await notes.end();
    }

    const reports = await connectAs(alpha, 'qwertyuiopasdfgh_reports', 'alpha_example_com_reports');
    try {
      const [rows] = await reports.query<RowDataPacket[]>('SELECT v FROM t');
      expect(rows).toHaveLength(1);
      await expectRefused(reports.query('INSERT INTO t VALUES (2, 2)'), /ER_TABLEACCESS_DENIED_ERROR/);
      await expectRefused(reports.query('UPDATE t SET v = 9'), /ER_TABLEACCESS_DENIED_ERROR/);
    } finally {
      await reports.end();
    }
  });

  it('gives the migrate user everything on every instance database and the read-only user SELECT on them', async () => {
    const databases = mysqlPlan(alpha).databases;
    const migrate = await connectAs(alpha, 'qwertyuiopasdfgh_migrate');
    const readOnly = await connectAs(alpha, 'qwertyuiopasdfgh_read_only');
    try {
      for (const db of databases) {
        await migrate.query(`CREATE TABLE \`${db}\`.m (id INT)`);
        await migrate.query(`INSERT INTO \`${db}\`.m VALUES (7)`);
        await migrate.query(`ALTER TABLE \`${db}\`.m ADD COLUMN c INT`);
        const [rows] = await readOnly.query<RowDataPacket[]>(`SELECT id FROM \`${db}\`.m`);
        expect(rows.map((r) => r.id)).toEqual([7]);
        await expectRefused(readOnly.query(`INSERT INTO \`${db}\`.m VALUES (8, 8)`), /ER_TABLEACCESS_DENIED_ERROR/);
        await migrate.query(`DROP TABLE \`${db}\`.m`);
      }
      // "ALL on all" means the instance's databases, not the server.
      await expectRefused(migrate.query('CREATE DATABASE somebody_else'), /ER_DBACCESS_DENIED_ERROR/);
      await expectRefused(migrate.query('SELECT * FROM mysql.user'), /ER_TABLEACCESS_DENIED_ERROR/);
      await expectRefused(readOnly.query('SELECT * FROM mysql.user'), /ER_TABLEACCESS_DENIED_ERROR/);
    } finally {
      await migrate.end();
      await readOnly.end();
    }
  });

  it('changes nothing when run again', async () => {
    const grantsBefore = await grantsOf(alpha);
    const hashesBefore = await query<RowDataPacket>("SELECT User, authentication_string FROM mysql.user WHERE User LIKE 'qwertyuiopasdfgh\\_%' ORDER BY User");
    const again = await provisionMysql(server.adminUrl, alpha);
    expect(again).toEqual({ databasesCreated: [], usersCreated: [], passwordsReset: [], grantsChanged: [] });
    expect(await grantsOf(alpha)).toEqual(grantsBefore);
    expect(await query<RowDataPacket>("SELECT User, authentication_string FROM mysql.user WHERE User LIKE 'qwertyuiopasdfgh\\_%' ORDER BY User")).toEqual(
      hashesBefore,
    );
  });

  it('repairs a changed password, a revoked privilege and an added one when run again', async () => {
    const grantsBefore = await grantsOf(alpha);
    await root.query("ALTER USER 'qwertyuiopasdfgh_xqueue'@'%' IDENTIFIED BY 'changed by hand'");
    await root.query("REVOKE DROP, ALTER ON `alpha\\_example\\_com\\_edxapp`.* FROM 'qwertyuiopasdfgh_edxapp'@'%'");
    await root.query("GRANT INSERT, CREATE ON `alpha\\_example\\_com\\_reports`.* TO 'qwertyuiopasdfgh_reports'@'%'");
    await root.query("GRANT SELECT ON `alpha\\_example\\_com\\_edxapp`.* TO 'qwertyuiopasdfgh_discovery'@'%' WITH GRANT OPTION");
    // The original's unescaped pattern, which also matches alphaXexample... databases.
    await root.query("GRANT SELECT ON `alpha_example_com_ecommerce`.* TO 'qwertyuiopasdfgh_notifier'@'%'");
    await expectRefused(connectAs(alpha, 'qwertyuiopasdfgh_xqueue'), /ER_ACCESS_DENIED_ERROR/);

    // Servers configured with sql_notes=0 do not say "already exists": the repair must not depend on it.
    await root.query('SET GLOBAL sql_notes = 0');
    const repaired = await provisionMysql(server.adminUrl, alpha).finally(() => root.query('SET GLOBAL sql_notes = 1'));
    expect(repaired.databasesCreated).toEqual([]);
    expect(repaired.usersCreated).toEqual([]);
    expect(repaired.passwordsReset).toEqual(['qwertyuiopasdfgh_xqueue']);
    expect(repaired.grantsChanged.sort()).toEqual(
      [
        'GRANT ALTER, DROP ON alpha\\_example\\_com\\_edxapp TO qwertyuiopasdfgh_edxapp',
        'REVOKE CREATE, INSERT ON alpha\\_example\\_com\\_reports FROM qwertyuiopasdfgh_reports',
        'REVOKE GRANT OPTION, SELECT ON alpha\\_example\\_com\\_edxapp FROM qwertyuiopasdfgh_discovery',
        'REVOKE SELECT ON alpha_example_com_ecommerce FROM qwertyuiopasdfgh_notifier',
      ].sort(),
    );
    expect(await grantsOf(alpha)).toEqual(grantsBefore);
    const xqueue = await connectAs(alpha, 'qwertyuiopasdfgh_xqueue', 'alpha_example_com_xqueue');
    await xqueue.end();
  });

  it('keeps instances apart, even when one name matches the other as a LIKE pattern', async () => {
    // `a_b` would match `aXb` as a grant pattern: the escaping is what keeps them apart.
    const underscore: MysqlInstanceIdentity = { databaseName: 'a_b', mysqlUser: 'underscoreuser', mysqlPassword: 'one' };
    const lookalike: MysqlInstanceIdentity = { databaseName: 'axb', mysqlUser: 'lookalikeuser', mysqlPassword: 'two' };
    const alphaGrants = await grantsOf(alpha);
    await provisionMysql(server.adminUrl, underscore);
    await provisionMysql(server.adminUrl, lookalike);
    expect(await grantsOf(alpha)).toEqual(alphaGrants);

    for (const [identity, other] of [
      [underscore, 'axb_edxapp'],
      [lookalike, 'a_b_edxapp'],
      [underscore, 'alpha_example_com_edxapp'],
    ] as const) {
      for (const user of [`${identity.mysqlUser}_edxapp`, `${identity.mysqlUser}_migrate`, `${identity.mysqlUser}_read_only`]) {
        const conn = await connectAs(identity, user);
        try {
          await expectRefused(conn.query(`USE \`${other}\``), /ER_DBACCESS_DENIED_ERROR/);
        } finally {
          await conn.end();
        }
      }
    }
    await deprovisionMysql(server.adminUrl, underscore);
    await deprovisionMysql(server.adminUrl, lookalike);
  });

  it('records intent before each database and user it creates, and the reference after', async () => {
    const events: string[] = [];
    const ledger = {
      onIntent: (kind: string, name: string) => void events.push(`intent ${kind} ${name}`),
      onCreated: (kind: string, name: string, ref: string) => void events.push(`created ${kind} ${name} ${ref}`),
    };
    const beta: MysqlInstanceIdentity = { databaseName: 'beta', mysqlUser: 'betauser', mysqlPassword: 'secret-beta' };
    await provisionMysql(server.adminUrl, beta, { ledger });
    const plan = mysqlPlan(beta);
    const expected: string[] = [];
    for (const db of plan.databases) expected.push(`intent mysql-database ${db}`, `created mysql-database ${db} ${db}@127.0.0.1:${server.port}`);
    for (const user of plan.users) expected.push(`intent mysql-user ${user.name}`, `created mysql-user ${user.name} ${user.name}@127.0.0.1:${server.port}`);
    expect(events).toEqual(expected);

    const deleted: string[] = [];
    const dropped = await deprovisionMysql(server.adminUrl, beta, { ledger: { onDeleted: (kind, name) => void deleted.push(`${kind} ${name}`) } });
    expect(dropped.databasesDropped.sort()).toEqual(plan.databases.slice().sort());
    expect(deleted).toEqual([...plan.users.map((u) => `mysql-user ${u.name}`), ...plan.databases.map((d) => `mysql-database ${d}`)]);
  });

  it('drops every database and user on deprovision, and a second deprovision finds nothing to do', async () => {
    const plan = mysqlPlan(alpha);
    const first = await deprovisionMysql(server.adminUrl, alpha);
    expect(first.databasesDropped.sort()).toEqual(plan.databases.slice().sort());
    expect(first.usersDropped.sort()).toEqual(plan.users.map((u) => u.name).sort());
    expect(await query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'alpha\\_%'")).toEqual([]);
    expect(await query("SELECT User FROM mysql.user WHERE User LIKE 'qwertyuiopasdfgh\\_%'")).toEqual([]);
    expect(await query("SELECT * FROM mysql.db WHERE User LIKE 'qwertyuiopasdfgh\\_%'")).toEqual([]);

    const second = await deprovisionMysql(server.adminUrl, alpha);
    expect(second).toEqual({ databasesDropped: [], usersDropped: [] });
    await expectRefused(connectAs(alpha, 'qwertyuiopasdfgh_edxapp'), /ER_ACCESS_DENIED_ERROR/);
  });

  it('fails with a typed error that never shows a password', async () => {
    const identity: MysqlInstanceIdentity = { databaseName: 'gamma', mysqlUser: 'gammauser', mysqlPassword: 'instance-secret-xyz' };
    const wrongPassword = 'definitely-not-it-42';
    const cases: Array<[string, MysqlError['kind'], boolean]> = [
      [`mysql://${server.adminUser}:${wrongPassword}@127.0.0.1:${server.port}`, 'access-denied', false],
      [`mysql://nobody:${wrongPassword}@127.0.0.1:${server.port}`, 'access-denied', false],
      [`mysql://${server.adminUser}:${wrongPassword}@127.0.0.1:1`, 'connection', true],
      [`mysql//${server.adminUser}:${wrongPassword}@127.0.0.1`, 'invalid-url', false],
      [`http://${server.adminUser}:${wrongPassword}@127.0.0.1:${server.port}`, 'invalid-url', false],
    ];
    for (const [url, kind, transient] of cases) {
      const error = await provisionMysql(url, identity).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, url.replace(wrongPassword, '***')).toBeInstanceOf(MysqlError);
      expect((error as MysqlError).kind).toBe(kind);
      expect((error as MysqlError).transient).toBe(transient);
      const shown = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)} ${String((error as Error).cause ?? '')}`;
      expect(shown).not.toContain(wrongPassword);
      expect(shown).not.toContain(identity.mysqlPassword);
    }
    expect(await query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'gamma%'")).toEqual([]);
  });

  it('names the failing statement without its password when the admin may not create users', async () => {
    await root.query("CREATE USER 'weak_admin'@'%' IDENTIFIED BY 'weak-admin-pass'");
    await root.query("GRANT CREATE ON *.* TO 'weak_admin'@'%'");
    await root.query("GRANT SELECT ON mysql.user TO 'weak_admin'@'%'");
    const identity: MysqlInstanceIdentity = { databaseName: 'delta', mysqlUser: 'deltauser', mysqlPassword: 'delta-instance-secret' };
    const error = await provisionMysql(`mysql://weak_admin:weak-admin-pass@127.0.0.1:${server.port}`, identity).then(
      () => null,
      (e: unknown) => e as MysqlError,
    );
    expect(error).toBeInstanceOf(MysqlError);
    expect(error!.kind).toBe('query');
    expect(error!.message).toMatch(/creating user deltauser_edxapp/);
    for (const secret of ['weak-admin-pass', identity.mysqlPassword, mysqlUserPassword(identity.mysqlPassword, 'deltauser_edxapp')]) {
      expect(`${error!.message} ${error!.stack}`).not.toContain(secret);
    }
    await deprovisionMysql(server.adminUrl, identity);
  });

  it('gives an app server settings that reach the databases provisioned', async () => {
    const epsilon: MysqlInstanceIdentity = { databaseName: 'epsilon', mysqlUser: 'epsilonuser', mysqlPassword: 'eps' };
    await provisionMysql(server.adminUrl, epsilon);
    const settings = mysqlSettings({ host: server.host, port: server.port }, epsilon) as Record<string, any>;
    const pairs: Array<[string, string, string, string]> = [
      [settings.EDXAPP_MYSQL_HOST, settings.EDXAPP_MYSQL_USER, settings.EDXAPP_MYSQL_PASSWORD, settings.EDXAPP_MYSQL_DB_NAME],
      [settings.EDXAPP_MYSQL_CSMH_HOST, settings.EDXAPP_MYSQL_CSMH_USER, settings.EDXAPP_MYSQL_CSMH_PASSWORD, settings.EDXAPP_MYSQL_CSMH_DB_NAME],
      [settings.XQUEUE_MYSQL_HOST, settings.XQUEUE_MYSQL_USER, settings.XQUEUE_MYSQL_PASSWORD, settings.XQUEUE_MYSQL_DB_NAME],
      [settings.ECOMMERCE_DATABASE_HOST, settings.ECOMMERCE_DATABASE_USER, settings.ECOMMERCE_DATABASE_PASSWORD, settings.ECOMMERCE_DATABASE_NAME],
      [settings.EDX_NOTES_API_MYSQL_HOST, settings.EDX_NOTES_API_MYSQL_DB_USER, settings.EDX_NOTES_API_MYSQL_DB_PASS, settings.EDX_NOTES_API_MYSQL_DB_NAME],
      [settings.NOTIFIER_DATABASE_HOST, settings.NOTIFIER_DATABASE_USER, settings.NOTIFIER_DATABASE_PASSWORD, settings.NOTIFIER_DATABASE_NAME],
      [settings.DISCOVERY_MYSQL, settings.DISCOVERY_MYSQL_USER, settings.DISCOVERY_MYSQL_PASSWORD, settings.DISCOVERY_DEFAULT_DB_NAME],
      ...(['INSIGHTS_DATABASES', 'PROGRAMS_DATABASES', 'ECOMMERCE_DATABASES', 'ANALYTICS_API_DATABASES'] as const).flatMap((key) =>
        Object.values(settings[key] as Record<string, any>).map((d) => [d.HOST, d.USER, d.PASSWORD, d.NAME] as [string, string, string, string]),
      ),
    ];
    expect(new Set(pairs.map((p) => p[3])).size).toBe(MYSQL_DATABASE_SUFFIXES.length);
    for (const [host, user, password, database] of pairs) {
      const conn = await mysql.createConnection({ host, port: server.port, user, password, database });
      await conn.query('SELECT 1');
      await conn.end();
    }
    for (const [user, password] of [
      [settings.COMMON_MYSQL_MIGRATE_USER, settings.COMMON_MYSQL_MIGRATE_PASS],
      [settings.COMMON_MYSQL_READ_ONLY_USER, settings.COMMON_MYSQL_READ_ONLY_PASS],
    ]) {
      const conn = await mysql.createConnection({ host: server.host, port: server.port, user, password, database: 'epsilon_edxapp' });
      await conn.end();
    }
    await deprovisionMysql(server.adminUrl, epsilon);
  });
});
