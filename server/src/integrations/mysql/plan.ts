import { createHmac } from 'node:crypto';
import { MysqlError } from './errors.ts';

/** The instance's database suffixes (SPEC §9.6), one database and one user each. */
export const MYSQL_DATABASE_SUFFIXES = [
  'edxapp',
  'edxapp_csmh',
  'xqueue',
  'edx_notes_api',
  'notifier',
  'ecommerce',
  'discovery',
  'analytics_api',
  'dashboard',
  'reports',
  'programs',
] as const;
export type MysqlDatabaseSuffix = (typeof MYSQL_DATABASE_SUFFIXES)[number];

/** Privileges short of ALL, per database user; every other user has ALL on its database. */
const RESTRICTED_PRIVILEGES: Partial<Record<MysqlDatabaseSuffix, readonly string[]>> = {
  edx_notes_api: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  reports: ['SELECT'],
};

/** MySQL (5.7.8 and later) refuses longer user names; MariaDB allows 80, the stricter bound keeps both working. */
export const MYSQL_MAX_USER_LENGTH = 32;
export const MYSQL_MAX_DATABASE_LENGTH = 64;
const IDENTIFIER = /^[A-Za-z0-9_]+$/;

export interface MysqlInstanceIdentity {
  /** The instance's `databaseName` ([a-z0-9_], at most 40 characters). */
  databaseName: string;
  /** The instance's `mysqlUser`: the prefix of every user name. */
  mysqlUser: string;
  /** The instance's `mysqlPassword`: the HMAC key every user's password is derived from. */
  mysqlPassword: string;
}

export type MysqlPrivileges = 'ALL' | readonly string[];

export interface MysqlUserPlan {
  name: string;
  /** Database name → privileges. Databases of the instance that are not listed get none. */
  grants: ReadonlyMap<string, MysqlPrivileges>;
}

export interface MysqlPlan {
  databases: string[];
  users: MysqlUserPlan[];
}

/**
 * A user's password: HMAC-SHA256 keyed by the instance's `mysqlPassword` over the user name, as
 * 64 lowercase hex digits. The original derived its passwords the same way, and hex needs no
 * quoting anywhere (SQL, YAML, URLs) and stays within every MySQL authentication plugin's limits.
 */
export function mysqlUserPassword(mysqlPassword: string, userName: string): string {
  return createHmac('sha256', Buffer.from(mysqlPassword, 'utf8')).update(userName, 'utf8').digest('hex');
}

export function mysqlDatabaseName(databaseName: string, suffix: MysqlDatabaseSuffix): string {
  return `${databaseName}_${suffix}`;
}

export function mysqlUserName(mysqlUser: string, suffix: MysqlDatabaseSuffix | 'migrate' | 'read_only'): string {
  return `${mysqlUser}_${suffix}`;
}

/** Refuses names that would need quoting rules we do not want to depend on, or that MySQL would cut. */
export function checkIdentifier(what: 'database' | 'user', name: string): void {
  const max = what === 'database' ? MYSQL_MAX_DATABASE_LENGTH : MYSQL_MAX_USER_LENGTH;
  if (!IDENTIFIER.test(name)) throw new MysqlError('invalid-name', `MySQL ${what} name ${JSON.stringify(name)} may only contain A-Z, a-z, 0-9 and _`);
  if (name.length > max) throw new MysqlError('invalid-name', `MySQL ${what} name ${name} is longer than ${max} characters`);
}

/**
 * What an instance owns on its MySQL server (SPEC §9.6): eleven databases, a user for each with
 * its privileges there, `_migrate` with ALL and `_read_only` with SELECT on each of them. "ALL on
 * all" is per database, as in the original: `_migrate` holds nothing outside the instance's own
 * databases. (The original also granted ALL to `_read_only`; the spec's SELECT is kept.)
 */
export function mysqlPlan(identity: MysqlInstanceIdentity): MysqlPlan {
  checkIdentifier('database', identity.databaseName);
  checkIdentifier('user', identity.mysqlUser);
  const databases = MYSQL_DATABASE_SUFFIXES.map((suffix) => mysqlDatabaseName(identity.databaseName, suffix));
  const users: MysqlUserPlan[] = MYSQL_DATABASE_SUFFIXES.map((suffix) => ({
    name: mysqlUserName(identity.mysqlUser, suffix),
    grants: new Map([[mysqlDatabaseName(identity.databaseName, suffix), RESTRICTED_PRIVILEGES[suffix] ?? 'ALL']]),
  }));
  users.push(
    { name: mysqlUserName(identity.mysqlUser, 'migrate'), grants: new Map(databases.map((db) => [db, 'ALL' as const])) },
    { name: mysqlUserName(identity.mysqlUser, 'read_only'), grants: new Map(databases.map((db) => [db, ['SELECT']])) },
  );
  for (const db of databases) checkIdentifier('database', db);
  for (const user of users) checkIdentifier('user', user.name);
  return { databases, users };
}

