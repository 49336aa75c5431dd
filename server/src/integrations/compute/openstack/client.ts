// A small OpenStack REST client: Keystone v3 password auth, catalog endpoints, bounded retries.

export type OpenStackService = 'identity' | 'compute' | 'network' | 'image';
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** A refusal or failure of an OpenStack API, with the provider's own message. */
export class OpenStackError extends Error {
  /** A Retry-After hint, when the provider sent one. */
  retryAfterMs?: number;

  constructor(
    /** HTTP status, or null when no response arrived (network error, timeout). */
    readonly status: number | null,
    readonly service: OpenStackService,
    readonly method: string,
    readonly path: string,
    /** The provider's message alone (the error's message adds the request line). */
    readonly detail: string,
    /** Worth retrying later: network errors, timeouts, 5xx and 429. */
    readonly transient: boolean = status === null || status >= 500 || status === 429,
  ) {
    super(`${service} ${method} ${path}: ${status === null ? '' : `${status} `}${detail}`);
    this.name = 'OpenStackError';
  }
}

export interface OpenStackClientOptions {
  /** Keystone v3 URL, e.g. https://keystone.example.com:5000/v3 (a URL without a version gets /v3). */
  authUrl: string;
  username: string;
  password: string;
  /** The project (the original's "tenant"). */
  projectName: string;
  userDomainName?: string;
  projectDomainName?: string;
  region: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Attempts of an idempotent call; default 10. */
  maxAttempts?: number;
  /** First backoff delay, doubled each attempt; default 1 s. */
  retryBaseDelayMs?: number;
  /** Backoff cap; default 30 s. */
  retryMaxDelayMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface RequestOptions {
  /** Retry a POST too (it must be safe to repeat). GET/PUT/DELETE always are. */
  idempotent?: boolean;
  /** Statuses returned as `{ status }` instead of thrown (e.g. 404 on a delete). */
  accept?: number[];
}

interface Token {
  value: string;
  expiresAt: number;
  endpoints: Map<string, string>;
  regionsSeen: Set<string>;
}

const CATALOG_TYPE: Record<OpenStackService, string> = { identity: 'identity', compute: 'compute', network: 'network', image: 'image' };
// A token is renewed this long before Keystone's expires_at, so no call carries one that dies in flight.
const TOKEN_MARGIN_MS = 5 * 60_000;

export class OpenStackClient {
  private readonly opts: Required<Omit<OpenStackClientOptions, 'fetch' | 'now'>> & { fetch: typeof fetch; now: () => number };
  private token: Token | null = null;
  private authenticating: Promise<Token> | null = null;
  /** Number of Keystone authentications done (for tests and logs). */
  authentications = 0;

  constructor(options: OpenStackClientOptions) {
    this.opts = {
      userDomainName: 'Default',
      projectDomainName: 'Default',
      timeoutMs: 30_000,
      maxAttempts: 10,
      retryBaseDelayMs: 1000,
      retryMaxDelayMs: 30_000,
      ...options,
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? Date.now,
    };
  }

  get region(): string {
    return this.opts.region;
  }

  /** The public endpoint of a service in our region, from the token's catalog. */
  async endpoint(service: OpenStackService): Promise<string> {
    return endpointOf(await this.currentToken(), service, this.opts.region);
  }

  /**
   * Calls an OpenStack API and returns the parsed JSON body (undefined when empty). Idempotent
   * calls are retried on network errors, timeouts, 5xx and 429 with capped exponential backoff;
   * a 401 re-authenticates once.
   */
  async request<T = unknown>(service: OpenStackService, method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const res = await this.call<T>(service, method, path, body, options);
    return res.body as T;
  }

  /** As request(), but statuses listed in `accept` come back instead of being thrown. */
  async call<T = unknown>(
    service: OpenStackService,
    method: Method,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<{ status: number; body: T | undefined; error?: string }> {
    const idempotent = method !== 'POST' && method !== 'PATCH' ? true : Boolean(options.idempotent);
    const attempts = idempotent ? this.opts.maxAttempts : 1;
    let reauthenticated = false;
    let last: OpenStackError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.backoff(attempt - 1, last));
      const token = await this.tokenWithRetries();
      const url = endpointOf(token, service, this.opts.region) + path;
      let res: Response;
      let text: string;
      try {
        res = await this.opts.fetch(url, {
          method,
          headers: {
            'X-Auth-Token': token.value,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        last = new OpenStackError(null, service, method, path, describeFetchError(e, this.opts.timeoutMs));
        continue;
      }
      if (res.status === 401 && !reauthenticated) {
        // The token was revoked or expired early: one fresh token, not counted as an attempt.
        reauthenticated = true;
        if (this.token === token) this.token = null;
        attempt--;
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        return { status: res.status, body: parseBody(text) as T | undefined };
      }
      const message = providerMessage(text, res.statusText);
      if (options.accept?.includes(res.status)) return { status: res.status, body: undefined, error: message };
      last = new OpenStackError(res.status, service, method, path, message);
      last.retryAfterMs = retryAfterMs(res.headers.get('retry-after'));
      if (!last.transient) throw last;
    }
    throw last!;
  }

  /** Forgets the token, so the next call authenticates again. */
  invalidateToken(): void {
    this.token = null;
  }

  private backoff(retry: number, last: OpenStackError | null): number {
    const exp = Math.min(this.opts.retryMaxDelayMs, this.opts.retryBaseDelayMs * 2 ** (retry - 1));
    const jittered = exp / 2 + Math.random() * (exp / 2);
    const hinted = last?.retryAfterMs;
    return hinted !== undefined ? Math.min(this.opts.retryMaxDelayMs, Math.max(hinted, jittered)) : jittered;
  }

  /** Keystone down for a moment must not fail even a non-repeatable call: nothing was sent yet. */
  private async tokenWithRetries(): Promise<Token> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.currentToken();
      } catch (e) {
        if (!(e instanceof OpenStackError && e.transient) || attempt >= this.opts.maxAttempts) throw e;
        await sleep(this.backoff(attempt, e));
      }
    }
  }

