import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { checkEmail } from './domain/instance-fields.ts';

// Relative paths and `.env` are the project's, so the server and the CLI agree wherever they start.
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Every environment setting is parsed here, once; nothing else reads process.env.

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const lower = v.trim().toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  throw new ConfigError(name, `expected true/false/1/0/yes/no, got "${v}"`);
}

function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^-?\d+$/.test(v.trim())) throw new ConfigError(name, `expected an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `expected a value between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const lower = v.trim().toLowerCase() as T;
  if (!values.includes(lower)) throw new ConfigError(name, `expected one of ${values.join(', ')}, got "${v}"`);
  return lower;
}

function json(env: Env, name: string, fallback: unknown): unknown {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  try {
    return JSON.parse(v);
  } catch (e) {
    throw new ConfigError(name, `invalid JSON: ${(e as Error).message}`);
  }
}

function yamlMapping(env: Env, name: string): string {
  const v = env[name] ?? '';
  if (!v.trim()) return '';
  let parsed: unknown;
  try {
    parsed = parseYaml(v);
  } catch (e) {
    throw new ConfigError(name, `invalid YAML: ${(e as Error).message}`);
  }
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new ConfigError(name, 'expected a YAML mapping');
  return v;
}

// Minute, hour, day of month, month, day of week: the ranges pg-boss's cron parser accepts.
const CRON_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function cronFieldOk(field: string, [min, max]: [number, number]): boolean {
  return field.split(',').every((part) => {
    const m = part.match(/^(\*|(\d+)(?:-(\d+))?|[A-Za-z]{3})(?:\/(\d+))?$/);
    if (!m) return false;
    if (m[4] !== undefined && Number(m[4]) < 1) return false;
    const inRange = (n: string | undefined) => n === undefined || (Number(n) >= min && Number(n) <= max);
    return inRange(m[2]) && inRange(m[3]) && (m[3] === undefined || Number(m[3]) >= Number(m[2]));
  });
}

function cron(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback).trim();
  const fields = v.split(/\s+/);
  // Checked here so a bad schedule stops the start naming its setting, not inside the job queue.
  if (fields.length !== 5 || !fields.every((f, i) => cronFieldOk(f, CRON_RANGES[i]))) {
    throw new ConfigError(name, `expected a cron expression with 5 fields (UTC), got "${v}"`);
  }
  return v;
}

/** `user@host`, as the original's DEFAULT_LOAD_BALANCING_SERVER. */
function userAtHost(env: Env, name: string): { sshUsername: string; domain: string } | undefined {
  const v = optional(env, name)?.trim();
  if (v === undefined) return undefined;
  const m = v.match(/^([a-z_][a-z0-9_.-]{0,31})@(.+)$/i);
  const domain = m?.[2].toLowerCase();
  if (!m || !domain || !isHostName(domain)) throw new ConfigError(name, `expected user@host (an SSH user and the load balancer's domain), got "${v}"`);
  return { sshUsername: m[1], domain };
}

function isHostName(v: string): boolean {
  return v.length <= 253 && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(v);
}

function hostName(env: Env, name: string): string | undefined {
  const v = optional(env, name)?.trim().toLowerCase();
  if (v !== undefined && !isHostName(v)) throw new ConfigError(name, `expected a host name, got "${v}"`);
  return v;
}

function ipAddress(env: Env, name: string): string | undefined {
  const v = optional(env, name)?.trim();
  if (v !== undefined && isIP(v) === 0) throw new ConfigError(name, `expected an IP address, got "${v}"`);
  return v;
}

function fragmentPrefix(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback);
  // It becomes a file name on the load balancer and a part of HAProxy names.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,60}$/.test(v)) throw new ConfigError(name, `use letters, digits, '.', '_' or '-' (a file name), got "${v}"`);
  return v;
}

function dnsSettings(env: Env): Pick<Config, 'dnsProvider' | 'gandiApiKey' | 'gandiAuthScheme' | 'gandiApiUrl' | 'dnsRecordTtl'> {
  const dnsProvider = oneOf(env, 'DNS_PROVIDER', ['gandi', 'none'] as const, 'none');
  const gandiApiKey = optional(env, 'GANDI_API_KEY');
  if (dnsProvider === 'gandi' && !gandiApiKey) throw new ConfigError('GANDI_API_KEY', 'required with DNS_PROVIDER=gandi');
  const scheme = str(env, 'GANDI_AUTH_SCHEME', 'Bearer').trim().toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'apikey') throw new ConfigError('GANDI_AUTH_SCHEME', `expected Bearer or Apikey, got "${env.GANDI_AUTH_SCHEME}"`);
  return {
    dnsProvider,
    gandiApiKey,
    gandiAuthScheme: scheme === 'bearer' ? 'Bearer' : 'Apikey',
    gandiApiUrl: url(env, 'GANDI_API_URL', 'https://api.gandi.net/v5/livedns'),
    // Gandi refuses TTLs below 300 s and above 30 days.
    dnsRecordTtl: int(env, 'DNS_RECORD_TTL', 1200, 300, 2_592_000),
  };
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function url(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback);
  try {
    return new URL(v).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `invalid URL "${v}"`);
  }
}

/** One rule of the managed security group, with the original's setting keys (SPEC §9.1). */
export interface SecurityGroupRuleSetting {
  direction: 'ingress' | 'egress';
  ether_type: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}

