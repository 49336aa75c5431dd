import { logger } from '../../../logger.ts';
import { cnameTarget, longestSuffixZone, normalizeDomain, recordNameIn } from '../names.ts';
import { DnsError, type DnsErrorKind, type DnsProvider } from '../types.ts';
import { backoffMs, KeyedQueue, retryAfterMs } from './retry.ts';

export const GANDI_DEFAULT_API_URL = 'https://api.gandi.net/v5/livedns';

/** Runs a zone's write while holding whatever lock the caller wants (e.g. a cross-process advisory lock). */
export type SerializeZoneWrite = <T>(zone: string, write: () => Promise<T>) => Promise<T>;

export interface GandiLiveDnsOptions {
  /** A personal access token (Bearer) or a legacy API key (Apikey). */
  apiKey: string;
  /** `Bearer` for personal access tokens (default), `Apikey` for the deprecated keys. */
  authScheme?: 'Bearer' | 'Apikey';
  /** Default https://api.gandi.net/v5/livedns. */
  apiUrl?: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Tries of one call, the first included; default 4. */
  maxAttempts?: number;
  /** First backoff, doubled at each retry; default 1 s. */
  retryBaseDelayMs?: number;
  /** Longest wait between tries, whatever Retry-After asks; default 60 s. */
  maxRetryDelayMs?: number;
  /** How long the account's domain list is trusted; default 10 min. */
  domainsCacheMs?: number;
  fetch?: typeof fetch;
  /** How a wait between tries is spent (tests pass one that records and returns at once). */
  delay?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Wraps every write, inside this process's own per-zone queue. */
  serialize?: SerializeZoneWrite;
}

type Method = 'GET' | 'PUT' | 'DELETE';

// Gandi pages listings; 100 is its documented maximum page size for the domain list.
const DOMAINS_PAGE_SIZE = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Gandi LiveDNS v5 (SPEC §9.5): CNAMEs written with `PUT …/records/{name}/CNAME`, which creates
 * or replaces the record set in one call, so a record never disappears while it is changed.
 */
export class GandiLiveDns implements DnsProvider {
  readonly name = 'gandi' as const;
  private readonly opts: Required<Omit<GandiLiveDnsOptions, 'serialize'>> & { serialize?: SerializeZoneWrite };
  private readonly queue = new KeyedQueue();
  private domains: { zones: string[]; fetchedAt: number } | null = null;
  private listing: Promise<string[]> | null = null;

  constructor(options: GandiLiveDnsOptions) {
    if (!options.apiKey) throw new Error('Gandi LiveDNS needs an API key (GANDI_API_KEY)');
    const authScheme = options.authScheme ?? 'Bearer';
    if (authScheme !== 'Bearer' && authScheme !== 'Apikey')
      throw new Error(`Gandi LiveDNS authentication scheme must be Bearer or Apikey, not ${String(authScheme)}`);
    this.opts = {
      timeoutMs: 30_000,
      maxAttempts: 4,
      retryBaseDelayMs: 1000,
      maxRetryDelayMs: 60_000,
      domainsCacheMs: 10 * 60_000,
      delay: sleep,
      now: Date.now,
      fetch: globalThis.fetch,
      ...options,
      authScheme,
      apiUrl: (options.apiUrl ?? GANDI_DEFAULT_API_URL).replace(/\/+$/, ''),
    };
  }

  async zoneFor(fqdn: string): Promise<string | null> {
    const cached = await this.accountDomains(false);
    const zone = longestSuffixZone(fqdn, cached.zones);
    if (zone || cached.fresh) return zone;
    // A domain added to the account since the last listing must not wait for the cache to expire.
    return longestSuffixZone(fqdn, (await this.accountDomains(true)).zones);
  }

  async upsertCname(fqdn: string, target: string, ttl: number): Promise<void> {
    if (!Number.isInteger(ttl) || ttl <= 0) throw new DnsError('bad-request', null, `TTL must be a positive whole number of seconds, not ${ttl}`);
    if (!normalizeDomain(target)) throw new DnsError('bad-request', null, `The CNAME target of ${normalizeDomain(fqdn)} is empty`);
    const value = cnameTarget(target);
    const { zone, record } = await this.locate(fqdn);
    await this.write(zone, 'PUT', recordPath(zone, record), { rrset_values: [value], rrset_ttl: ttl });
  }

  async deleteCname(fqdn: string): Promise<void> {
    const { zone, record } = await this.locate(fqdn);
    await this.write(zone, 'DELETE', recordPath(zone, record), undefined, true);
  }

  async hasRecords(fqdns: string[]): Promise<boolean> {
    for (const fqdn of fqdns) {
      const name = normalizeDomain(fqdn);
      const zone = await this.zoneFor(name);
      if (!zone) continue;
      // Every record set of the name, whatever its type; a name without any is a 404 or an empty list.
      const { status, body } = await this.send(
        'GET',
        `/domains/${encodeURIComponent(zone)}/records/${encodeURIComponent(recordNameIn(name, zone))}`,
        undefined,
        true,
      );
      if (status === 404) continue;
      if (!Array.isArray(body)) throw new DnsError('server', null, 'The record list is not a JSON array', `GET /domains/${zone}/records`);
      if (body.length) return true;
    }
    return false;
  }

