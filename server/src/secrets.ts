import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { isCredentialKey } from './domain/settings.ts';
import { MYSQL_DATABASE_SUFFIXES, mysqlUserName, mysqlUserPassword } from './integrations/mysql/plan.ts';

// AES-256-GCM with a random nonce; the key id prefix lets old keys keep decrypting after rotation.
const keys = new Map<string, Buffer>();
let currentKeyId = '';

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function configureSecrets(current: string, old: string[] = []): void {
  keys.clear();
  for (const encoded of [current, ...old]) {
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error('SECRETS_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    keys.set(keyId(key), key);
  }
  currentKeyId = keyId(Buffer.from(current, 'base64'));
}

export function encryptSecret(plain: string): string {
  const key = keys.get(currentKeyId);
  if (!key) throw new Error('secrets encryption is not configured');
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${currentKeyId}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function decryptSecret(stored: string): string {
  const [id, payload] = stored.split(':', 2);
  const key = keys.get(id);
  if (!key || !payload) throw new Error(`no key for encrypted value (key id ${id})`);
  const raw = Buffer.from(payload, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function hmac(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

export function randomLetters(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => alphabet[b % 26]).join('');
}

export function randomPassword(n = 32): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

// An instance's secrets derive from its master secret, so they stay the same across redeploys.
export function basicAuthOf(instance: { secretMasterEnc: string }): { user: string; password: string } {
  const master = decryptSecret(instance.secretMasterEnc);
  return { user: hmac(master, 'basic_auth_user').slice(0, 16), password: hmac(master, 'basic_auth_password').slice(0, 16) };
}

// Installation secrets that reach app servers' settings (the shared S3 key, the mail relay's
// password): set by the composition root, redacted wherever an instance's secrets are.
let installationSecrets: string[] = [];

export function setInstallationSecrets(secrets: (string | undefined)[]): void {
  installationSecrets = secrets.filter((s): s is string => Boolean(s));
}

/** The passwords an instance's MySQL users get, derived (SPEC §9.6), so logs can be scrubbed of them. */
function derivedMysqlPasswords(mysqlUser: string | undefined, mysqlPassword: string): string[] {
  if (!mysqlUser) return [];
  return [...MYSQL_DATABASE_SUFFIXES, 'migrate' as const, 'read_only' as const].map((suffix) =>
    mysqlUserPassword(mysqlPassword, mysqlUserName(mysqlUser, suffix)),
  );
}

export function instanceSecrets(instance: {
  secretMasterEnc: string;
  mysqlUser?: string;
  storageSecretKeyEnc?: string | null;
  mysqlPasswordEnc: string;
  mongoPasswordEnc: string;
  rabbitmqProviderPasswordEnc: string;
  rabbitmqConsumerPasswordEnc: string;
}): string[] {
  const auth = basicAuthOf(instance);
  const master = decryptSecret(instance.secretMasterEnc);
  const derived = ['EDXAPP_EDXAPP_SECRET_KEY', 'EDXAPP_JWT_SECRET_KEY', 'EDXAPP_COMMENTS_SERVICE_KEY', 'EDXAPP_PROFILE_IMAGE_SECRET_KEY'].map((n) =>
    hmac(master, n),
  );
  return [
    ...derived,
    master,
    decryptSecret(instance.mysqlPasswordEnc),
    decryptSecret(instance.mongoPasswordEnc),
    decryptSecret(instance.rabbitmqProviderPasswordEnc),
    decryptSecret(instance.rabbitmqConsumerPasswordEnc),
    auth.password,
    ...derivedMysqlPasswords(instance.mysqlUser, decryptSecret(instance.mysqlPasswordEnc)),
    ...(instance.storageSecretKeyEnc ? [decryptSecret(instance.storageSecretKeyEnc)] : []),
    ...installationSecrets,
  ];
}

/** Replaces every secret with *** before a line is stored. */
export function redactor(secrets: string[]): (text: string) => string {
  const words = secrets.filter((s) => s && s.length >= 4).sort((a, b) => b.length - a.length);
  if (words.length === 0) return (t) => t;
  return (text) => words.reduce((t, w) => t.split(w).join('***'), text);
}

// `KEY: value`, `KEY=value`, `"KEY": "value"`: the key as settings name credentials (…PASSWORD,
// …SECRET, …_KEY, …TOKEN), the value up to the end of its quotes or the next space.
const ASSIGNMENT = /(["']?)([A-Za-z_][\w.-]*)\1(\s*[:=]\s*)("[^"\n]*"|'[^'\n]*'|[^\s,;]+)/g;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;

/**
 * Masks secrets nobody listed: the values of credential-named assignments and the passwords of
 * URLs, for text about to leave the installation (mail, webhooks, the process log).
 */
export function redactCredentialAssignments(text: string): string {
  return text
    .replace(ASSIGNMENT, (all, quote: string, key: string, sep: string, value: string) =>
      isCredentialKey(key) ? `${quote}${key}${quote}${sep}${/^["']/.test(value) ? value[0] + '***' + value[0] : '***'}` : all,
    )
    .replace(URL_USERINFO, '$1***$3');
}