// As the original: all egress (without it, removing extra rules would cut the VM's outbound
// traffic), ingress only on 22, 80 and 443, from anywhere, IPv4 and IPv6.
const DEFAULT_SECURITY_GROUP_RULES: SecurityGroupRuleSetting[] = [
  ...(['IPv4', 'IPv6'] as const).map((ether_type) => ({
    direction: 'egress' as const,
    ether_type,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: ether_type === 'IPv4' ? '0.0.0.0/0' : '::/0',
    remote_group_id: null,
  })),
  ...[22, 80, 443].flatMap((port) =>
    (['IPv4', 'IPv6'] as const).map((ether_type) => ({
      direction: 'ingress' as const,
      ether_type,
      protocol: 'tcp',
      port_range_min: port,
      port_range_max: port,
      remote_ip_prefix: ether_type === 'IPv4' ? '0.0.0.0/0' : '::/0',
      remote_group_id: null,
    })),
  ),
];

const RULE_KEYS = ['direction', 'ether_type', 'protocol', 'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id'];

function securityGroupRules(env: Env, name: string): SecurityGroupRuleSetting[] {
  const value = json(env, name, DEFAULT_SECURITY_GROUP_RULES);
  if (!Array.isArray(value)) throw new ConfigError(name, 'expected a JSON list of rules');
  return value.map((rule: unknown, i) => {
    const bad = (why: string) => new ConfigError(name, `rule ${i + 1}: ${why}`);
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) throw bad('expected an object');
    const r = rule as Record<string, unknown>;
    const unknown = Object.keys(r).filter((k) => !RULE_KEYS.includes(k));
    if (unknown.length) throw bad(`unknown key "${unknown[0]}" (keys: ${RULE_KEYS.join(', ')})`);
    if (r.direction !== 'ingress' && r.direction !== 'egress') throw bad('direction must be "ingress" or "egress"');
    if (r.ether_type !== 'IPv4' && r.ether_type !== 'IPv6') throw bad('ether_type must be "IPv4" or "IPv6"');
    const port = (key: string): number | null => {
      const v = r[key] ?? null;
      if (v === null) return null;
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 65535) throw bad(`${key} must be an integer from 0 to 65535 or null`);
      return v as number;
    };
    const text = (key: string): string | null => {
      const v = r[key] ?? null;
      if (v !== null && (typeof v !== 'string' || v === '')) throw bad(`${key} must be a non-empty string or null`);
      return v as string | null;
    };
    const min = port('port_range_min');
    const max = port('port_range_max');
    if (min !== null && max !== null && min > max) throw bad('port_range_min is above port_range_max');
    const remoteIpPrefix = text('remote_ip_prefix');
    const remoteGroupId = text('remote_group_id');
    if (remoteIpPrefix && remoteGroupId) throw bad('set remote_ip_prefix or remote_group_id, not both');
    const protocol = r.protocol === undefined || r.protocol === null ? null : String(r.protocol).toLowerCase();
    return {
      direction: r.direction,
      ether_type: r.ether_type,
      protocol,
      port_range_min: min,
      port_range_max: max,
      remote_ip_prefix: remoteIpPrefix,
      remote_group_id: remoteGroupId,
    };
  });
}

/** smtp:// or smtps://; the value is never echoed, it holds the relay's password. */
function smtpUrl(env: Env, name: string): string | undefined {
  const v = optional(env, name);
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    throw new ConfigError(name, 'not a URL (expected smtp://user:password@host:port or smtps://…)');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new ConfigError(name, `expected smtp:// or smtps://, got ${u.protocol}//`);
  if (!u.hostname) throw new ConfigError(name, 'names no host');
  return v.trim();
}

function emails(env: Env, name: string): string[] {
  return list(env, name).map((address) => {
    try {
      return checkEmail(address);
    } catch {
      throw new ConfigError(name, `"${address.slice(0, 80)}" is not an email address`);
    }
  });
}

