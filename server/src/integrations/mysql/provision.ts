import mysql from 'mysql2/promise';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { ResourceLedgerCallbacks } from '../compute/types.ts';
import { MysqlError } from './errors.ts';
import { mysqlPlan, mysqlUserPassword, type MysqlInstanceIdentity, type MysqlPrivileges, type MysqlUserPlan } from './plan.ts';

export const LEDGER_KIND_MYSQL_DATABASE = 'mysql-database';
export const LEDGER_KIND_MYSQL_USER = 'mysql-user';

export interface MysqlCallOptions {
  /** Intent before each database or user is created, its reference after; drops reported as deleted. */
  ledger?: Partial<ResourceLedgerCallbacks>;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export interface MysqlProvisionResult {
  /** Databases and users that did not exist before this call. */
  databasesCreated: string[];
  usersCreated: string[];
  /** Users whose password no longer was the derived one, and was set again. */
  passwordsReset: string[];
  /** Grants added or revoked to match the plan, as `GRANT SELECT ON db TO user` lines. */
  grantsChanged: string[];
}

export interface MysqlDeprovisionResult {
  /** What existed and was dropped; absent ones count as done and are not listed. */
  databasesDropped: string[];
  usersDropped: string[];
}

interface AdminTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);
const ACCESS_DENIED_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE']);
/** Privilege names as information_schema spells them: the only strings we put into REVOKE unquoted. */
const PRIVILEGE_NAME = /^[A-Z][A-Z ]*$/;

/** `mysql://user:password@host:port` (port 3306 when absent). */
export function parseMysqlAdminUrl(adminUrl: string): AdminTarget {
  let url: URL;
  try {
    url = new URL(adminUrl);
  } catch {
    // URL's own error carries the input, password included.
    throw new MysqlError('invalid-url', 'the MySQL admin URL does not parse (expected mysql://user:password@host:port)');
  }
  if (url.protocol !== 'mysql:' || !url.hostname || !url.username) {
    throw new MysqlError(
      'invalid-url',
      `the MySQL admin URL must be mysql://user:password@host:port (got scheme ${url.protocol} host ${url.hostname || '(none)'})`,
    );
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** Every known secret replaced, so a server message quoting our SQL cannot leak one. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

function toMysqlError(e: unknown, doing: string, server: string, secrets: readonly string[]): MysqlError {
  if (e instanceof MysqlError) return e;
  const err = e as { code?: string; sqlMessage?: string; message?: string };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const kind = code && ACCESS_DENIED_CODES.has(code) ? 'access-denied' : code && CONNECTION_CODES.has(code) ? 'connection' : 'query';
  const detail = redact(err?.sqlMessage ?? err?.message ?? String(e), secrets);
  return new MysqlError(kind, `MySQL ${server}: ${doing} failed${code ? ` (${code})` : ''}: ${detail}`, code);
}

/** `a_b` as a GRANT database pattern matches `aXb` too: `_` and `%` are escaped to name one database. */
function grantPattern(database: string): string {
  return database.replace(/[_%]/g, '\\$&');
}

function account(user: string): string {
  return `'${user}'@'%'`;
}

class AdminSession {
  readonly server: string;
  private constructor(
    private readonly conn: mysql.Connection,
    readonly target: AdminTarget,
    private readonly secrets: string[],
    private readonly queryTimeoutMs: number,
  ) {
    this.server = `${target.host}:${target.port}`;
  }

  static async open(target: AdminTarget, secrets: string[], options: MysqlCallOptions): Promise<AdminSession> {
    const server = `${target.host}:${target.port}`;
    try {
      const conn = await mysql.createConnection({
        host: target.host,
        port: target.port,
        user: target.user,
        password: target.password,
        database: target.database,
        connectTimeout: options.connectTimeoutMs ?? 10_000,
        multipleStatements: false,
      });
      // A connection error after connect would otherwise surface as an unhandled 'error' event.
      conn.on('error', () => {});
      return new AdminSession(conn, target, secrets, options.queryTimeoutMs ?? 30_000);
    } catch (e) {
      throw toMysqlError(e, `connecting as ${target.user}`, server, secrets);
    }
  }

  async run(doing: string, sql: string, values: unknown[] = []): Promise<ResultSetHeader> {
    try {
      const [result] = await this.conn.query<ResultSetHeader>({ sql, values, timeout: this.queryTimeoutMs });
      return result;
    } catch (e) {
      throw toMysqlError(e, doing, this.server, this.secrets);
    }
  }

  async rows<T extends RowDataPacket>(doing: string, sql: string, values: unknown[] = []): Promise<T[]> {
    try {
      const [rows] = await this.conn.query<T[]>({ sql, values, timeout: this.queryTimeoutMs });
      return rows;
    } catch (e) {
      throw toMysqlError(e, doing, this.server, this.secrets);
    }
  }

  async close(): Promise<void> {
    try {
      await this.conn.end();
    } catch {
      this.conn.destroy();
    }
  }
}

async function withAdmin<T>(adminUrl: string, identity: MysqlInstanceIdentity, options: MysqlCallOptions, work: (s: AdminSession) => Promise<T>): Promise<T> {
  const target = parseMysqlAdminUrl(adminUrl);
  const plan = mysqlPlan(identity);
  const secrets = [target.password, identity.mysqlPassword, ...plan.users.map((u) => mysqlUserPassword(identity.mysqlPassword, u.name))];
  const session = await AdminSession.open(target, secrets, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** Whether `user` can log in with `password`: the one check that holds for every authentication plugin. */
async function passwordWorks(target: AdminTarget, user: string, password: string, options: MysqlCallOptions): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user,
      password,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
    });
    conn.on('error', () => {});
    await conn.end().catch(() => conn.destroy());
    return true;
  } catch {
    // Refused or unreachable alike: setting the password again is harmless either way.
    return false;
  }
}

