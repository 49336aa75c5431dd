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
  describe('OpenStack settings', () => {
    const openstack = {
      COMPUTE_PROVIDER: 'openstack',
      DEFAULT_INSTANCE_BASE_DOMAIN: 'example.com',
      OPENSTACK_USER: 'u',
      OPENSTACK_PASSWORD: 'p',
      OPENSTACK_TENANT: 't',
      OPENSTACK_AUTH_URL: 'https://keystone.example.com:5000/v3/',
      OPENSTACK_REGION: 'RegionOne',
    };

    it('has the defaults of SPEC §18', () => {
      const c = loadConfig(openstack);
      expect(c.openstackAuthUrl).toBe('https://keystone.example.com:5000/v3');
      expect(c.openstackUserDomainName).toBe('Default');
      expect(c.openstackProjectDomainName).toBe('Default');
      expect(c.openstackNetwork).toBeUndefined();
      expect(c.openstackInjectHostKeys).toBe(true);
      expect(c.shutdownTimeout).toBe(600);
      expect(c.sandboxSshUsername).toBe('ubuntu');
      expect(c.appServerSecurityGroupName).toBe('edxapp-appserver');
      const ingress = c.appServerSecurityGroupRules.filter((r) => r.direction === 'ingress');
      expect(ingress.map((r) => `${r.ether_type}:${r.protocol}:${r.port_range_min}-${r.port_range_max}:${r.remote_ip_prefix}`).sort()).toEqual([
        'IPv4:tcp:22-22:0.0.0.0/0',
        'IPv4:tcp:443-443:0.0.0.0/0',
        'IPv4:tcp:80-80:0.0.0.0/0',
        'IPv6:tcp:22-22:::/0',
        'IPv6:tcp:443-443:::/0',
        'IPv6:tcp:80-80:::/0',
      ]);
    });

    it.each(['OPENSTACK_USER', 'OPENSTACK_PASSWORD', 'OPENSTACK_TENANT', 'OPENSTACK_AUTH_URL', 'OPENSTACK_REGION'])(
      'requires %s with COMPUTE_PROVIDER=openstack',
      (name) => {
        expect(() => loadConfig({ ...openstack, [name]: '' })).toThrow(new RegExp(`^${name}: required with COMPUTE_PROVIDER=openstack`));
      },
    );

    it('names the first missing OpenStack setting', () => {
      expect(() => loadConfig({ COMPUTE_PROVIDER: 'openstack', DEFAULT_INSTANCE_BASE_DOMAIN: 'example.com' })).toThrow(/^OPENSTACK_USER:/);
    });

    it('does not require OpenStack credentials with local compute', () => {
      expect(loadConfig({}).openstackUser).toBeUndefined();
    });

    it.each(['https://keystone.example.com:5000/v2.0', 'https://keystone.example.com:5000/v2.0/'])(
      'refuses the Keystone v2.0 URL %s, asking for the v3 one',
      (authUrl) => {
        expect(() => loadConfig({ ...openstack, OPENSTACK_AUTH_URL: authUrl })).toThrow(ConfigError);
        expect(() => loadConfig({ ...openstack, OPENSTACK_AUTH_URL: authUrl })).toThrow(/^OPENSTACK_AUTH_URL: .*v3 URL/);
      },
    );

    it('reads the managed security group rules with the original keys', () => {
      const rules = [
        {
          direction: 'ingress',
          ether_type: 'IPv4',
          protocol: 'TCP',
          port_range_min: 8080,
          port_range_max: 8090,
          remote_ip_prefix: '10.0.0.0/8',
          remote_group_id: null,
        },
      ];
      const c = loadConfig({ OPENEDX_APPSERVER_SECURITY_GROUP_RULES: JSON.stringify(rules), OPENEDX_APPSERVER_SECURITY_GROUP_NAME: 'web' });
      expect(c.appServerSecurityGroupName).toBe('web');
      expect(c.appServerSecurityGroupRules).toEqual([{ ...rules[0], protocol: 'tcp' }]);
    });

    it.each([
      ['not JSON', '[{'],
      ['not a list', '{"direction": "ingress"}'],
      ['a bad direction', '[{"direction": "in", "ether_type": "IPv4"}]'],
      ['a bad ether type', '[{"direction": "ingress", "ether_type": "ipv5"}]'],
      ['an unknown key', '[{"direction": "ingress", "ether_type": "IPv4", "port": 22}]'],
      ['an inverted port range', '[{"direction": "ingress", "ether_type": "IPv4", "protocol": "tcp", "port_range_min": 90, "port_range_max": 80}]'],
      ['both remotes', '[{"direction": "ingress", "ether_type": "IPv4", "remote_ip_prefix": "0.0.0.0/0", "remote_group_id": "x"}]'],
    ])('stops on security group rules with %s', (_why, value) => {
      expect(() => loadConfig({ OPENEDX_APPSERVER_SECURITY_GROUP_RULES: value })).toThrow(/^OPENEDX_APPSERVER_SECURITY_GROUP_RULES:/);
    });

    it.each([
      [{ OPENSTACK_INJECT_HOST_KEYS: 'perhaps' }, 'OPENSTACK_INJECT_HOST_KEYS'],
      [{ SHUTDOWN_TIMEOUT: '0' }, 'SHUTDOWN_TIMEOUT'],
      [{ OPENSTACK_AUTH_URL: 'keystone' }, 'OPENSTACK_AUTH_URL'],
    ])('stops on a bad OpenStack value, naming the setting (%j)', (env, setting) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
    });
  });
});