/** `address` or `Display Name <address>`, as a From header takes it. */
function mailbox(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback).trim();
  const m = /^(?:([^<>\r\n"]*?)\s*<([^<>\s]+)>|([^<>\s]+))$/.exec(v);
  const address = m?.[2] ?? m?.[3];
  try {
    if (!address) throw new Error();
    checkEmail(address);
  } catch {
    throw new ConfigError(name, `expected an email address or "Name <address>", got "${v.slice(0, 80)}"`);
  }
  return v;
}

/** Keystone v3 only: a v2.0 URL would fail later with a confusing 404, so it stops startup here. */
function keystoneUrl(env: Env, name: string): string | undefined {
  const v = optional(env, name);
  if (v === undefined) return undefined;
  const trimmed = v.trim().replace(/\/+$/, '');
  try {
    new URL(trimmed);
  } catch {
    throw new ConfigError(name, `invalid URL "${v}"`);
  }
  if (/\/v2(\.0)?$/.test(trimmed)) {
    throw new ConfigError(
      name,
      `"${v}" is a Keystone v2.0 URL, which current OpenStack no longer serves: set the v3 URL (e.g. https://keystone.example.com:5000/v3)`,
    );
  }
  return trimmed;
}

const OPENSTACK_REQUIRED = ['OPENSTACK_USER', 'OPENSTACK_PASSWORD', 'OPENSTACK_TENANT', 'OPENSTACK_AUTH_URL', 'OPENSTACK_REGION'];

const IGNORED = ['REDIS_URL', 'HUEY_ALWAYS_EAGER', 'HUEY_QUEUE_NAME', 'LOGGING_ROTATE_MAX_KBYTES', 'LOGGING_ROTATE_MAX_FILES'];

export type ProcessRole = 'web' | 'worker';

export interface Config {
  production: boolean;
  debug: boolean;
  port: number;
  host: string;
  processRoles: ProcessRole[];
  publicUrl: string;
  allowedOrigins: string[];
  dataDir: string;
  instanceManagerId: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'json' | 'pretty';
  databaseUrl?: string;
  migrateOnStart: boolean;
  maxConcurrentProvisioning: number;
  workerConcurrency: number;
  /** Queue hardening: per-instance limit, the deadline sweeper's schedule, the notification webhook. */
  maxInstanceDeploymentsInFlight: number;
  deadlineSweepSchedule: string;
  notifyWebhookUrl?: string;
  // Notifications (SPEC.md §9.7)
  /** SMTP_URL: smtp:// or smtps:// with the login in it; unset, mail goes to the process log. */
  smtpUrl?: string;
  /** EMAIL_FROM: the From of every mail sent. */
  emailFrom: string;
  /** EMAIL_SUBJECT_PREFIX: starts every subject, so filters can sort the mail. */
  emailSubjectPrefix: string;
  /** ADMINS: who gets every notification. */
  admins: string[];
  // The activation gate, rollback and availability monitoring (SPEC §9.7, §16)
  /** ACTIVATION_SMOKE_CHECKS: run the smoke checks before every activation. */
  activationSmokeChecks: boolean;
  /** ACTIVATION_WATCH_MINUTES: how long after an automatic switch failed availability runs roll it back. */
  activationWatchMinutes: number;
  /** AVAILABILITY_CHECKS_SCHEDULE: cron (UTC) of the availability checks. */
  availabilityChecksSchedule: string;
  /** AVAILABILITY_CHECK_TIMEOUT: seconds each checked URL (and each smoke check) may take. */
  availabilityCheckTimeout: number;
  /** AVAILABILITY_ALERT_AFTER_FAILURES: consecutive failures of a URL before its alert. */
  availabilityAlertAfterFailures: number;
  /** MONITORING_PROVIDER: builtin checks, New Relic Synthetics, or none. */
  monitoringProvider: 'builtin' | 'newrelic' | 'none';
  newrelicAdminUserApiKey?: string;
  newrelicLicenseKey?: string;
  /** NEWRELIC_API_URL / NEWRELIC_SYNTHETICS_URL: EU accounts use the eu hosts. */
  newrelicApiUrl?: string;
  newrelicSyntheticsUrl?: string;
  // Self-service registration (SPEC.md §11)
  /** REGISTRATION_ENABLED: false turns registration, verification and the public validation off. */
  registrationEnabled: boolean;
  /** REGISTRATION_DATABASE_MODE: the database mode of instances created by registration. */
  registrationDatabaseMode: 'EPHEMERAL' | 'PERSISTENT';
  /** EMAIL_VERIFICATION_TTL_HOURS: how long a verification link works. */
  emailVerificationTtlHours: number;
  /** BETATEST_EMAIL_SENDER, BETATEST_EMAIL_SIGNATURE: From and signature of the mail to applicants. */
  betatestEmailSender: string;
  betatestEmailSignature: string;
  secretKey?: string;
  secretsEncryptionKey?: string;
  secretsEncryptionOldKeys: string[];
  loginMaxAgeDays: number;
  // API limits and /metrics (SPEC.md §14, §18)
  /** METRICS_TOKEN: bearer token for /metrics; unset: open outside production, closed in it. */
  metricsToken?: string;
  /** GRAPHQL_COMPLEXITY_BUDGET: most objects one operation may ask for (schema/limits.ts). */
  graphqlComplexityBudget: number;
  computeProvider: 'local' | 'openstack';
  loadBalancerProvider: 'local' | 'haproxy' | 'none';
  /** Whether LOAD_BALANCER_PROVIDER was set: without it, an existing LoadBalancingServer row picks haproxy (SPEC §9.4). */
  loadBalancerProviderExplicit: boolean;
  /** DEFAULT_LOAD_BALANCING_SERVER (`user@host`): seeded as a LoadBalancingServer at start. */
  defaultLoadBalancingServer?: { sshUsername: string; domain: string };
  /** LOAD_BALANCER_APPLY_COMMAND: run on the load balancer with the staging directory as its last argument. */
  loadBalancerApplyCommand: string;
  /** LOAD_BALANCER_FRAGMENT_NAME_PREFIX: + the server's postfix = this installation's fragment and map names. */
  loadBalancerFragmentNamePrefix: string;
  /** LOAD_BALANCER_SSH_PORT: the load balancers' sshd port. */
  loadBalancerSshPort: number;
  /** LOAD_BALANCER_RESYNC_SCHEDULE: the sweep re-applying load balancers behind their version. */
  loadBalancerResyncSchedule: string;
  /** PRELIMINARY_PAGE_SERVER_IP / PRELIMINARY_PAGE_HOSTNAME: where instances with nothing active go (else 503). */
  preliminaryPageServerIp?: string;
  preliminaryPageHostname?: string;
  /** DNS (SPEC §9.5): DNS_PROVIDER, GANDI_API_KEY, GANDI_AUTH_SCHEME, GANDI_API_URL, DNS_RECORD_TTL. */
  dnsProvider: 'gandi' | 'none';
  gandiApiKey?: string;
  gandiAuthScheme: 'Bearer' | 'Apikey';
  gandiApiUrl: string;
  dnsRecordTtl: number;
  defaultRecipe: 'ansible' | 'tutor' | 'shell';
  shellRecipeScript?: string;
  /** How long a recipe run may stay without its SSH connection before it fails (SPEC §4.1). */
  sshReattachTimeout: number;
  ansiblePlaybook: string;
  /** PRODUCTION_INSTANCE_EXTRA_CONFIGURATION: YAML mapping, layer 2 after the bundled production vars. */
  productionInstanceExtraConfiguration: string;
  ansibleExtraPlaybooks: string[];
  defaultInstanceBaseDomain: string;
  lmsPreviewDomainPrefix: string;
  studioDomainPrefix: string;
  subdomainBlacklist: string[];
  defaultOpenedxRelease: string;
  defaultConfigurationRepoUrl: string;
  defaultConfigurationVersion: string;
  defaultFork: string;
  openedxReleaseStableRef: string;
  instanceEphemeralDatabases: boolean;
  // PRODUCTION defaults (SPEC §3); unset ones follow the fork URL, the default repository or the stable ref.
  stableEdxPlatformRepoUrl?: string;
  stableEdxPlatformCommit?: string;
  stableConfigurationRepoUrl?: string;
  stableConfigurationVersion?: string;
  sandboxFlavor: string;
  sandboxBaseImage: string;
  sandboxSshKeyName: string;
  vmBootTimeout: number;
  sshWaitTimeout: number;
  recipeLineTimeout: number;
  recipeTotalTimeout: number;
  heartbeatTimeout: number;
  logEntryMinLevel: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  logLimit: number;
  openstackUser?: string;
  openstackPassword?: string;
  openstackTenant?: string;
  openstackAuthUrl?: string;
  openstackRegion?: string;
  openstackUserDomainName: string;
  openstackProjectDomainName: string;
  openstackNetwork?: string;
  openstackInjectHostKeys: boolean;
  shutdownTimeout: number;
  sandboxSshUsername: string;
  /** SSH_PRIVATE_KEY (the key itself) or SSH_PRIVATE_KEY_FILE; read when a VM is first reached. */
  sshPrivateKey?: string;
  sshPrivateKeyFile: string;
  appServerSecurityGroupName: string;
  appServerSecurityGroupRules: SecurityGroupRuleSetting[];
  // Pull-request sandboxes (SPEC.md §10, §18)
  /** GITHUB_ACCESS_TOKEN: without it (and without the GitHub App settings) no PR sandboxes. */
  githubAccessToken?: string;
  githubWebhookSecret?: string;
  githubApiUrl: string;
  githubApp?: { appId: string; privateKey: string; installationId: string };
  /** WATCH_PRS: webhooks are taken and the reconcile runs. */
  watchPrs: boolean;
  watchFork: string;
  watchOrganization?: string;
  githubRedeployOnPush: boolean;
  prRedeployDebounceSeconds: number;
  prSandboxArchiveAfterDays: number;
  githubStatusMode: 'status' | 'check' | 'off';
  githubStatusContext: string;
  sandboxTtlDays: number;
  maxPrSandboxes: number;
  prSpawnAttempts: number;
  prReconcileSchedule: string;
  cleanupSchedule: string;
  githubDeliveriesPruneSchedule: string;
  // Persistent data (SPEC §8, §9.6, §18): shared servers seeded at start, storage, the mail relay, delete.
  /** DEFAULT_INSTANCE_MYSQL_URL / DEFAULT_INSTANCE_MONGO_URL: seed one shared server each (password inside). */
  defaultInstanceMysqlUrl?: string;
  defaultInstanceMongoUrl?: string;
  /** RABBITMQ_API_URL + admin credentials seed a RabbitMQ server; app servers reach AMQP at INSTANCE_RABBITMQ_HOST:PORT. */
  rabbitmqApiUrl?: string;
  rabbitmqAdminUsername?: string;
  rabbitmqAdminPassword?: string;
  instanceRabbitmqHost?: string;
  instanceRabbitmqPort: number;
  storageProvider: 's3' | 'none';
  s3EndpointUrl?: string;
  /** S3_IAM_ENDPOINT_URL: IAM's endpoint for per-instance users; unset for AWS. */
  s3IamEndpointUrl?: string;
  s3Region: string;
  s3ForcePathStyle: boolean;
  s3AccessKeyId?: string;
  s3SecretAccessKey?: string;
  s3BucketPrefix: string;
  s3PerInstanceIam: boolean;
  s3VersionExpirationDays: number;
  instanceSmtpRelayHost?: string;
  instanceSmtpRelayPort: number;
  instanceSmtpRelayUsername?: string;
  instanceSmtpRelayPassword?: string;
  /** Sender addresses of instance mail are rewritten to this domain (default: the base domain). */
  instanceSmtpRelaySenderDomain: string;
  /** ALLOW_INSTANCE_DELETE: deleteInstance refuses unless true (development only). */
  allowInstanceDelete: boolean;
  warnings: string[];
}

/** Parses and validates the environment; a bad value throws ConfigError naming the setting. */
export function loadConfig(env: Env = process.env): Config {
  const warnings: string[] = [];
  for (const name of IGNORED) {
    if (env[name] !== undefined) warnings.push(`${name} is accepted but ignored: this product has no Redis or Huey and logs to stdout`);
  }
  const production = str(env, 'NODE_ENV', 'development') === 'production';
  const debug = bool(env, 'DEBUG', false);
  const port = int(env, 'PORT', 5000, 0, 65535);
  const publicUrl = url(env, 'PUBLIC_URL', `http://localhost:${port}`);
  const roles = list(env, 'PROCESS_ROLES');
  const processRoles = (roles.length ? roles : ['web', 'worker']).map((r) => {
    if (r !== 'web' && r !== 'worker') throw new ConfigError('PROCESS_ROLES', `unknown role "${r}" (web, worker)`);
    return r as ProcessRole;
  });
  const computeProvider = oneOf(env, 'COMPUTE_PROVIDER', ['local', 'openstack'] as const, 'local');
  const databaseUrl = optional(env, 'DATABASE_URL');
  const instanceManagerId = str(env, 'INSTANCE_MANAGER_ID', 'im');
  if (!/^[a-z0-9-]{1,20}$/.test(instanceManagerId)) {
    throw new ConfigError('INSTANCE_MANAGER_ID', 'use 1 to 20 lowercase letters, digits or hyphens');
  }
  const baseDomain = optional(env, 'DEFAULT_INSTANCE_BASE_DOMAIN');
  if (!baseDomain && computeProvider === 'openstack') {
    throw new ConfigError('DEFAULT_INSTANCE_BASE_DOMAIN', 'required with COMPUTE_PROVIDER=openstack');
  }
  if (computeProvider === 'openstack') {
    const missing = OPENSTACK_REQUIRED.find((name) => optional(env, name) === undefined);
    if (missing) throw new ConfigError(missing, 'required with COMPUTE_PROVIDER=openstack');
  }
  const openstackAuthUrl = keystoneUrl(env, 'OPENSTACK_AUTH_URL');
  const release = str(env, 'DEFAULT_OPENEDX_RELEASE', 'master');
  const flavor = json(env, 'OPENSTACK_SANDBOX_FLAVOR', { ram: 4096, disk: 40 });
  const image = json(env, 'OPENSTACK_SANDBOX_BASE_IMAGE', { name: 'Ubuntu 20.04' });
  const hasLbServer = Boolean(optional(env, 'DEFAULT_LOAD_BALANCING_SERVER'));
  return refuseUnbuilt({
    production,
    debug,
    port,
    host: str(env, 'HOST', '0.0.0.0'),
    processRoles,
    publicUrl,
    allowedOrigins: list(env, 'ALLOWED_ORIGINS').length ? list(env, 'ALLOWED_ORIGINS') : [new URL(publicUrl).origin],
    dataDir: path.resolve(PROJECT_ROOT, str(env, 'DATA_DIR', '.data')),
    instanceManagerId,
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, production ? 'json' : 'pretty'),
    databaseUrl,
    migrateOnStart: bool(env, 'MIGRATE_ON_START', !databaseUrl),
    maxConcurrentProvisioning: int(env, 'MAX_CONCURRENT_PROVISIONING', 10, 1),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 20, 1, 500),
    maxInstanceDeploymentsInFlight: int(env, 'MAX_INSTANCE_DEPLOYMENTS_IN_FLIGHT', 2, 1, 100),
    deadlineSweepSchedule: cron(env, 'DEADLINE_SWEEP_SCHEDULE', '* * * * *'),
    notifyWebhookUrl: optional(env, 'NOTIFY_WEBHOOK_URL') === undefined ? undefined : url(env, 'NOTIFY_WEBHOOK_URL', ''),
    smtpUrl: smtpUrl(env, 'SMTP_URL'),
    emailFrom: mailbox(env, 'EMAIL_FROM', `noreply@${(baseDomain ?? 'localhost').toLowerCase()}`),
    // Read raw: the default's trailing space separates the prefix from the subject.
    emailSubjectPrefix: env.EMAIL_SUBJECT_PREFIX ?? '[Instance Manager] ',
    admins: emails(env, 'ADMINS'),
    activationSmokeChecks: bool(env, 'ACTIVATION_SMOKE_CHECKS', true),
    activationWatchMinutes: int(env, 'ACTIVATION_WATCH_MINUTES', 10, 0, 24 * 60),
    availabilityChecksSchedule: cron(env, 'AVAILABILITY_CHECKS_SCHEDULE', '*/5 * * * *'),
    availabilityCheckTimeout: int(env, 'AVAILABILITY_CHECK_TIMEOUT', 30, 1, 600),
    availabilityAlertAfterFailures: int(env, 'AVAILABILITY_ALERT_AFTER_FAILURES', 2, 1, 100),
    ...monitoringSettings(env),
    registrationEnabled: bool(env, 'REGISTRATION_ENABLED', true),
    registrationDatabaseMode:
      oneOf(env, 'REGISTRATION_DATABASE_MODE', ['persistent', 'ephemeral'] as const, 'persistent') === 'persistent' ? 'PERSISTENT' : 'EPHEMERAL',
    emailVerificationTtlHours: int(env, 'EMAIL_VERIFICATION_TTL_HOURS', 48, 1, 24 * 365),
    betatestEmailSender: mailbox(env, 'BETATEST_EMAIL_SENDER', mailbox(env, 'EMAIL_FROM', `noreply@${(baseDomain ?? 'localhost').toLowerCase()}`)),
    betatestEmailSignature: env.BETATEST_EMAIL_SIGNATURE ?? 'The Instance Manager team',
    secretKey: optional(env, 'SECRET_KEY'),
    secretsEncryptionKey: optional(env, 'SECRETS_ENCRYPTION_KEY'),
    secretsEncryptionOldKeys: list(env, 'SECRETS_ENCRYPTION_OLD_KEYS'),
    loginMaxAgeDays: int(env, 'LOGIN_MAX_AGE_DAYS', 14, 1, 365),
    metricsToken: optional(env, 'METRICS_TOKEN'),
    graphqlComplexityBudget: int(env, 'GRAPHQL_COMPLEXITY_BUDGET', 20_000, 100, 10_000_000),
    computeProvider,
    loadBalancerProviderExplicit: optional(env, 'LOAD_BALANCER_PROVIDER') !== undefined,
    defaultLoadBalancingServer: userAtHost(env, 'DEFAULT_LOAD_BALANCING_SERVER'),
    loadBalancerApplyCommand: str(env, 'LOAD_BALANCER_APPLY_COMMAND', 'sudo haproxy-config apply'),
    loadBalancerFragmentNamePrefix: fragmentPrefix(env, 'LOAD_BALANCER_FRAGMENT_NAME_PREFIX', `${instanceManagerId}-`),
    loadBalancerSshPort: int(env, 'LOAD_BALANCER_SSH_PORT', 22, 1, 65535),
    loadBalancerResyncSchedule: cron(env, 'LOAD_BALANCER_RESYNC_SCHEDULE', '*/5 * * * *'),
    preliminaryPageServerIp: ipAddress(env, 'PRELIMINARY_PAGE_SERVER_IP'),
    preliminaryPageHostname: hostName(env, 'PRELIMINARY_PAGE_HOSTNAME'),
    ...dnsSettings(env),
    loadBalancerProvider: oneOf(
      env,
      'LOAD_BALANCER_PROVIDER',
      ['local', 'haproxy', 'none'] as const,
      computeProvider === 'local' ? 'local' : hasLbServer ? 'haproxy' : 'none',
    ),
    defaultRecipe: oneOf(env, 'DEFAULT_RECIPE', ['ansible', 'tutor', 'shell'] as const, computeProvider === 'local' ? 'shell' : 'ansible'),
    shellRecipeScript: optional(env, 'SHELL_RECIPE_SCRIPT'),
    ansiblePlaybook: str(env, 'ANSIBLE_PLAYBOOK', 'playbooks/openedx_native.yml'),
    productionInstanceExtraConfiguration: yamlMapping(env, 'PRODUCTION_INSTANCE_EXTRA_CONFIGURATION'),
    ansibleExtraPlaybooks: list(env, 'ANSIBLE_EXTRA_PLAYBOOKS'),
    defaultInstanceBaseDomain: (baseDomain ?? 'localhost').toLowerCase(),
    lmsPreviewDomainPrefix: str(env, 'DEFAULT_LMS_PREVIEW_DOMAIN_PREFIX', 'preview-'),
    studioDomainPrefix: str(env, 'DEFAULT_STUDIO_DOMAIN_PREFIX', 'studio-'),
    subdomainBlacklist: list(env, 'SUBDOMAIN_BLACKLIST').map((s) => s.toLowerCase()),
    defaultOpenedxRelease: release,
    defaultConfigurationRepoUrl: str(env, 'DEFAULT_CONFIGURATION_REPO_URL', 'https://github.com/openedx/configuration.git'),
    defaultConfigurationVersion: str(env, 'DEFAULT_CONFIGURATION_VERSION', release),
    defaultFork: str(env, 'DEFAULT_FORK', 'openedx/edx-platform'),
    openedxReleaseStableRef: str(env, 'OPENEDX_RELEASE_STABLE_REF', release),
    instanceEphemeralDatabases: bool(env, 'INSTANCE_EPHEMERAL_DATABASES', true),
    stableEdxPlatformRepoUrl: optional(env, 'STABLE_EDX_PLATFORM_REPO_URL'),
    stableEdxPlatformCommit: optional(env, 'STABLE_EDX_PLATFORM_COMMIT'),
    stableConfigurationRepoUrl: optional(env, 'STABLE_CONFIGURATION_REPO_URL'),
    stableConfigurationVersion: optional(env, 'STABLE_CONFIGURATION_VERSION'),
    sandboxFlavor: JSON.stringify(flavor),
    sandboxBaseImage: JSON.stringify(image),
    sandboxSshKeyName: str(env, 'OPENSTACK_SANDBOX_SSH_KEYNAME', 'instance-manager'),
    vmBootTimeout: int(env, 'VM_BOOT_TIMEOUT', 3600, 1),
    sshWaitTimeout: int(env, 'SSH_WAIT_TIMEOUT', 3600, 1),
    recipeLineTimeout: int(env, 'RECIPE_LINE_TIMEOUT', 7200, 1),
    recipeTotalTimeout: int(env, 'RECIPE_TOTAL_TIMEOUT', 9000, 1),
    heartbeatTimeout: int(env, 'HEARTBEAT_TIMEOUT', 1800, 1),
    sshReattachTimeout: int(env, 'SSH_REATTACH_TIMEOUT', 600, 1),
    logEntryMinLevel: oneOf(
      env,
      'LOG_ENTRY_MIN_LEVEL',
      ['debug', 'info', 'warning', 'error', 'critical'] as const,
      'info',
    ).toUpperCase() as Config['logEntryMinLevel'],
    logLimit: int(env, 'LOG_LIMIT', 10000, 1),
    openstackUser: optional(env, 'OPENSTACK_USER'),
    openstackPassword: optional(env, 'OPENSTACK_PASSWORD'),
    openstackTenant: optional(env, 'OPENSTACK_TENANT'),
    openstackAuthUrl,
    openstackRegion: optional(env, 'OPENSTACK_REGION'),
    openstackUserDomainName: str(env, 'OPENSTACK_USER_DOMAIN_NAME', 'Default'),
    openstackProjectDomainName: str(env, 'OPENSTACK_PROJECT_DOMAIN_NAME', 'Default'),
    openstackNetwork: optional(env, 'OPENSTACK_NETWORK'),
    openstackInjectHostKeys: bool(env, 'OPENSTACK_INJECT_HOST_KEYS', true),
    shutdownTimeout: int(env, 'SHUTDOWN_TIMEOUT', 600, 1),
    sandboxSshUsername: str(env, 'OPENSTACK_SANDBOX_SSH_USERNAME', 'ubuntu'),
    sshPrivateKey: optional(env, 'SSH_PRIVATE_KEY')?.replace(/\\n/g, '\n'),
    sshPrivateKeyFile: str(env, 'SSH_PRIVATE_KEY_FILE', defaultSshKeyFile(env)),
    appServerSecurityGroupName: str(env, 'OPENEDX_APPSERVER_SECURITY_GROUP_NAME', 'edxapp-appserver'),
    appServerSecurityGroupRules: securityGroupRules(env, 'OPENEDX_APPSERVER_SECURITY_GROUP_RULES'),
    ...githubSettings(env),
    ...persistentDataSettings(env, instanceManagerId, (baseDomain ?? 'localhost').toLowerCase()),
    warnings,
  });
}