/*
 * What exists is read rather than inferred from the notes CREATE/DROP ... IF [NOT] EXISTS
 * send: a server with sql_notes=0 sends none, and a user taken for new would skip its password check.
 */
async function existingDatabases(session: AdminSession, names: string[]): Promise<Set<string>> {
  const rows = await session.rows<RowDataPacket>('listing databases', 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [names]);
  return new Set(rows.map((r) => r.SCHEMA_NAME as string));
}

async function existingUsers(session: AdminSession, names: string[]): Promise<Set<string>> {
  const rows = await session.rows<RowDataPacket>('listing users', "SELECT User FROM mysql.user WHERE Host = '%' AND User IN (?)", [names]);
  return new Set(rows.map((r) => String(r.User)));
}

/**
 * Creates the instance's databases, users and grants (SPEC §9.6), or brings them back to that
 * state: a missing one is created, a changed password set again, a missing grant added and an
 * extra privilege on the instance's databases revoked. A rerun on an intact state changes nothing.
 */
export async function provisionMysql(adminUrl: string, identity: MysqlInstanceIdentity, options: MysqlCallOptions = {}): Promise<MysqlProvisionResult> {
  const plan = mysqlPlan(identity);
  const ledger = options.ledger ?? {};
  return withAdmin(adminUrl, identity, options, async (session) => {
    const result: MysqlProvisionResult = { databasesCreated: [], usersCreated: [], passwordsReset: [], grantsChanged: [] };
    const databasesBefore = await existingDatabases(session, plan.databases);
    const usersBefore = await existingUsers(
      session,
      plan.users.map((u) => u.name),
    );
    for (const database of plan.databases) {
      await ledger.onIntent?.(LEDGER_KIND_MYSQL_DATABASE, database);
      await session.run(`creating database ${database}`, `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4`);
      if (!databasesBefore.has(database)) result.databasesCreated.push(database);
      await ledger.onCreated?.(LEDGER_KIND_MYSQL_DATABASE, database, `${database}@${session.server}`);
    }
    for (const user of plan.users) {
      const password = mysqlUserPassword(identity.mysqlPassword, user.name);
      await ledger.onIntent?.(LEDGER_KIND_MYSQL_USER, user.name);
      await session.run(`creating user ${user.name}`, `CREATE USER IF NOT EXISTS ${account(user.name)} IDENTIFIED BY ?`, [password]);
      if (!usersBefore.has(user.name)) {
        result.usersCreated.push(user.name);
      } else if (!(await passwordWorks(session.target, user.name, password, options))) {
        await session.run(`setting the password of user ${user.name}`, `ALTER USER ${account(user.name)} IDENTIFIED BY ?`, [password]);
        result.passwordsReset.push(user.name);
      }
      await ledger.onCreated?.(LEDGER_KIND_MYSQL_USER, user.name, `${user.name}@${session.server}`);
    }
    for (const user of plan.users) result.grantsChanged.push(...(await reconcileGrants(session, user, plan.databases)));
    return result;
  });
}

interface SchemaPrivilegeRow extends RowDataPacket {
  TABLE_SCHEMA: string;
  PRIVILEGE_TYPE: string;
  IS_GRANTABLE: string;
}

type HeldPrivileges = Map<string, Set<string>>;