describe('queue settings', () => {
  it('limits deployments in flight per instance to 2, sweeps deadlines every minute, and has no webhook by default', () => {
    const c = loadConfig({});
    expect(c.maxInstanceDeploymentsInFlight).toBe(2);
    expect(c.deadlineSweepSchedule).toBe('* * * * *');
    expect(c.notifyWebhookUrl).toBeUndefined();
    expect(loadConfig({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/T/x' }).notifyWebhookUrl).toBe('https://hooks.example.com/T/x');
  });

  it.each([
    [{ MAX_INSTANCE_DEPLOYMENTS_IN_FLIGHT: '0' }, 'MAX_INSTANCE_DEPLOYMENTS_IN_FLIGHT'],
    [{ DEADLINE_SWEEP_SCHEDULE: 'every minute' }, 'DEADLINE_SWEEP_SCHEDULE'],
    [{ NOTIFY_WEBHOOK_URL: 'not a url' }, 'NOTIFY_WEBHOOK_URL'],
  ])('stops on a bad value, naming the setting (%j)', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
  });
});

describe('notification settings', () => {
  it('logs mail instead of sending it, from noreply@ the base domain, to no admins by default', () => {
    const c = loadConfig({});
    expect(c.smtpUrl).toBeUndefined();
    expect(c.emailFrom).toBe('noreply@localhost');
    expect(c.emailSubjectPrefix).toBe('[Instance Manager] ');
    expect(c.admins).toEqual([]);
    expect(loadConfig({ DEFAULT_INSTANCE_BASE_DOMAIN: 'Example.COM' }).emailFrom).toBe('noreply@example.com');
  });

  it('reads SMTP_URL, EMAIL_FROM with a display name, the prefix as given and ADMINS as a list', () => {
    const c = loadConfig({
      SMTP_URL: 'smtps://im:s3cret@mail.example.com:465',
      EMAIL_FROM: 'Instance Manager <im@example.com>',
      EMAIL_SUBJECT_PREFIX: '',
      ADMINS: ' ops@example.com, oncall@example.org ',
    });
    expect(c.smtpUrl).toBe('smtps://im:s3cret@mail.example.com:465');
    expect(c.emailFrom).toBe('Instance Manager <im@example.com>');
    expect(c.emailSubjectPrefix).toBe('');
    expect(c.admins).toEqual(['ops@example.com', 'oncall@example.org']);
  });

  it.each([
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'https://user:pw@mail.example.com' }, 'SMTP_URL'],
    [{ EMAIL_FROM: 'nobody' }, 'EMAIL_FROM'],
    [{ EMAIL_FROM: 'Ops <ops@example.com' }, 'EMAIL_FROM'],
    [{ ADMINS: 'ops@example.com,not-an-address' }, 'ADMINS'],
  ])('stops on a bad value, naming the setting (%j)', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
  });

  it('never repeats the SMTP password in its refusal', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://im:hunter2-secret@mail.example.com' })).toThrow(ConfigError);
    try {
      loadConfig({ SMTP_URL: 'http://im:hunter2-secret@mail.example.com' });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2-secret');
    }
  });
});

