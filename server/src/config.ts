import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

// Every environment setting is parsed here, once; nothing else reads process.env.

export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
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

function list(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function url(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback);
  try {
    return new URL(v).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `invalid URL "${v}"`);
  }
}

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
  secretKey?: string;
  secretsEncryptionKey?: string;
  secretsEncryptionOldKeys: string[];
  loginMaxAgeDays: number;
  computeProvider: 'local' | 'openstack';
  loadBalancerProvider: 'local' | 'haproxy' | 'none';
  defaultRecipe: 'ansible' | 'tutor' | 'shell';
  shellRecipeScript?: string;
  ansiblePlaybook: string;
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
  const release = str(env, 'DEFAULT_OPENEDX_RELEASE', 'master');
  const flavor = json(env, 'OPENSTACK_SANDBOX_FLAVOR', { ram: 4096, disk: 40 });
  const image = json(env, 'OPENSTACK_SANDBOX_BASE_IMAGE', { name: 'Ubuntu 20.04' });
  const hasLbServer = Boolean(optional(env, 'DEFAULT_LOAD_BALANCING_SERVER'));
  return {
    production,
    debug,
    port,
    host: str(env, 'HOST', '0.0.0.0'),
    processRoles,
    publicUrl,
    allowedOrigins: list(env, 'ALLOWED_ORIGINS').length ? list(env, 'ALLOWED_ORIGINS') : [new URL(publicUrl).origin],
    dataDir: path.resolve(str(env, 'DATA_DIR', '.data')),
    instanceManagerId,
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, production ? 'json' : 'pretty'),
    databaseUrl,
    migrateOnStart: bool(env, 'MIGRATE_ON_START', !databaseUrl),
    maxConcurrentProvisioning: int(env, 'MAX_CONCURRENT_PROVISIONING', 10, 1),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 20, 1, 500),
    secretKey: optional(env, 'SECRET_KEY'),
    secretsEncryptionKey: optional(env, 'SECRETS_ENCRYPTION_KEY'),
    secretsEncryptionOldKeys: list(env, 'SECRETS_ENCRYPTION_OLD_KEYS'),
    loginMaxAgeDays: int(env, 'LOGIN_MAX_AGE_DAYS', 14, 1, 365),
    computeProvider,
    loadBalancerProvider: oneOf(
      env,
      'LOAD_BALANCER_PROVIDER',
      ['local', 'haproxy', 'none'] as const,
      computeProvider === 'local' ? 'local' : hasLbServer ? 'haproxy' : 'none',
    ),
    defaultRecipe: oneOf(env, 'DEFAULT_RECIPE', ['ansible', 'tutor', 'shell'] as const, computeProvider === 'local' ? 'shell' : 'ansible'),
    shellRecipeScript: optional(env, 'SHELL_RECIPE_SCRIPT'),
    ansiblePlaybook: str(env, 'ANSIBLE_PLAYBOOK', 'playbooks/openedx_native.yml'),
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
    sandboxFlavor: JSON.stringify(flavor),
    sandboxBaseImage: JSON.stringify(image),
    sandboxSshKeyName: str(env, 'OPENSTACK_SANDBOX_SSH_KEYNAME', 'instance-manager'),
    vmBootTimeout: int(env, 'VM_BOOT_TIMEOUT', 3600, 1),
    sshWaitTimeout: int(env, 'SSH_WAIT_TIMEOUT', 3600, 1),
    recipeLineTimeout: int(env, 'RECIPE_LINE_TIMEOUT', 7200, 1),
    recipeTotalTimeout: int(env, 'RECIPE_TOTAL_TIMEOUT', 9000, 1),
    heartbeatTimeout: int(env, 'HEARTBEAT_TIMEOUT', 1800, 1),
    logEntryMinLevel: oneOf(env, 'LOG_ENTRY_MIN_LEVEL', ['debug', 'info', 'warning', 'error', 'critical'] as const, 'info').toUpperCase() as Config['logEntryMinLevel'],
    logLimit: int(env, 'LOG_LIMIT', 10000, 1),
    warnings,
  };
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

/** Reads `.env` from the working directory into process.env (existing variables win). */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}
