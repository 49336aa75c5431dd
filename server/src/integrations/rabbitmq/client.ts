import { createHash, timingSafeEqual } from 'node:crypto';
import { RabbitMqError } from './errors.ts';

export interface RabbitMqAdminCredentials {
  /** The management API's base URL, e.g. `https://rabbit.example.com:15671` (no credentials in it). */
  apiUrl: string;
  username: string;
  password: string;
}

export interface RabbitMqClientOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a network failure, a timeout or a 5xx (every call we make is idempotent). */
  retries?: number;
  /** Before the first retry; doubled for each next one. */
  retryDelayMs?: number;
}

export interface RabbitMqPermissions {
  configure: string;
  write: string;
  read: string;
}

export interface RabbitMqUserInfo {
  name: string;
  password_hash: string;
  hashing_algorithm: string;
  /** A list since 3.9, a comma-separated string before. */
  tags: string[] | string;
}

const NAME = /^[^\u0000-\u001f\u007f]{1,255}$/;

/** Vhost and user names go into URL paths (encoded) and JSON; control characters and empty names are refused. */
export function checkRabbitMqName(what: 'vhost' | 'user', name: string): void {
  if (!NAME.test(name)) throw new RabbitMqError('invalid-name', `RabbitMQ ${what} name ${JSON.stringify(name)} must be 1-255 printable characters`);
}

const HASH_ALGORITHMS: Record<string, string> = {
  rabbit_password_hashing_sha256: 'sha256',
  rabbit_password_hashing_sha512: 'sha512',
  rabbit_password_hashing_md5: 'md5',
};

/**
 * Whether the broker's stored hash is of `password`: base64 of a 4-byte salt followed by
 * hash(salt ‖ password). Lets a rerun leave a correct user alone instead of rehashing it.
 */
export function rabbitMqPasswordMatches(user: Pick<RabbitMqUserInfo, 'password_hash' | 'hashing_algorithm'>, password: string): boolean {
  const algorithm = HASH_ALGORITHMS[user.hashing_algorithm];
  if (!algorithm || !user.password_hash) return false;
  const stored = Buffer.from(user.password_hash, 'base64');
  if (stored.length <= 4) return false;
  const salt = stored.subarray(0, 4);
  const expected = createHash(algorithm).update(salt).update(password, 'utf8').digest();
  const actual = stored.subarray(4);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function rabbitMqTags(user: Pick<RabbitMqUserInfo, 'tags'>): string[] {
  const tags = Array.isArray(user.tags) ? user.tags : user.tags.split(',');
  return tags.map((t) => t.trim()).filter(Boolean);
}

/** The management HTTP API, the few endpoints provisioning uses, with basic auth from the admin credentials. */
export class RabbitMqManagementClient {
  readonly origin: string;
  private readonly base: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly admin: RabbitMqAdminCredentials,
    options: RabbitMqClientOptions = {},
  ) {
    let url: URL;
    try {
      url = new URL(admin.apiUrl);
    } catch {
      throw new RabbitMqError('invalid-url', 'the RabbitMQ API URL does not parse (expected http(s)://host:port)');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RabbitMqError('invalid-url', `the RabbitMQ API URL must be http or https (got ${url.protocol})`);
    }
    if (url.username || url.password) {
      throw new RabbitMqError('invalid-url', `the RabbitMQ API URL for ${url.host} must not carry credentials: they are passed separately`);
    }
    this.origin = url.origin;
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}/api`;
    this.authorization = `Basic ${Buffer.from(`${admin.username}:${admin.password}`, 'utf8').toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
  }

  get adminUsername(): string {
    return this.admin.username;
  }

  /**
   * One API call; `segments` are encoded one by one, so a vhost named `/` becomes `%2F`. 404 is
   * returned (not thrown) when `allow404`.
   */
  async call<T>(
    method: 'GET' | 'PUT' | 'DELETE',
    segments: string[],
    options: { body?: unknown; allow404?: boolean; secrets?: string[]; authorization?: string } = {},
  ): Promise<{ status: number; body: T | null }> {
    const path = `/api/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
    const url = `${this.base}/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
    const secrets = [this.admin.password, ...(options.secrets ?? [])];
    const where = `RabbitMQ ${this.origin}: ${method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: options.authorization ?? this.authorization,
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        const reason = describeFetchFailure(e);
        if (attempt < this.retries) {
          await delay(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new RabbitMqError('connection', `${where} failed after ${attempt + 1} attempts: ${reason}`);
      }
      const text = await response.text();
      if (response.ok || (response.status === 404 && options.allow404)) {
        return { status: response.status, body: text && response.ok ? (JSON.parse(text) as T) : null };
      }
      const reason = redact(describeErrorBody(text), secrets);
      if (response.status >= 500 && attempt < this.retries) {
        await delay(this.retryDelayMs * 2 ** attempt);
        continue;
      }
      const kind = response.status === 401 || response.status === 403 ? 'unauthorized' : response.status >= 500 ? 'connection' : 'http';
      throw new RabbitMqError(kind, `${where} answered ${response.status}${reason ? `: ${reason}` : ''}`, response.status);
    }
  }

  async getVhost(vhost: string): Promise<{ name: string } | null> {
    return (await this.call<{ name: string }>('GET', ['vhosts', vhost], { allow404: true })).body;
  }

  /** Creates the vhost; an existing one is left as it is (the broker answers 204). */
  async putVhost(vhost: string): Promise<void> {
    await this.call('PUT', ['vhosts', vhost], { body: {} });
  }

  /** Whether there was one to delete. */
  async deleteVhost(vhost: string): Promise<boolean> {
    return (await this.call('DELETE', ['vhosts', vhost], { allow404: true })).status !== 404;
  }

  async getUser(user: string): Promise<RabbitMqUserInfo | null> {
    return (await this.call<RabbitMqUserInfo>('GET', ['users', user], { allow404: true })).body;
  }

  async putUser(user: string, password: string, tags = ''): Promise<void> {
    await this.call('PUT', ['users', user], { body: { password, tags }, secrets: [password] });
  }

  async deleteUser(user: string): Promise<boolean> {
    return (await this.call('DELETE', ['users', user], { allow404: true })).status !== 404;
  }

  async getPermissions(vhost: string, user: string): Promise<RabbitMqPermissions | null> {
    return (await this.call<RabbitMqPermissions>('GET', ['permissions', vhost, user], { allow404: true })).body;
  }

  async putPermissions(vhost: string, user: string, permissions: RabbitMqPermissions): Promise<void> {
    await this.call('PUT', ['permissions', vhost, user], { body: permissions });
  }

  /** Who the broker takes the given credentials (the admin's by default) for. */
  async whoami(credentials?: { username: string; password: string }): Promise<{ name: string; tags: string[] | string }> {
    const authorization = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}` : undefined;
    const secrets = credentials ? [credentials.password] : [];
    return (await this.call<{ name: string; tags: string[] | string }>('GET', ['whoami'], { authorization, secrets })).body!;
  }
}

function describeFetchFailure(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'timed out';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

function describeErrorBody(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; reason?: unknown };
    return [body.error, body.reason].filter((v) => typeof v === 'string' && v).join(': ');
  } catch {
    return text.slice(0, 200);
  }
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