describe('activation gate and monitoring settings', () => {
  it('has the defaults of SPEC §18: smoke checks on, a 10-minute watch, builtin checks every 5 minutes alerting after 2 failures', () => {
    const c = loadConfig({});
    expect(c.activationSmokeChecks).toBe(true);
    expect(c.activationWatchMinutes).toBe(10);
    expect(c.availabilityChecksSchedule).toBe('*/5 * * * *');
    expect(c.availabilityCheckTimeout).toBe(30);
    expect(c.availabilityAlertAfterFailures).toBe(2);
    expect(c.monitoringProvider).toBe('builtin');
  });

  it('picks New Relic when its key is set, as the original did, unless told otherwise', () => {
    expect(loadConfig({ NEWRELIC_ADMIN_USER_API_KEY: 'k' }).monitoringProvider).toBe('newrelic');
    expect(loadConfig({ NEWRELIC_ADMIN_USER_API_KEY: 'k', MONITORING_PROVIDER: 'none' }).monitoringProvider).toBe('none');
    const eu = loadConfig({ NEWRELIC_ADMIN_USER_API_KEY: 'k', NEWRELIC_API_URL: 'https://api.eu.newrelic.com/v2' });
    expect(eu.newrelicApiUrl).toBe('https://api.eu.newrelic.com/v2');
    expect(loadConfig({ ACTIVATION_SMOKE_CHECKS: 'false', AVAILABILITY_CHECKS_SCHEDULE: '0,30 8-18 * * 1-5' })).toMatchObject({
      activationSmokeChecks: false,
      availabilityChecksSchedule: '0,30 8-18 * * 1-5',
    });
  });

  it.each([
    [{ ACTIVATION_SMOKE_CHECKS: 'maybe' }, 'ACTIVATION_SMOKE_CHECKS'],
    [{ ACTIVATION_WATCH_MINUTES: '-1' }, 'ACTIVATION_WATCH_MINUTES'],
    [{ AVAILABILITY_CHECKS_SCHEDULE: '*/5 * * *' }, 'AVAILABILITY_CHECKS_SCHEDULE'],
    [{ AVAILABILITY_CHECKS_SCHEDULE: '99 * * * *' }, 'AVAILABILITY_CHECKS_SCHEDULE'],
    [{ AVAILABILITY_CHECKS_SCHEDULE: '*/0 * * * *' }, 'AVAILABILITY_CHECKS_SCHEDULE'],
    [{ DEADLINE_SWEEP_SCHEDULE: '* 24 * * *' }, 'DEADLINE_SWEEP_SCHEDULE'],
    [{ AVAILABILITY_ALERT_AFTER_FAILURES: '0' }, 'AVAILABILITY_ALERT_AFTER_FAILURES'],
    [{ AVAILABILITY_CHECK_TIMEOUT: 'soon' }, 'AVAILABILITY_CHECK_TIMEOUT'],
    [{ MONITORING_PROVIDER: 'nagios' }, 'MONITORING_PROVIDER'],
    [{ MONITORING_PROVIDER: 'newrelic' }, 'NEWRELIC_ADMIN_USER_API_KEY'],
    [{ NEWRELIC_ADMIN_USER_API_KEY: 'k', NEWRELIC_SYNTHETICS_URL: 'not a url' }, 'NEWRELIC_SYNTHETICS_URL'],
  ])('stops on a bad value, naming the setting (%j)', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
  });
});

