import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.ts';

describe('settings', () => {
  it('has the defaults of SPEC §18 for local development', () => {
    const c = loadConfig({});
    expect(c.port).toBe(5000);
    expect(c.processRoles).toEqual(['web', 'worker']);
    expect(c.computeProvider).toBe('local');
    expect(c.loadBalancerProvider).toBe('local');
    expect(c.defaultRecipe).toBe('shell');
    expect(c.defaultInstanceBaseDomain).toBe('localhost');
    expect(c.migrateOnStart).toBe(true);
    expect(c.allowedOrigins).toEqual(['http://localhost:5000']);
    expect(c.maxConcurrentProvisioning).toBe(10);
  });

  it('casts booleans properly: "False" is false', () => {
    expect(loadConfig({ INSTANCE_EPHEMERAL_DATABASES: 'False' }).instanceEphemeralDatabases).toBe(false);
    expect(loadConfig({ INSTANCE_EPHEMERAL_DATABASES: 'yes' }).instanceEphemeralDatabases).toBe(true);
  });

  it('does not migrate an external database on start unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://x/y' }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://x/y', MIGRATE_ON_START: '1' }).migrateOnStart).toBe(true);
  });

  it.each([
    [{ DEBUG: 'maybe' }, 'DEBUG'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PROCESS_ROLES: 'web,cron' }, 'PROCESS_ROLES'],
    [{ OPENSTACK_SANDBOX_FLAVOR: '{ram: 1' }, 'OPENSTACK_SANDBOX_FLAVOR'],
    [{ COMPUTE_PROVIDER: 'aws' }, 'COMPUTE_PROVIDER'],
    [{ COMPUTE_PROVIDER: 'openstack' }, 'DEFAULT_INSTANCE_BASE_DOMAIN'],
  ])('stops on a bad value, naming the setting (%j)', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
  });

  it('accepts and warns about the original settings it ignores', () => {
    expect(loadConfig({ REDIS_URL: 'redis://x' }).warnings[0]).toMatch(/REDIS_URL is accepted but ignored/);
  });
});
