/**
 * A wire-level Gandi LiveDNS v5 for tests: one node:http server on 127.0.0.1 (port 0) serving
 * `/v5/livedns` like api.gandi.net: `GET /domains` (paged with `per_page`/`page`, `Total-Count`),
 * `GET /domains/{fqdn}/records`, `GET /domains/{fqdn}/records/{name}` (every type of one name), and `GET`/`PUT`/`DELETE /domains/{fqdn}/records/{name}/{type}`;
 * `Authorization: Bearer <token>` or `Apikey <key>`; errors as Gandi sends them,
 * `{code, message, object, cause}` (plus `errors` on a 400).
 *
 * State is plain data changed directly by tests: `domains` (zone → record sets keyed by
 * `name/TYPE`), `tokens` and `apiKeys`. Every request is kept in `requests`, with when it arrived
 * and when it was answered, so tests can assert on order and overlap.
 *
 * Faults: `failNext(n, status)` (5xx by default), `rateLimitNext(n, retryAfterSeconds)`,
 * `notFoundOnDeleteNext(n)` (the record is gone already), `rejectKeys()` (every key gets 401),
 * `writeLatencyMs` (each PUT/DELETE is answered that much later), `clearFaults()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeRecordSet {
  ttl: number;
  values: string[];
}

export interface FakeGandiRequest {
  method: string;
  /** Path below the API root (`/domains/…`), without the query. */
  path: string;
  query: string;
  /** The authentication scheme used (`Bearer`, `Apikey`), or null without a usable header. */
  scheme: string | null;
  body?: any;
  receivedAt: number;
  answeredAt?: number;
  status?: number;
}

type Fault = { status: number; retryAfter?: string; message?: string; methods?: string[] };

const API_ROOT = '/v5/livedns';
const MIN_TTL = 300;
const MAX_TTL = 2_592_000;

export class FakeGandi {
  /** The API root to give the client, e.g. http://127.0.0.1:1234/v5/livedns. */
  url = '';
  /** Zone → record sets keyed by `name/TYPE` (`www/CNAME`, `@/A`). */
  readonly domains = new Map<string, Map<string, FakeRecordSet>>();
  readonly tokens = new Set<string>();
  readonly apiKeys = new Set<string>();
  readonly requests: FakeGandiRequest[] = [];
  writeLatencyMs = 0;
  private faults: Fault[] = [];
  private notFoundDeletes = 0;
  private keysRejected = false;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(options: { domains?: string[]; tokens?: string[]; apiKeys?: string[] } = {}) {
    for (const domain of options.domains ?? []) this.addDomain(domain);
    for (const token of options.tokens ?? []) this.tokens.add(token);
    for (const key of options.apiKeys ?? []) this.apiKeys.add(key);
  }

  addDomain(fqdn: string): void {
    if (!this.domains.has(fqdn)) this.domains.set(fqdn, new Map());
  }

  record(zone: string, name: string, type = 'CNAME'): FakeRecordSet | undefined {
    return this.domains.get(zone)?.get(`${name}/${type}`);
  }

