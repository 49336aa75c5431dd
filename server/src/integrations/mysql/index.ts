export { MysqlError, type MysqlErrorKind } from './errors.ts';
export {
  MYSQL_DATABASE_SUFFIXES,
  mysqlDatabaseName,
  mysqlPlan,
  mysqlSettings,
  mysqlUserName,
  mysqlUserPassword,
  type MysqlDatabaseSuffix,
  type MysqlInstanceIdentity,
  type MysqlPlan,
  type MysqlServerAddress,
} from './plan.ts';
export {
  deprovisionMysql,
  LEDGER_KIND_MYSQL_DATABASE,
  LEDGER_KIND_MYSQL_USER,
  parseMysqlAdminUrl,
  provisionMysql,
  type MysqlCallOptions,
  type MysqlDeprovisionResult,
  type MysqlProvisionResult,
} from './provision.ts';