/** Database pattern → privileges, `GRANT OPTION` included as one of them. */
async function heldPrivileges(session: AdminSession, user: string): Promise<HeldPrivileges> {
  const rows = await session.rows<SchemaPrivilegeRow>(
    `reading the privileges of ${user}`,
    'SELECT TABLE_SCHEMA, PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?',
    [account(user)],
  );
  const held: HeldPrivileges = new Map();
  for (const row of rows) {
    const privileges = held.get(row.TABLE_SCHEMA) ?? new Set<string>();
    privileges.add(row.PRIVILEGE_TYPE.toUpperCase());
    if (row.IS_GRANTABLE === 'YES') privileges.add('GRANT OPTION');
    held.set(row.TABLE_SCHEMA, privileges);
  }
  return held;
}

/**
 * Within the instance's databases, leaves `user` with exactly its planned privileges. Grants made
 * with an unescaped pattern (the original's `a_b` style, which also matches `aXb`) are revoked.
 * Returns what changed, read back from the server rather than inferred from the statements.
 */
async function reconcileGrants(session: AdminSession, user: MysqlUserPlan, databases: readonly string[]): Promise<string[]> {
  const before = await heldPrivileges(session, user.name);
  const revoke = async (privileges: string[], schema: string) => {
    const unsafe = privileges.find((p) => !PRIVILEGE_NAME.test(p));
    if (unsafe) throw new MysqlError('query', `MySQL ${session.server}: unexpected privilege name ${JSON.stringify(unsafe)} held by ${user.name}`);
    await session.run(
      `revoking ${privileges.join(', ')} on ${schema} from ${user.name}`,
      `REVOKE ${privileges.join(', ')} ON \`${schema}\`.* FROM ${account(user.name)}`,
    );
  };

  for (const database of databases) {
    const wanted = user.grants.get(database);
    const pattern = grantPattern(database);
    const held = before.get(pattern) ?? new Set<string>();
    // GRANT ALL over ALL is a no-op, and which privileges ALL expands to differs between servers: always sent.
    const missing = wanted === 'ALL' ? ['ALL PRIVILEGES'] : (wanted ?? []).filter((p) => !held.has(p));
    if (missing.length > 0) {
      await session.run(
        `granting ${missing.join(', ')} on ${database} to ${user.name}`,
        `GRANT ${missing.join(', ')} ON \`${pattern}\`.* TO ${account(user.name)}`,
      );
    }
    const extra = [...held].filter((p) => (wanted === 'ALL' ? p === 'GRANT OPTION' : !wanted?.includes(p)));
    if (extra.length > 0) await revoke(extra, pattern);
    const unescaped = before.get(database);
    if (unescaped && database !== pattern)
      await revoke([...unescaped].includes('GRANT OPTION') ? ['ALL PRIVILEGES', 'GRANT OPTION'] : ['ALL PRIVILEGES'], database);
  }
  const after = await heldPrivileges(session, user.name);
  return describeChanges(user.name, before, after);
}

function describeChanges(user: string, before: HeldPrivileges, after: HeldPrivileges): string[] {
  const changes: string[] = [];
  for (const schema of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(schema) ?? new Set<string>();
    const now = after.get(schema) ?? new Set<string>();
    const added = [...now].filter((p) => !was.has(p));
    const removed = [...was].filter((p) => !now.has(p));
    if (added.length > 0) changes.push(`GRANT ${added.sort().join(', ')} ON ${schema} TO ${user}`);
    if (removed.length > 0) changes.push(`REVOKE ${removed.sort().join(', ')} ON ${schema} FROM ${user}`);
  }
  return changes;
}

/**
 * Drops the instance's users and databases (users first, so nothing writes while its database
 * goes). Absent ones count as done, so a rerun after a crash finishes the job.
 */
export async function deprovisionMysql(adminUrl: string, identity: MysqlInstanceIdentity, options: MysqlCallOptions = {}): Promise<MysqlDeprovisionResult> {
  const plan = mysqlPlan(identity);
  const ledger = options.ledger ?? {};
  return withAdmin(adminUrl, identity, options, async (session) => {
    const result: MysqlDeprovisionResult = { databasesDropped: [], usersDropped: [] };
    const databasesBefore = await existingDatabases(session, plan.databases);
    const usersBefore = await existingUsers(
      session,
      plan.users.map((u) => u.name),
    );
    for (const user of plan.users) {
      await session.run(`dropping user ${user.name}`, `DROP USER IF EXISTS ${account(user.name)}`);
      if (usersBefore.has(user.name)) result.usersDropped.push(user.name);
      await ledger.onDeleted?.(LEDGER_KIND_MYSQL_USER, user.name, `${user.name}@${session.server}`);
    }
    for (const database of plan.databases) {
      await session.run(`dropping database ${database}`, `DROP DATABASE IF EXISTS \`${database}\``);
      if (databasesBefore.has(database)) result.databasesDropped.push(database);
      await ledger.onDeleted?.(LEDGER_KIND_MYSQL_DATABASE, database, `${database}@${session.server}`);
    }
    return result;
  });
}