  private async locate(fqdn: string): Promise<{ zone: string; record: string }> {
    const name = normalizeDomain(fqdn);
    const zone = await this.zoneFor(name);
    if (!zone) throw new DnsError('not-found-zone', null, `No domain of the Gandi account holds ${name}`);
    const record = recordNameIn(name, zone);
    // DNS forbids a CNAME beside the SOA and NS records every zone apex has.
    if (record === '@') throw new DnsError('bad-request', null, `${name} is the apex of its zone: a CNAME cannot be put there`);
    return { zone, record };
  }

  private async write(zone: string, method: Method, path: string, body?: unknown, absentIsDone = false): Promise<void> {
    const send = () => this.send(method, path, body, absentIsDone);
    const serialized = this.opts.serialize;
    try {
      await this.queue.run(zone, serialized ? () => serialized(zone, send) : send);
    } catch (e) {
      // The zone left the account since it was listed: the next call must list again.
      if (e instanceof DnsError && e.kind === 'not-found-zone') this.domains = null;
      throw e;
    }
  }

  /** The account's zones, from the cache unless stale or `refresh`; `fresh` when listed for this call. */
  private async accountDomains(refresh: boolean): Promise<{ zones: string[]; fresh: boolean }> {
    const cached = this.domains;
    if (!refresh && cached && this.opts.now() - cached.fetchedAt < this.opts.domainsCacheMs) return { zones: cached.zones, fresh: false };
    // Concurrent callers share one listing.
    this.listing ??= this.listDomains().finally(() => {
      this.listing = null;
    });
    return { zones: await this.listing, fresh: true };
  }

  private async listDomains(): Promise<string[]> {
    const zones: string[] = [];
    for (let page = 1; ; page++) {
      const { body } = await this.send('GET', `/domains?per_page=${DOMAINS_PAGE_SIZE}&page=${page}`);
      if (!Array.isArray(body)) throw new DnsError('server', null, 'The domain list is not a JSON array', 'GET /domains');
      for (const domain of body) if (typeof domain?.fqdn === 'string') zones.push(normalizeDomain(domain.fqdn));
      if (body.length < DOMAINS_PAGE_SIZE) break;
    }
    this.domains = { zones, fetchedAt: this.opts.now() };
    return zones;
  }

  /** One call with bounded retries on network errors, timeouts, 5xx and 429; other refusals at once. */
  private async send(method: Method, path: string, body?: unknown, absentIsDone = false): Promise<{ status: number; body: any }> {
    const request = `${method} ${path.replace(/\?.*$/, '')}`;
    let last: DnsError | null = null;
    let wait = 0;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      if (attempt > 1) {
        logger.warn('Gandi LiveDNS call failed, retrying', { request, status: last?.status, attempt, waitMs: wait });
        await this.opts.delay(wait);
      }
      const backoff = Math.min(this.opts.maxRetryDelayMs, backoffMs(attempt, this.opts.retryBaseDelayMs));
      let res: Response;
      let text: string;
      try {
        res = await this.opts.fetch(this.opts.apiUrl + path, {
          method,
          headers: {
            Authorization: `${this.opts.authScheme} ${this.opts.apiKey}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        last = new DnsError('server', null, this.redact(describeFetchError(e, this.opts.timeoutMs)), request);
        wait = backoff;
        continue;
      }
      if (res.ok) return { status: res.status, body: parseJson(text) };
      if (res.status === 404 && absentIsDone) return { status: 404, body: undefined };
      last = new DnsError(kindOf(res.status), res.status, this.redact(providerMessage(text, res.statusText)), request);
      if (!last.transient) throw last;
      const hinted = res.status === 429 ? retryAfterMs(res.headers.get('retry-after'), this.opts.now()) : undefined;
      wait = Math.min(this.opts.maxRetryDelayMs, Math.max(backoff, hinted ?? 0));
    }
    throw new DnsError(last!.kind, last!.status, `${last!.detail} (gave up after ${this.opts.maxAttempts} attempts)`, request);
  }

  /** Gandi may echo what it was sent; the key must not reach a log line or a stored error. */
  private redact(text: string): string {
    return text.split(this.opts.apiKey).join('[redacted]');
  }
}

function recordPath(zone: string, record: string): string {
  return `/domains/${encodeURIComponent(zone)}/records/${encodeURIComponent(record)}/CNAME`;
}

function kindOf(status: number): DnsErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found-zone';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Gandi's error body `{code, message, object, cause, errors?}` as one line. */
function providerMessage(text: string, statusText: string): string {
  const body = parseJson(text) as any;
  if (body && typeof body === 'object' && typeof body.message === 'string') {
    const where = [body.object, body.cause].filter((part) => typeof part === 'string' && part).join(', ');
    const fields = Array.isArray(body.errors)
      ? body.errors
          .map((e: any) => [e?.name, e?.description].filter(Boolean).join(': '))
          .filter(Boolean)
          .join('; ')
      : '';
    return `${body.message}${where ? ` (${where})` : ''}${fields ? ` [${fields}]` : ''}`;
  }
  const plain = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return plain || statusText || 'no message';
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = err?.cause;
  return cause?.code ? `${cause.code}${cause.message ? ` ${cause.message}` : ''}` : String(err?.message ?? e);
}