function githubSettings(env: Env) {
  const appId = optional(env, 'GITHUB_APP_ID');
  const privateKey = optional(env, 'GITHUB_APP_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  const installationId = optional(env, 'GITHUB_APP_INSTALLATION_ID');
  const appParts = [appId, privateKey, installationId].filter(Boolean).length;
  if (appParts > 0 && appParts < 3) throw new ConfigError('GITHUB_APP_ID', 'set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID together');
  const statusMode = oneOf(env, 'GITHUB_STATUS_MODE', ['status', 'check', 'off'] as const, 'status');
  if (statusMode === 'check' && appParts === 0) throw new ConfigError('GITHUB_STATUS_MODE', 'check runs need the GitHub App settings (GITHUB_APP_ID, …)');
  const watchFork = str(env, 'WATCH_FORK', 'openedx/edx-platform').trim();
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(watchFork)) throw new ConfigError('WATCH_FORK', `expected owner/repo, got "${watchFork}"`);
  return {
    githubAccessToken: optional(env, 'GITHUB_ACCESS_TOKEN'),
    githubWebhookSecret: optional(env, 'GITHUB_WEBHOOK_SECRET'),
    githubApiUrl: url(env, 'GITHUB_API_URL', 'https://api.github.com'),
    githubApp: appId && privateKey && installationId ? { appId, privateKey, installationId } : undefined,
    watchPrs: bool(env, 'WATCH_PRS', true),
    watchFork,
    watchOrganization: optional(env, 'WATCH_ORGANIZATION'),
    githubRedeployOnPush: bool(env, 'GITHUB_REDEPLOY_ON_PUSH', true),
    prRedeployDebounceSeconds: int(env, 'PR_REDEPLOY_DEBOUNCE_SECONDS', 120, 0, 86_400),
    prSandboxArchiveAfterDays: int(env, 'PR_SANDBOX_ARCHIVE_AFTER_DAYS', 7, 0, 3650),
    githubStatusMode: statusMode,
    githubStatusContext: str(env, 'GITHUB_STATUS_CONTEXT', 'sandbox'),
    sandboxTtlDays: int(env, 'SANDBOX_TTL_DAYS', 14, 1, 3650),
    maxPrSandboxes: int(env, 'MAX_PR_SANDBOXES', 30, 0, 100_000),
    prSpawnAttempts: int(env, 'PR_SPAWN_ATTEMPTS', 2, 1, 5),
    prReconcileSchedule: cron(env, 'PR_RECONCILE_SCHEDULE', '*/10 * * * *'),
    cleanupSchedule: cron(env, 'CLEANUP_SCHEDULE', '0 1 * * *'),
    githubDeliveriesPruneSchedule: cron(env, 'GITHUB_DELIVERIES_PRUNE_SCHEDULE', '0 3 * * *'),
  };
}

