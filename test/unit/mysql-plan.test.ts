import { describe, expect, it } from 'vitest';
import { deprovisionMysql, MysqlError, mysqlPlan, mysqlSettings, mysqlUserPassword, provisionMysql } from '../../server/src/integrations/mysql/index.ts';

describe('MySQL plan and derived passwords', () => {
  it('derives the password the original did: HMAC-SHA256 keyed by the instance password over the user name, hex', () => {
    // Computed with Python's hmac module, as the original's _get_mysql_pass does.
    expect(mysqlUserPassword('0123456789abcdefghijklmnopqrstuv', 'abcdefghijklmnop_edxapp')).toBe(
      '0e00a4b3faf0dbbf2e73097679846ccb41655078ee9131767dd94709c22dc17f',
    );
    expect(mysqlUserPassword('k', 'a_edxapp')).not.toBe(mysqlUserPassword('k', 'a_xqueue'));
    expect(mysqlUserPassword('k1', 'a_edxapp')).not.toBe(mysqlUserPassword('k2', 'a_edxapp'));
  });

  it('fits the longest names the product generates within MySQL limits', () => {
    const plan = mysqlPlan({ databaseName: 'd'.repeat(40), mysqlUser: 'u'.repeat(16), mysqlPassword: 'x' });
    expect(plan.databases).toHaveLength(11);
    expect(plan.users).toHaveLength(13);
    expect(Math.max(...plan.databases.map((d) => d.length))).toBeLessThanOrEqual(64);
    expect(Math.max(...plan.users.map((u) => u.name.length))).toBeLessThanOrEqual(32);
  });

  it('plans ALL on its own database, data-only for notes, SELECT for reports and read-only, ALL everywhere for migrate', () => {
    const plan = mysqlPlan({ databaseName: 'inst', mysqlUser: 'usr', mysqlPassword: 'x' });
    const grants = Object.fromEntries(plan.users.map((u) => [u.name, Object.fromEntries(u.grants)]));
    expect(grants['usr_edxapp']).toEqual({ inst_edxapp: 'ALL' });
    expect(grants['usr_edx_notes_api']).toEqual({ inst_edx_notes_api: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
    expect(grants['usr_reports']).toEqual({ inst_reports: ['SELECT'] });
    expect(Object.keys(grants['usr_migrate']!).sort()).toEqual(plan.databases.slice().sort());
    expect(new Set(Object.values(grants['usr_migrate']!))).toEqual(new Set(['ALL']));
    expect(Object.values(grants['usr_read_only']!).every((p) => JSON.stringify(p) === '["SELECT"]')).toBe(true);
  });

  it('refuses names that would need quoting or that MySQL would cut, before connecting anywhere', async () => {
    const bad = [
      { databaseName: 'x`; DROP DATABASE mysql; --', mysqlUser: 'u', mysqlPassword: 'p' },
      { databaseName: 'x', mysqlUser: "u'@'%", mysqlPassword: 'p' },
      { databaseName: 'x-y', mysqlUser: 'u', mysqlPassword: 'p' },
      { databaseName: 'd'.repeat(51), mysqlUser: 'u', mysqlPassword: 'p' },
      { databaseName: 'x', mysqlUser: 'u'.repeat(19), mysqlPassword: 'p' },
      { databaseName: '', mysqlUser: 'u', mysqlPassword: 'p' },
    ];
    for (const identity of bad) {
      expect(() => mysqlPlan(identity)).toThrow(MysqlError);
      expect(() => mysqlSettings({ host: 'h', port: 3306 }, identity)).toThrow(MysqlError);
      // Port 1 would fail to connect: the name check comes first.
      for (const call of [provisionMysql, deprovisionMysql]) {
        const error = await call('mysql://a:b@127.0.0.1:1', identity).catch((e: MysqlError) => e);
        expect((error as MysqlError).kind).toBe('invalid-name');
      }
    }
  });

  it('puts the derived credentials of every service into the settings, under the original names', () => {
    const identity = { databaseName: 'inst', mysqlUser: 'usr', mysqlPassword: 'secret' };
    const s = mysqlSettings({ host: 'mysql.internal', port: 3307 }, identity) as Record<string, any>;
    expect(s).toMatchObject({
      EDXAPP_MYSQL_DB_NAME: 'inst_edxapp',
      EDXAPP_MYSQL_USER: 'usr_edxapp',
      EDXAPP_MYSQL_PASSWORD: mysqlUserPassword('secret', 'usr_edxapp'),
      EDXAPP_MYSQL_HOST: 'mysql.internal',
      EDXAPP_MYSQL_PORT: 3307,
      EDXAPP_MYSQL_CSMH_DB_NAME: 'inst_edxapp_csmh',
      XQUEUE_MYSQL_DB_NAME: 'inst_xqueue',
      XQUEUE_MYSQL_USER: 'usr_xqueue',
      XQUEUE_MYSQL_PASSWORD: mysqlUserPassword('secret', 'usr_xqueue'),
      XQUEUE_MYSQL_PORT: 3307,
      EDX_NOTES_API_MYSQL_DB_USER: 'usr_edx_notes_api',
      COMMON_MYSQL_MIGRATE_USER: 'usr_migrate',
      COMMON_MYSQL_MIGRATE_PASS: mysqlUserPassword('secret', 'usr_migrate'),
      COMMON_MYSQL_READ_ONLY_USER: 'usr_read_only',
    });
    expect(s.ANALYTICS_API_DATABASES.reports).toMatchObject({ NAME: 'inst_reports', USER: 'usr_reports', PORT: 3307 });
    expect(JSON.stringify(s)).not.toContain('"secret"');
  });
});
