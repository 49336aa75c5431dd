// HTTP to New Relic's Synthetics REST API v3 and Alerts REST API v2, both keyed by X-Api-Key.
import { setTimeout as sleep } from 'node:timers/promises';
import { MonitoringError } from '../types.ts';

export interface NewRelicClientOptions {
  /** An admin user's API key (NEWRELIC_ADMIN_USER_API_KEY); sent only as a header. */
  apiKey: string;
  /** NEWRELIC_SYNTHETICS_URL; EU accounts use https://synthetics.eu.newrelic.com/synthetics/api/v3. */
  syntheticsUrl?: string;
  /** NEWRELIC_API_URL; EU accounts use https://api.eu.newrelic.com/v2. */
  apiUrl?: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Attempts of one call on no answer, 5xx or 429; default 4. */
  maxAttempts?: number;
  /** First backoff, doubled each retry; default 1 s. */
  retryBaseDelayMs?: number;
  /** Backoff cap; default 30 s. */
  retryMaxDelayMs?: number;
}

export const DEFAULT_SYNTHETICS_URL = 'https://synthetics.newrelic.com/synthetics/api/v3';
export const DEFAULT_API_URL = 'https://api.newrelic.com/v2';

export type Api = 'synthetics' | 'alerts';
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Answer<T> {
  status: number;
  body: T | undefined;
  headers: Headers;
}

export class NewRelicClient {
  private readonly opts: Required<NewRelicClientOptions>;

  constructor(options: NewRelicClientOptions) {
    if (!options.apiKey) throw new Error('New Relic needs an admin user API key');
    this.opts = {
      syntheticsUrl: DEFAULT_SYNTHETICS_URL,
      apiUrl: DEFAULT_API_URL,
      timeoutMs: 30_000,
      maxAttempts: 4,
      retryBaseDelayMs: 1000,
      retryMaxDelayMs: 30_000,
      ...options,
    };
  }

  /**
   * One call, retried with capped exponential backoff on no answer, 5xx and 429 — except a POST,
   * which may have taken effect: callers retry creations themselves, looking up first. Statuses
   * in `accept` come back instead of being thrown (404 on a delete).
   */
  async call<T = unknown>(api: Api, method: Method, path: string, body?: unknown, options: { accept?: number[] } = {}): Promise<Answer<T>> {
    const base = (api === 'synthetics' ? this.opts.syntheticsUrl : this.opts.apiUrl).replace(/\/+$/, '');
    const attempts = method === 'POST' ? 1 : this.opts.maxAttempts;
    let last: MonitoringError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.backoff(attempt - 1, last));
      let res: Response;
      let text: string;
      try {
        res = await fetch(base + path, {
          method,
          headers: {
            'X-Api-Key': this.opts.apiKey,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        const err = e as Error;
        const detail = err.name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs} ms` : ((err.cause as Error | undefined)?.message ?? err.message);
        last = new MonitoringError('newrelic', null, method, path, this.redact(detail));
        continue;
      }
      if (res.ok || options.accept?.includes(res.status)) {
        return { status: res.status, body: res.ok ? (parseJson(text) as T | undefined) : undefined, headers: res.headers };
      }
      last = new MonitoringError('newrelic', res.status, method, path, this.redact(providerMessage(text, res.statusText)));
      last.retryAfterMs = retryAfterMs(res.headers.get('retry-after'));
      if (!last.transient) throw last;
    }
    throw last!;
  }

  /** The backoff before retry number `retry` (from 1), honouring a Retry-After hint within the cap. */
  backoff(retry: number, last: MonitoringError | null): number {
    const exp = Math.min(this.opts.retryMaxDelayMs, this.opts.retryBaseDelayMs * 2 ** (retry - 1));
    const jittered = exp / 2 + Math.random() * (exp / 2);
    const hinted = last?.retryAfterMs;
    return hinted !== undefined ? Math.min(this.opts.retryMaxDelayMs, Math.max(hinted, jittered)) : jittered;
  }

  get maxAttempts(): number {
    return this.opts.maxAttempts;
  }

  // A vendor echoing the key back in an error must not put it in our logs.
  private redact(text: string): string {
    return text.split(this.opts.apiKey).join('[redacted]');
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Alerts v2 answers `{"error": {"title"}}`; Synthetics `{"errors": [{"error"}]}`; proxies plain text. */
function providerMessage(text: string, statusText: string): string {
  const body = parseJson(text) as any;
  const message =
    body?.error?.title ??
    (Array.isArray(body?.errors) ? body.errors.map((e: any) => e?.error ?? e?.message ?? JSON.stringify(e)).join('; ') : undefined) ??
    body?.message ??
    (body === undefined ? text.trim().slice(0, 200) : undefined);
  return typeof message === 'string' && message ? message : statusText || 'error';
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