/** A URL with the given schemes; the value is never echoed (it may hold a password). */
function credentialUrl(env: Env, name: string, schemes: string[], example: string): string | undefined {
  const v = optional(env, name)?.trim();
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, `not a URL (expected ${example})`);
  }
  if (!schemes.includes(u.protocol.slice(0, -1))) throw new ConfigError(name, `expected ${example}, got ${u.protocol}//`);
  if (!u.hostname) throw new ConfigError(name, 'names no host');
  return v;
}

function persistentDataSettings(env: Env, instanceManagerId: string, baseDomain: string) {
  const rabbitmqApiUrl = credentialUrl(env, 'RABBITMQ_API_URL', ['http', 'https'], 'https://host:15671');
  const rabbitmqAdminUsername = optional(env, 'RABBITMQ_ADMIN_USERNAME');
  const rabbitmqAdminPassword = optional(env, 'RABBITMQ_ADMIN_PASSWORD');
  if (rabbitmqApiUrl && (!rabbitmqAdminUsername || !rabbitmqAdminPassword)) {
    throw new ConfigError(rabbitmqAdminUsername ? 'RABBITMQ_ADMIN_PASSWORD' : 'RABBITMQ_ADMIN_USERNAME', 'required with RABBITMQ_API_URL');
  }
  const s3AccessKeyId = optional(env, 'S3_ACCESS_KEY_ID');
  const storageProvider = oneOf(env, 'STORAGE_PROVIDER', ['s3', 'none'] as const, s3AccessKeyId ? 's3' : 'none');
  const s3SecretAccessKey = optional(env, 'S3_SECRET_ACCESS_KEY');
  if (storageProvider === 's3' && (!s3AccessKeyId || !s3SecretAccessKey)) {
    throw new ConfigError(s3AccessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'required with STORAGE_PROVIDER=s3');
  }
  const s3BucketPrefix = str(env, 'S3_BUCKET_PREFIX', instanceManagerId);
  if (!/^[a-z0-9][a-z0-9-]{0,29}$/.test(s3BucketPrefix)) throw new ConfigError('S3_BUCKET_PREFIX', 'use 1 to 30 lowercase letters, digits or hyphens');
  const relayHost = optional(env, 'INSTANCE_SMTP_RELAY_HOST')?.trim();
  if (relayHost !== undefined && !/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(relayHost)) {
    throw new ConfigError('INSTANCE_SMTP_RELAY_HOST', 'expected a host name or address');
  }
  const senderDomain = str(env, 'INSTANCE_SMTP_RELAY_SENDER_DOMAIN', baseDomain).trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(senderDomain)) throw new ConfigError('INSTANCE_SMTP_RELAY_SENDER_DOMAIN', 'expected a domain name');
  return {
    defaultInstanceMysqlUrl: credentialUrl(env, 'DEFAULT_INSTANCE_MYSQL_URL', ['mysql'], 'mysql://user:password@host[:3306]'),
    defaultInstanceMongoUrl: credentialUrl(env, 'DEFAULT_INSTANCE_MONGO_URL', ['mongodb'], 'mongodb://user:password@host[:27017]'),
    rabbitmqApiUrl,
    rabbitmqAdminUsername,
    rabbitmqAdminPassword,
    instanceRabbitmqHost: optional(env, 'INSTANCE_RABBITMQ_HOST'),
    instanceRabbitmqPort: int(env, 'INSTANCE_RABBITMQ_PORT', 5671, 1, 65535),
    storageProvider,
    s3EndpointUrl: optional(env, 'S3_ENDPOINT_URL') === undefined ? undefined : url(env, 'S3_ENDPOINT_URL', ''),
    s3IamEndpointUrl: optional(env, 'S3_IAM_ENDPOINT_URL') === undefined ? undefined : url(env, 'S3_IAM_ENDPOINT_URL', ''),
    s3Region: str(env, 'S3_REGION', 'us-east-1'),
    s3ForcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', false),
    s3AccessKeyId,
    s3SecretAccessKey,
    s3BucketPrefix,
    s3PerInstanceIam: bool(env, 'S3_PER_INSTANCE_IAM', false),
    s3VersionExpirationDays: int(env, 'S3_VERSION_EXPIRATION_DAYS', 30, 1, 36500),
    instanceSmtpRelayHost: relayHost,
    instanceSmtpRelayPort: int(env, 'INSTANCE_SMTP_RELAY_PORT', 587, 1, 65535),
    instanceSmtpRelayUsername: optional(env, 'INSTANCE_SMTP_RELAY_USERNAME'),
    instanceSmtpRelayPassword: optional(env, 'INSTANCE_SMTP_RELAY_PASSWORD'),
    instanceSmtpRelaySenderDomain: senderDomain,
    allowInstanceDelete: bool(env, 'ALLOW_INSTANCE_DELETE', false),
  };
}

