import type http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import { readCookie, SESSION_COOKIE } from '../auth/cookies.ts';

/** A refusal answered before any GraphQL work: an HTTP status and a GraphQL-shaped JSON body. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export function sendRefusal(res: http.ServerResponse, refusal: Refusal): void {
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', ...refusal.headers });
  res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }));
}

/** The Host header must name a host (Yoga builds the request URL from it). */
export function hostProblem(req: http.IncomingMessage): Refusal | null {
  const host = req.headers.host;
  if (host === undefined) return null;
  try {
    // Characters that would end the authority and turn the rest into a path or credentials.
    if (/^[^\s/?#@\\]+$/.test(host) && new URL(`http://${host}/`).hostname) return null;
  } catch {
    /* below */
  }
  return { status: 400, code: 'BAD_REQUEST', message: 'The Host header is not a valid host name.' };
}

/** A URL path with a broken percent-encoding is the client's mistake, not ours. */
export function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

export function isSameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function mediaType(req: http.IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/**
 * GraphQL over HTTP takes JSON bodies only: a form or multipart body is what a cross-site HTML form
 * sends without a CORS preflight. A request that authenticates with the console's cookie must also
 * show where it comes from: an allowed Origin (or the same host), or an X-Requested-With header,
 * which a cross-site page cannot add without a preflight that CORS refuses. The WebSocket checks
 * Origin the same way. Bearer tokens are not ambient, so they need neither.
 */
export function crossSiteProblem(req: http.IncomingMessage, url: URL, allowedOrigins: string[]): Refusal | null {
  const method = req.method ?? 'GET';
  if (method === 'POST' && mediaType(req) !== 'application/json') {
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send GraphQL requests as JSON (Content-Type: application/json).' };
  }
  const bearer = /^Bearer\s/i.test(String(req.headers.authorization ?? ''));
  const cookie = Boolean(readCookie(req.headers.cookie, SESSION_COOKIE));
  if (!cookie || bearer) return null;
  // GraphiQL's page (text/html, possibly with a shared ?query=) is rendered, not executed.
  const page = String(req.headers.accept ?? '').includes('text/html');
  if (method === 'GET' && !page && (url.searchParams.has('query') || url.searchParams.has('extensions'))) {
    return { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'With the session cookie, send operations by POST as JSON.', headers: { allow: 'POST' } };
  }
  if (method !== 'POST') return null;
  const origin = req.headers.origin;
  if (origin) {
    if (allowedOrigins.includes(origin) || isSameHost(origin, req.headers.host)) return null;
    return { status: 403, code: 'FORBIDDEN', message: 'Origin not allowed' };
  }
  if (req.headers['x-requested-with']) return null;
  return { status: 403, code: 'FORBIDDEN', message: 'A request signed in by cookie needs an Origin or an X-Requested-With header.' };
}

/**
 * /metrics: with METRICS_TOKEN set, only `Authorization: Bearer <token>`; without it, open outside
 * production and closed in production (SPEC.md §18).
 */
export function metricsProblem(req: http.IncomingMessage, token: string | undefined, production: boolean): Refusal | null {
  if (!token) {
    return production ? { status: 403, code: 'FORBIDDEN', message: 'Set METRICS_TOKEN to expose /metrics in production.' } : null;
  }
  const given = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim() ?? '';
  // Compare digests: equal lengths for timingSafeEqual, and no early exit on the first wrong byte.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (given && timingSafeEqual(digest(given), digest(token))) return null;
  return {
    status: 401,
    code: 'UNAUTHENTICATED',
    message: 'Send the metrics token as a bearer token.',
    headers: { 'www-authenticate': 'Bearer realm="metrics"' },
  };
}
