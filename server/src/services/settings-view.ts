import { parse, stringify } from 'yaml';
import { pool } from '../db.ts';
import { renderedSettingsOf } from '../data/app-servers.ts';
import { isCredentialKey } from '../domain/settings.ts';
import { redactor } from '../logs.ts';
import { basicAuthOf, decryptSecret, instanceSecrets } from '../secrets.ts';

/**
 * An app server's rendered settings for reading: credential keys and every value that holds one of
 * the instance's secrets become ***, so an operator sees the shape without the secrets.
 */
export async function redactedSettings(appServerId: string): Promise<string | null> {
  const a = await renderedSettingsOf(pool, appServerId);
  if (!a?.renderedSettingsEnc) return null;
  // The basic-auth user is revealed only on request, like its password.
  const redact = redactor([...instanceSecrets(a.instance), basicAuthOf(a.instance).user]);
  const walk = (value: unknown, key?: string): unknown => {
    if (key !== undefined && isCredentialKey(key) && value !== null && typeof value !== 'object' && value !== '') return '***';
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return stringify(walk(parse(decryptSecret(a.renderedSettingsEnc))));
}