/**
 * Settings that name a part not built yet stop the start: accepted, they would do nothing and
 * the operator would find out from a broken instance much later.
 */
/** MONITORING_PROVIDER defaults to newrelic when its key is set, as the original did (SPEC §18). */
function monitoringSettings(
  env: Env,
): Pick<Config, 'monitoringProvider' | 'newrelicAdminUserApiKey' | 'newrelicLicenseKey' | 'newrelicApiUrl' | 'newrelicSyntheticsUrl'> {
  const apiKey = optional(env, 'NEWRELIC_ADMIN_USER_API_KEY');
  const provider = oneOf(env, 'MONITORING_PROVIDER', ['builtin', 'newrelic', 'none'] as const, apiKey ? 'newrelic' : 'builtin');
  if (provider === 'newrelic' && !apiKey) throw new ConfigError('NEWRELIC_ADMIN_USER_API_KEY', 'required with MONITORING_PROVIDER=newrelic');
  return {
    monitoringProvider: provider,
    newrelicAdminUserApiKey: apiKey,
    newrelicLicenseKey: optional(env, 'NEWRELIC_LICENSE_KEY'),
    newrelicApiUrl: optional(env, 'NEWRELIC_API_URL') === undefined ? undefined : url(env, 'NEWRELIC_API_URL', ''),
    newrelicSyntheticsUrl: optional(env, 'NEWRELIC_SYNTHETICS_URL') === undefined ? undefined : url(env, 'NEWRELIC_SYNTHETICS_URL', ''),
  };
}