  /** The next `count` requests (of `methods`, if given) get `status` with a Gandi error body. */
  failNext(count: number, status = 503, options: { methods?: string[]; message?: string } = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ status, ...options });
  }

  /** The next `count` requests get 429 with `Retry-After: <seconds>`. */
  rateLimitNext(count: number, retryAfterSeconds: number | string): void {
    for (let i = 0; i < count; i++) this.faults.push({ status: 429, retryAfter: String(retryAfterSeconds) });
  }

  /** The next `count` deletes answer 404 whatever the zone holds (someone removed the record first). */
  notFoundOnDeleteNext(count: number): void {
    this.notFoundDeletes += count;
  }

  /** Every key and token is refused with 401, as after a revocation. */
  rejectKeys(): void {
    this.keysRejected = true;
  }

  clearFaults(): void {
    this.faults = [];
    this.notFoundDeletes = 0;
    this.keysRejected = false;
    this.writeLatencyMs = 0;
  }

  /** Requests of a method (and path prefix), in arrival order. */
  requestsOf(method: string, pathPrefix = ''): FakeGandiRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${API_ROOT}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const entry: FakeGandiRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(API_ROOT) ? url.pathname.slice(API_ROOT.length) : url.pathname,
      query: url.search,
      scheme: null,
      receivedAt: performance.now(),
    };
    this.requests.push(entry);
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      entry.answeredAt = performance.now();
      entry.status = status;
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
      res.end(text);
    };
    const respond = (status: number, body?: unknown, headers?: Record<string, string>) => {
      const isWrite = entry.method === 'PUT' || entry.method === 'DELETE';
      if (!isWrite || this.writeLatencyMs <= 0) return answer(status, body, headers);
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        answer(status, body, headers);
      }, this.writeLatencyMs);
      this.pending.add(timer);
    };

    if (!url.pathname.startsWith(API_ROOT)) return respond(404, gandiError(404, 'The requested URL was not found on the server.', 'HTTPNotFound', 'Not Found'));

    const auth = req.headers.authorization ?? '';
    const match = /^(Bearer|Apikey) (.+)$/.exec(auth);
    entry.scheme = match ? match[1] : null;
    const known = match && (match[1] === 'Bearer' ? this.tokens : this.apiKeys).has(match[2]);
    if (!known || this.keysRejected)
      return respond(
        401,
        gandiError(401, 'The server could not verify that you authorized to access the document you requested.', 'HTTPUnauthorized', 'Unauthorized'),
      );

    try {
      entry.body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return respond(400, gandiError(400, 'The request body is not valid JSON', 'HTTPBadRequest', 'Bad Request'));
    }

    const faultAt = this.faults.findIndex((f) => !f.methods || f.methods.includes(entry.method));
    if (faultAt >= 0) {
      const [fault] = this.faults.splice(faultAt, 1);
      const headers: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
      const text = fault.message ?? (fault.status === 429 ? 'Too many requests' : 'An internal error occurred');
      const object = fault.status === 429 ? 'HTTPTooManyRequests' : 'HTTPServiceUnavailable';
      return respond(fault.status, gandiError(fault.status, text, object, fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable'), headers);
    }

    const [status, body, headers] = this.route(entry, url);
    respond(status, body, headers);
  }

  private route(entry: FakeGandiRequest, url: URL): [number, unknown?, Record<string, string>?] {
    const parts = entry.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'domains') return [404, gandiError(404, 'The requested URL was not found on the server.', 'HTTPNotFound', 'Not Found')];

    if (parts.length === 1 && entry.method === 'GET') {
      const perPage = Math.max(1, Number(url.searchParams.get('per_page') ?? 100));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const all = [...this.domains.keys()].sort();
      const slice = all.slice((page - 1) * perPage, page * perPage).map((fqdn) => ({
        fqdn,
        fqdn_unicode: fqdn,
        domain_href: `${this.url}/domains/${fqdn}`,
        domain_records_href: `${this.url}/domains/${fqdn}/records`,
        automatic_snapshots: true,
      }));
      return [200, slice, { 'Total-Count': String(all.length) }];
    }

    const zone = this.domains.get(parts[1] ?? '');
    if (!zone) return [404, gandiError(404, 'The resource could not be found.', 'domain', 'Not Found')];
    if (parts[2] !== 'records') return [404, gandiError(404, 'The requested URL was not found on the server.', 'HTTPNotFound', 'Not Found')];

    if (parts.length === 3 && entry.method === 'GET') {
      return [200, [...zone.entries()].map(([key, set]) => this.recordSet(parts[1], key, set))];
    }
    if (parts.length === 4 && entry.method === 'GET') {
      const prefix = `${parts[3]}/`;
      return [200, [...zone.entries()].filter(([key]) => key.startsWith(prefix)).map(([key, set]) => this.recordSet(parts[1], key, set))];
    }
    if (parts.length !== 5) return [405, gandiError(405, 'The method is not allowed for the requested URL.', 'HTTPMethodNotAllowed', 'Method Not Allowed')];

    const [name, type] = [parts[3], parts[4].toUpperCase()];
    const key = `${name}/${type}`;
    switch (entry.method) {
      case 'GET': {
        const set = zone.get(key);
        return set ? [200, this.recordSet(parts[1], key, set)] : [404, gandiError(404, 'Can not find the DNS record', 'dns-record', 'Not Found')];
      }
      case 'PUT': {
        const problems = validateRecordSet(name, type, entry.body);
        if (problems.length) return [400, { ...gandiError(400, 'Validation error', 'dns-record', 'Bad Request'), errors: problems }];
        const other = [...zone.keys()].find((k) => k.startsWith(`${name}/`) && k !== key);
        if (type === 'CNAME' && other) return [409, gandiError(409, `A CNAME record cannot live beside other records of ${name}`, 'dns-record', 'Conflict')];
        zone.set(key, { ttl: entry.body.rrset_ttl ?? 10800, values: [...entry.body.rrset_values] });
        return [201, { message: 'DNS Record Created' }];
      }
      case 'DELETE': {
        if (this.notFoundDeletes > 0) {
          this.notFoundDeletes--;
          zone.delete(key);
          return [404, gandiError(404, 'Can not find the DNS record', 'dns-record', 'Not Found')];
        }
        if (!zone.delete(key)) return [404, gandiError(404, 'Can not find the DNS record', 'dns-record', 'Not Found')];
        return [204];
      }
      default:
        return [405, gandiError(405, 'The method is not allowed for the requested URL.', 'HTTPMethodNotAllowed', 'Method Not Allowed')];
    }
  }

  private recordSet(zone: string, key: string, set: FakeRecordSet) {
    const [name, type] = key.split('/');
    return {
      rrset_name: name,
      rrset_type: type,
      rrset_ttl: set.ttl,
      rrset_values: set.values,
      rrset_href: `${this.url}/domains/${zone}/records/${name}/${type}`,
    };
  }
}

function gandiError(code: number, message: string, object: string, cause: string) {
  return { code, message, object, cause };
}

function validateRecordSet(name: string, type: string, body: any): { location: string; name: string; description: string }[] {
  const problems: { location: string; name: string; description: string }[] = [];
  if (!body || typeof body !== 'object') return [{ location: 'body', name: 'body', description: 'A JSON object is required' }];
  const values = body.rrset_values;
  if (!Array.isArray(values) || values.length === 0 || values.some((v: unknown) => typeof v !== 'string' || !v))
    problems.push({ location: 'body', name: 'rrset_values', description: 'A non-empty list of values is required' });
  if (body.rrset_ttl !== undefined && (!Number.isInteger(body.rrset_ttl) || body.rrset_ttl < MIN_TTL || body.rrset_ttl > MAX_TTL))
    problems.push({ location: 'body', name: 'rrset_ttl', description: `Must be between ${MIN_TTL} and ${MAX_TTL}` });
  if (type === 'CNAME' && name === '@') problems.push({ location: 'url', name: 'rrset_name', description: 'A CNAME cannot be put at the zone apex' });
  if (type === 'CNAME' && Array.isArray(values) && values.length > 1)
    problems.push({ location: 'body', name: 'rrset_values', description: 'A CNAME takes exactly one value' });
  return problems;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