describe('settings that name a part not built yet', () => {
  it('picks the load balancer as SPEC §9.4 says and validates its settings, naming them', () => {
    const env = {
      COMPUTE_PROVIDER: 'openstack',
      DEFAULT_INSTANCE_BASE_DOMAIN: 'example.com',
      OPENSTACK_USER: 'u',
      OPENSTACK_PASSWORD: 'p',
      OPENSTACK_TENANT: 't',
      OPENSTACK_AUTH_URL: 'https://keystone.example.com/v3',
      OPENSTACK_REGION: 'r',
    };
    expect(loadConfig(env)).toMatchObject({ loadBalancerProvider: 'none', loadBalancerProviderExplicit: false, dnsProvider: 'none' });
    expect(loadConfig({})).toMatchObject({ loadBalancerProvider: 'local', loadBalancerResyncSchedule: '*/5 * * * *', dnsRecordTtl: 1200 });
    const withServer = loadConfig({ ...env, DEFAULT_LOAD_BALANCING_SERVER: 'haproxy@LB.example.com' });
    expect(withServer).toMatchObject({ loadBalancerProvider: 'haproxy', defaultLoadBalancingServer: { sshUsername: 'haproxy', domain: 'lb.example.com' } });
    expect(loadConfig({ LOAD_BALANCER_PROVIDER: 'haproxy' }).loadBalancerProviderExplicit).toBe(true);
    for (const [name, value] of [
      ['DEFAULT_LOAD_BALANCING_SERVER', 'lb.example.com'],
      ['DEFAULT_LOAD_BALANCING_SERVER', 'u@bad host'],
      ['PRELIMINARY_PAGE_SERVER_IP', 'not-an-ip'],
      ['PRELIMINARY_PAGE_HOSTNAME', 'a b'],
      ['LOAD_BALANCER_FRAGMENT_NAME_PREFIX', '../etc'],
      ['LOAD_BALANCER_RESYNC_SCHEDULE', 'every five minutes'],
      ['DNS_PROVIDER', 'route53'],
      ['GANDI_AUTH_SCHEME', 'Basic'],
      ['DNS_RECORD_TTL', '10'],
    ]) {
      expect(() => loadConfig({ [name]: value }), name).toThrow(new RegExp(`^${name}:`));
    }
    expect(() => loadConfig({ DNS_PROVIDER: 'gandi' })).toThrow(/^GANDI_API_KEY:/);
    expect(loadConfig({ DNS_PROVIDER: 'gandi', GANDI_API_KEY: 'k', GANDI_AUTH_SCHEME: 'apikey' })).toMatchObject({
      dnsProvider: 'gandi',
      gandiAuthScheme: 'Apikey',
    });
  });
  it('stops the start on a recipe that does not exist', () => {
    expect(() => loadConfig({ DEFAULT_RECIPE: 'tutor' })).toThrow(/DEFAULT_RECIPE.*tutor recipe is not available yet/);
    expect(() => loadConfig({ DEFAULT_RECIPE: 'chef' })).toThrow(/DEFAULT_RECIPE/);
    expect(() => loadConfig({ SHELL_RECIPE_SCRIPT: '/nonexistent/recipe.sh' })).toThrow(/SHELL_RECIPE_SCRIPT.*no such file/);
  });

  it('has the PR sandbox defaults of SPEC §18 and refuses bad values naming the setting', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      watchPrs: true,
      watchFork: 'openedx/edx-platform',
      githubStatusMode: 'status',
      githubStatusContext: 'sandbox',
      prRedeployDebounceSeconds: 120,
      prSandboxArchiveAfterDays: 7,
      sandboxTtlDays: 14,
      maxPrSandboxes: 30,
      prSpawnAttempts: 2,
      prReconcileSchedule: '*/10 * * * *',
      cleanupSchedule: '0 1 * * *',
      githubDeliveriesPruneSchedule: '0 3 * * *',
    });
    expect(c.githubAccessToken).toBeUndefined();
    for (const [env, setting] of [
      [{ GITHUB_STATUS_MODE: 'check' }, 'GITHUB_STATUS_MODE'],
      [{ GITHUB_STATUS_MODE: 'comment' }, 'GITHUB_STATUS_MODE'],
      [{ GITHUB_APP_ID: '1' }, 'GITHUB_APP_ID'],
      [{ WATCH_FORK: 'edx-platform' }, 'WATCH_FORK'],
      [{ PR_RECONCILE_SCHEDULE: 'every ten minutes' }, 'PR_RECONCILE_SCHEDULE'],
      [{ PR_SPAWN_ATTEMPTS: '9' }, 'PR_SPAWN_ATTEMPTS'],
      [{ MAX_PR_SANDBOXES: '-1' }, 'MAX_PR_SANDBOXES'],
      [{ GITHUB_API_URL: 'not a url' }, 'GITHUB_API_URL'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
    }
    const app = loadConfig({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: 'k', GITHUB_APP_INSTALLATION_ID: '2', GITHUB_STATUS_MODE: 'check' });
    expect(app.githubStatusMode).toBe('check');
    expect(app.githubApp).toEqual({ appId: '1', privateKey: 'k', installationId: '2' });
  });
});