export interface MysqlServerAddress {
  /** The host app servers connect to (may differ from the admin URL's, e.g. a private address). */
  host: string;
  port: number;
}

/**
 * The connection settings an app server needs (SPEC §7.2), under the Ansible variable names the
 * original generated; every password is derived, none is stored.
 */
export function mysqlSettings(server: MysqlServerAddress, identity: MysqlInstanceIdentity): Record<string, unknown> {
  mysqlPlan(identity); // refuses bad names here too, so settings never name a user provisioning would refuse
  const db = (suffix: MysqlDatabaseSuffix) => mysqlDatabaseName(identity.databaseName, suffix);
  const user = (suffix: MysqlDatabaseSuffix | 'migrate' | 'read_only') => mysqlUserName(identity.mysqlUser, suffix);
  const password = (suffix: MysqlDatabaseSuffix | 'migrate' | 'read_only') => mysqlUserPassword(identity.mysqlPassword, user(suffix));
  const django = (suffix: MysqlDatabaseSuffix, extra: Record<string, unknown> = {}) => ({
    ENGINE: 'django.db.backends.mysql',
    NAME: db(suffix),
    USER: user(suffix),
    PASSWORD: password(suffix),
    HOST: server.host,
    PORT: server.port,
    ...extra,
  });
  const { host, port } = server;
  return {
    EDXAPP_MYSQL_DB_NAME: db('edxapp'),
    EDXAPP_MYSQL_USER: user('edxapp'),
    EDXAPP_MYSQL_PASSWORD: password('edxapp'),
    EDXAPP_MYSQL_HOST: host,
    EDXAPP_MYSQL_PORT: port,

    EDXAPP_MYSQL_CSMH_DB_NAME: db('edxapp_csmh'),
    EDXAPP_MYSQL_CSMH_USER: user('edxapp_csmh'),
    EDXAPP_MYSQL_CSMH_PASSWORD: password('edxapp_csmh'),
    EDXAPP_MYSQL_CSMH_HOST: host,
    EDXAPP_MYSQL_CSMH_PORT: port,

    XQUEUE_MYSQL_DB_NAME: db('xqueue'),
    XQUEUE_MYSQL_USER: user('xqueue'),
    XQUEUE_MYSQL_PASSWORD: password('xqueue'),
    XQUEUE_MYSQL_HOST: host,
    XQUEUE_MYSQL_PORT: port,

    ECOMMERCE_DATABASE_NAME: db('ecommerce'),
    ECOMMERCE_DATABASE_USER: user('ecommerce'),
    ECOMMERCE_DATABASE_PASSWORD: password('ecommerce'),
    ECOMMERCE_DATABASE_HOST: host,
    ECOMMERCE_DATABASES: { default: django('ecommerce', { ATOMIC_REQUESTS: true, CONN_MAX_AGE: 0 }) },

    INSIGHTS_DATABASE_NAME: db('dashboard'),
    INSIGHTS_DATABASES: { default: django('dashboard') },

    EDX_NOTES_API_MYSQL_DB_NAME: db('edx_notes_api'),
    EDX_NOTES_API_MYSQL_DB_USER: user('edx_notes_api'),
    EDX_NOTES_API_MYSQL_DB_PASS: password('edx_notes_api'),
    EDX_NOTES_API_MYSQL_HOST: host,

    NOTIFIER_DATABASE_ENGINE: 'django.db.backends.mysql',
    NOTIFIER_DATABASE_NAME: db('notifier'),
    NOTIFIER_DATABASE_USER: user('notifier'),
    NOTIFIER_DATABASE_PASSWORD: password('notifier'),
    NOTIFIER_DATABASE_HOST: host,
    NOTIFIER_DATABASE_PORT: port,

    PROGRAMS_DEFAULT_DB_NAME: db('programs'),
    PROGRAMS_DATABASES: { default: django('programs', { ATOMIC_REQUESTS: true, CONN_MAX_AGE: 0 }) },

    ANALYTICS_API_DEFAULT_DB_NAME: db('analytics_api'),
    ANALYTICS_API_REPORTS_DB_NAME: db('reports'),
    ANALYTICS_API_DATABASES: { default: django('analytics_api'), reports: django('reports') },

    DISCOVERY_MYSQL: host,
    DISCOVERY_DEFAULT_DB_NAME: db('discovery'),
    DISCOVERY_MYSQL_USER: user('discovery'),
    DISCOVERY_MYSQL_PASSWORD: password('discovery'),

    COMMON_MYSQL_MIGRATE_USER: user('migrate'),
    COMMON_MYSQL_MIGRATE_PASS: password('migrate'),
    COMMON_MYSQL_READ_ONLY_USER: user('read_only'),
    COMMON_MYSQL_READ_ONLY_PASS: password('read_only'),

    // Connections are opened per request: a shared server would otherwise hold idle connections of every app server.
    edx_django_service_default_db_conn_max_age: 0,
  };
}