function refuseUnbuilt(config: Config): Config {
  if (config.defaultRecipe === 'tutor') throw new ConfigError('DEFAULT_RECIPE', 'the tutor recipe is not available yet: use ansible or shell');
  if (config.shellRecipeScript && !existsSync(config.shellRecipeScript)) {
    throw new ConfigError('SHELL_RECIPE_SCRIPT', `no such file: ${config.shellRecipeScript}`);
  }
  return config;
}

/**
 * In development the signing and encryption keys are generated once and kept in DATA_DIR so
 * cookies and encrypted columns survive restarts; production must set them.
 */
export function resolveSecrets(config: Config): Config {
  if (config.secretKey && config.secretsEncryptionKey) return config;
  if (config.production) {
    throw new ConfigError(config.secretKey ? 'SECRETS_ENCRYPTION_KEY' : 'SECRET_KEY', 'required in production');
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'secrets.json');
  let stored: { secretKey?: string; secretsEncryptionKey?: string } = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8'));
  const next = {
    secretKey: stored.secretKey ?? randomBytes(32).toString('base64'),
    secretsEncryptionKey: stored.secretsEncryptionKey ?? randomBytes(32).toString('base64'),
  };
  if (next.secretKey !== stored.secretKey || next.secretsEncryptionKey !== stored.secretsEncryptionKey) {
    writeFileSync(file, JSON.stringify(next), { mode: 0o600 });
  }
  return {
    ...config,
    secretKey: config.secretKey ?? next.secretKey,
    secretsEncryptionKey: config.secretsEncryptionKey ?? next.secretsEncryptionKey,
  };
}

/** The running user's default key, as ssh(1) would pick it. */
function defaultSshKeyFile(env: Env): string {
  const home = env.HOME ?? '/root';
  const candidates = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => path.join(home, '.ssh', n));
  return candidates.find((f) => existsSync(f)) ?? candidates[0];
}

/**
 * Reads `.env` from the working directory, else the project's, into process.env (existing
 * variables win); returns the file read, if any.
 */
export function loadDotEnv(): string | null {
  for (const file of [path.resolve('.env'), path.join(PROJECT_ROOT, '.env')]) {
    if (existsSync(file)) {
      process.loadEnvFile(file);
      return file;
    }
  }
  return null;
}

// What a local app server's processes inherit: enough to find programs and write files, never
// the manager's settings (SECRET_KEY, DATABASE_URL...). A recipe passes its own in recipe.env.
const APP_SERVER_INHERITED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

/** The environment of a local app server's processes, taken from this process's. */
export function appServerEnvironment(env: Env = process.env): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of APP_SERVER_INHERITED) if (env[name] !== undefined) picked[name] = env[name]!;
  return picked;
}