describe('persistent data settings (SPEC §18)', () => {
  it('has no shared servers, no storage, no relay and no delete by default', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      storageProvider: 'none',
      s3Region: 'us-east-1',
      s3ForcePathStyle: false,
      s3BucketPrefix: 'im',
      s3PerInstanceIam: false,
      s3VersionExpirationDays: 30,
      instanceRabbitmqPort: 5671,
      instanceSmtpRelayPort: 587,
      instanceSmtpRelaySenderDomain: 'localhost',
      allowInstanceDelete: false,
    });
    expect(c.defaultInstanceMysqlUrl).toBeUndefined();
    expect(c.instanceSmtpRelayHost).toBeUndefined();
  });

  it('picks s3 when a key is set, and the bucket prefix from INSTANCE_MANAGER_ID', () => {
    const c = loadConfig({ S3_ACCESS_KEY_ID: 'AKIA', S3_SECRET_ACCESS_KEY: 's', INSTANCE_MANAGER_ID: 'prod' });
    expect(c).toMatchObject({ storageProvider: 's3', s3BucketPrefix: 'prod' });
    expect(loadConfig({ DEFAULT_INSTANCE_BASE_DOMAIN: 'example.org' }).instanceSmtpRelaySenderDomain).toBe('example.org');
  });

  it.each([
    ['DEFAULT_INSTANCE_MYSQL_URL', { DEFAULT_INSTANCE_MYSQL_URL: 'postgres://u:hunter2-secret@db' }],
    ['DEFAULT_INSTANCE_MONGO_URL', { DEFAULT_INSTANCE_MONGO_URL: 'not a url hunter2-secret' }],
    ['RABBITMQ_ADMIN_USERNAME', { RABBITMQ_API_URL: 'https://rabbit.example.com:15671' }],
    ['RABBITMQ_ADMIN_PASSWORD', { RABBITMQ_API_URL: 'https://rabbit.example.com:15671', RABBITMQ_ADMIN_USERNAME: 'admin' }],
    ['S3_SECRET_ACCESS_KEY', { S3_ACCESS_KEY_ID: 'AKIA' }],
    ['S3_ACCESS_KEY_ID', { STORAGE_PROVIDER: 's3' }],
    ['STORAGE_PROVIDER', { STORAGE_PROVIDER: 'gcs' }],
    ['S3_BUCKET_PREFIX', { S3_BUCKET_PREFIX: 'Upper_Case' }],
    ['S3_VERSION_EXPIRATION_DAYS', { S3_VERSION_EXPIRATION_DAYS: '0' }],
    ['INSTANCE_RABBITMQ_PORT', { INSTANCE_RABBITMQ_PORT: '70000' }],
    ['INSTANCE_SMTP_RELAY_HOST', { INSTANCE_SMTP_RELAY_HOST: 'smtp://relay' }],
    ['INSTANCE_SMTP_RELAY_PORT', { INSTANCE_SMTP_RELAY_PORT: 'x' }],
    ['ALLOW_INSTANCE_DELETE', { ALLOW_INSTANCE_DELETE: 'maybe' }],
  ])('refuses a bad %s, naming it and never echoing a password', (setting, env) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2-secret');
    }
  });
});

describe('registration settings (SPEC §11)', () => {
  it('has the defaults of SPEC §18', () => {
    const c = loadConfig({ EMAIL_FROM: 'im@example.com' });
    expect(c.registrationEnabled).toBe(true);
    expect(c.registrationDatabaseMode).toBe('PERSISTENT');
    expect(c.emailVerificationTtlHours).toBe(48);
    expect(c.betatestEmailSender).toBe('im@example.com');
    expect(c.betatestEmailSignature).toBe('The Instance Manager team');
  });

  it('reads them', () => {
    const c = loadConfig({
      REGISTRATION_ENABLED: 'no',
      REGISTRATION_DATABASE_MODE: 'Ephemeral',
      EMAIL_VERIFICATION_TTL_HOURS: '2',
      BETATEST_EMAIL_SENDER: 'Beta <beta@example.com>',
      BETATEST_EMAIL_SIGNATURE: 'Ada',
    });
    expect([c.registrationEnabled, c.registrationDatabaseMode, c.emailVerificationTtlHours, c.betatestEmailSignature]).toEqual([false, 'EPHEMERAL', 2, 'Ada']);
    expect(c.betatestEmailSender).toContain('beta@example.com');
  });

  it.each([
    [{ REGISTRATION_ENABLED: 'maybe' }, 'REGISTRATION_ENABLED'],
    [{ REGISTRATION_DATABASE_MODE: 'mongo' }, 'REGISTRATION_DATABASE_MODE'],
    [{ EMAIL_VERIFICATION_TTL_HOURS: '0' }, 'EMAIL_VERIFICATION_TTL_HOURS'],
    [{ BETATEST_EMAIL_SENDER: 'not an address' }, 'BETATEST_EMAIL_SENDER'],
  ])('stops on a bad value, naming the setting (%j)', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}:`));
  });
});