  private async currentToken(): Promise<Token> {
    if (this.token && this.opts.now() < this.token.expiresAt - TOKEN_MARGIN_MS) return this.token;
    // Concurrent calls share one authentication.
    this.authenticating ??= this.authenticate().finally(() => {
      this.authenticating = null;
    });
    return this.authenticating;
  }

  private async authenticate(): Promise<Token> {
    const base = /\/v3$/.test(this.opts.authUrl) ? this.opts.authUrl : `${this.opts.authUrl.replace(/\/+$/, '')}/v3`;
    const path = '/auth/tokens';
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: this.opts.username, domain: { name: this.opts.userDomainName }, password: this.opts.password } },
        },
        scope: { project: { name: this.opts.projectName, domain: { name: this.opts.projectDomainName } } },
      },
    };
    let res: Response;
    let text: string;
    try {
      res = await this.opts.fetch(base + path, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw new OpenStackError(null, 'identity', 'POST', path, describeFetchError(e, this.opts.timeoutMs));
    }
    if (res.status !== 201 && res.status !== 200) {
      throw new OpenStackError(res.status, 'identity', 'POST', path, providerMessage(text, res.statusText));
    }
    const value = res.headers.get('x-subject-token');
    const parsed = parseBody(text) as { token?: { expires_at?: string; catalog?: CatalogEntry[] } } | undefined;
    if (!value || !parsed?.token) throw new OpenStackError(res.status, 'identity', 'POST', path, 'Keystone answered without a token');
    const expiresAt = parsed.token.expires_at ? Date.parse(parsed.token.expires_at) : this.opts.now() + 3600_000;
    const endpoints = new Map<string, string>();
    const regionsSeen = new Set<string>();
    for (const entry of parsed.token.catalog ?? []) {
      for (const ep of entry.endpoints ?? []) {
        const region = ep.region_id ?? ep.region;
        if (region) regionsSeen.add(region);
        if (ep.interface === 'public' && region === this.opts.region && !endpoints.has(entry.type)) {
          endpoints.set(entry.type, ep.url.replace(/\/+$/, ''));
        }
      }
    }
    this.authentications++;
    this.token = { value, expiresAt, endpoints, regionsSeen };
    return this.token;
  }
}

interface CatalogEntry {
  type: string;
  endpoints?: { interface: string; region_id?: string; region?: string; url: string }[];
}

function endpointOf(token: Token, service: OpenStackService, region: string): string {
  const url = token.endpoints.get(CATALOG_TYPE[service]);
  if (!url) {
    const regions = [...token.regionsSeen].join(', ') || 'none';
    throw new OpenStackError(
      null,
      service,
      '-',
      '-',
      `the catalog has no public ${CATALOG_TYPE[service]} endpoint in region "${region}" (regions in the catalog: ${regions}; check OPENSTACK_REGION)`,
      false,
    );
  }
  return url;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The message inside a vendor error body: Nova `{"itemNotFound": {"message"}}` (any fault
 * name), Neutron `{"NeutronError": {"message"}}`, Keystone `{"error": {"message"}}`, or
 * Glance's plain text.
 */
export function providerMessage(text: string, fallback: string): string {
  const body = parseBody(text);
  if (body && typeof body === 'object') {
    for (const value of Object.values(body as Record<string, unknown>)) {
      if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
        return (value as { message: string }).message;
      }
    }
    if (typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
    if (typeof (body as { NeutronError?: unknown }).NeutronError === 'string') return (body as { NeutronError: string }).NeutronError;
  }
  if (typeof body === 'string') {
    // Glance and proxies answer with a short text or HTML page: keep its words, not its markup.
    const words = body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (words) return words.slice(0, 300);
  }
  return fallback || 'no message';
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no response within ${timeoutMs / 1000} s`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return cause ? `${err.message} (${cause})` : String(err?.message ?? e);
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
