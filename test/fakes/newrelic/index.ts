/**
 * A wire-level New Relic for tests: one node:http server on 127.0.0.1 (port 0) speaking the parts
 * of the Synthetics REST API v3 (under `/synthetics/api/v3`: monitors listed by offset/limit,
 * created with 201 + Location, deleted with 204) and of the Alerts REST API v2 (under `/v2`:
 * policies with `filter[name]`, email channels, policy–channel links, NRQL conditions; lists paged
 * by `page` with a Link rel="next" header) that the provider uses, with the vendors' status codes
 * and error bodies: Alerts `{"error": {"title"}}`, Synthetics `{"errors": [{"error"}]}`.
 *
 * Every call needs `X-Api-Key` equal to the fake's key (else 401). State is plain data (`monitors`,
 * `policies`, `channels`, `conditions`, `requests`), read and changed directly by tests.
 *
 * Faults: `failNext({ method?, path, status?, count?, afterEffect?, body? })` answers the next matching
 * requests with an error (503 by default), before or after (`afterEffect`) the request took effect.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeMonitor {
  id: string;
  name: string;
  type: string;
  frequency: number;
  uri: string;
  locations: string[];
  status: string;
  options?: Record<string, unknown>;
}
export interface FakePolicy {
  id: number;
  name: string;
  incident_preference: string;
  channel_ids: number[];
}
export interface FakeChannel {
  id: number;
  name: string;
  type: string;
  configuration: Record<string, unknown>;
}
export interface FakeCondition {
  id: number;
  policy_id: number;
  name: string;
  enabled: boolean;
  nrql: { query: string; since_value?: string };
  terms: unknown[];
}
interface Fault {
  method?: string;
  path: string | RegExp;
  status: number;
  remaining: number;
  afterEffect: boolean;
  body?: unknown;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const SYNTHETICS = '/synthetics/api/v3';
const ALERTS = '/v2';

export class FakeNewRelic {
  url = '';
  readonly apiKey: string;
  /** Items per page of the Alerts lists (small, so tests cross pages). */
  alertsPageSize: number;
  /** Most monitors one Synthetics list answer holds, whatever `limit` asks. */
  syntheticsMaxLimit: number;
  monitors: FakeMonitor[] = [];
  policies: FakePolicy[] = [];
  channels: FakeChannel[] = [];
  conditions: FakeCondition[] = [];
  /** Every request, in order; `apiKey` is what the caller sent. */
  requests: { method: string; path: string; body?: any; apiKey?: string; status: number }[] = [];

  private http: Server;
  private sockets = new Set<Socket>();
  private faults: Fault[] = [];
  private nextId = 1000;

  constructor(options: { apiKey?: string; alertsPageSize?: number; syntheticsMaxLimit?: number } = {}) {
    this.apiKey = options.apiKey ?? 'NRAK-FAKEFAKEFAKEFAKEFAKEFAKE';
    this.alertsPageSize = options.alertsPageSize ?? 50;
    this.syntheticsMaxLimit = options.syntheticsMaxLimit ?? 100;
    this.http = createServer((req, res) => void this.handle(req, res));
    this.http.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this;
  }

  get syntheticsUrl(): string {
    return this.url + SYNTHETICS;
  }

  get apiUrl(): string {
    return this.url + ALERTS;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** `body` replaces the default plain-text answer (a JSON error of the test's choosing). */
  failNext(match: { method?: string; path: string | RegExp; status?: number; count?: number; afterEffect?: boolean; body?: unknown }): void {
    this.faults.push({
      method: match.method,
      path: match.path,
      status: match.status ?? 503,
      remaining: match.count ?? 1,
      afterEffect: match.afterEffect ?? false,
      body: match.body,
    });
  }

  clear(): void {
    this.faults = [];
    this.requests = [];
    this.monitors = [];
    this.policies = [];
    this.channels = [];
    this.conditions = [];
  }

  /** Requests that changed something (not GETs). */
  get writes(): { method: string; path: string }[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path)),
    );
    if (fault) fault.remaining--;
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = Symbol.for('invalid');
    }
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname + url.search;
    const apiKey = req.headers['x-api-key'] as string | undefined;
    const synthetics = url.pathname.startsWith(SYNTHETICS);
    const error = (status: number, message: string): Reply =>
      synthetics ? { status, body: { errors: [{ error: message }] } } : { status, body: { error: { title: message } } };

    let reply: Reply;
    if (apiKey !== this.apiKey) {
      reply = error(401, synthetics ? 'Invalid API key' : 'The API key provided is invalid');
    } else if (body === Symbol.for('invalid')) {
      reply = error(400, 'Invalid JSON');
    } else {
      const fault = this.takeFault(method, path);
      if (fault && !fault.afterEffect) {
        reply = { status: fault.status, body: fault.body ?? 'upstream unavailable' };
      } else {
        reply = synthetics ? this.synthetics(method, url, body, error) : this.alerts(method, url, body, error);
        if (fault) reply = { status: fault.status, body: fault.body ?? 'upstream unavailable' };
      }
    }
    this.requests.push({ method, path, body, apiKey, status: reply.status });
    const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(payload ? { 'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json' } : {}),
      ...reply.headers,
    });
    res.end(payload);
  }

  private synthetics(method: string, url: URL, body: any, error: (s: number, m: string) => Reply): Reply {
    const rest = url.pathname.slice(SYNTHETICS.length);
    if (rest === '/monitors' && method === 'GET') {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), this.syntheticsMaxLimit);
      const page = this.monitors.slice(offset, offset + limit);
      return { status: 200, body: { monitors: page, count: page.length } };
    }
    if (rest === '/monitors' && method === 'POST') {
      if (!body?.name || !body?.type || !body?.frequency || !Array.isArray(body?.locations))
        return error(400, 'name, type, frequency and locations are required');
      if (!['SIMPLE', 'BROWSER', 'SCRIPT_BROWSER', 'SCRIPT_API'].includes(body.type)) return error(400, `Invalid monitor type ${body.type}`);
      if (![1, 5, 10, 15, 30, 60, 360, 720, 1440].includes(body.frequency)) return error(400, 'Invalid frequency');
      if ((body.type === 'SIMPLE' || body.type === 'BROWSER') && !body.uri) return error(400, 'uri is required');
      const monitor: FakeMonitor = {
        id: randomUUID(),
        name: body.name,
        type: body.type,
        frequency: body.frequency,
        uri: body.uri,
        locations: body.locations,
        status: body.status ?? 'ENABLED',
        options: body.options,
      };
      this.monitors.push(monitor);
      return { status: 201, headers: { Location: `${this.syntheticsUrl}/monitors/${monitor.id}` } };
    }
    const one = /^\/monitors\/([^/]+)$/.exec(rest);
    if (one) {
      const index = this.monitors.findIndex((m) => m.id === one[1]);
      if (index < 0) return error(404, 'Monitor not found');
      if (method === 'GET') return { status: 200, body: this.monitors[index] };
      if (method === 'DELETE') {
        this.monitors.splice(index, 1);
        return { status: 204 };
      }
    }
    return error(404, 'Not found');
  }

  private alerts(method: string, url: URL, body: any, error: (s: number, m: string) => Reply): Reply {
    const rest = url.pathname.slice(ALERTS.length);
    const q = url.searchParams;
    const paged = <T>(field: string, items: T[]): Reply => {
      const page = Math.max(1, Number(q.get('page') ?? 1));
      const slice = items.slice((page - 1) * this.alertsPageSize, page * this.alertsPageSize);
      const more = page * this.alertsPageSize < items.length;
      const next = new URL(url.toString().replace('http://fake', this.url));
      next.searchParams.set('page', String(page + 1));
      return { status: 200, body: { [field]: slice }, headers: more ? { Link: `<${next}>; rel="next"` } : {} };
    };
    const policyView = (p: FakePolicy) => ({ id: p.id, name: p.name, incident_preference: p.incident_preference });
    const channelView = (c: FakeChannel) => ({ ...c, links: { policy_ids: this.policies.filter((p) => p.channel_ids.includes(c.id)).map((p) => p.id) } });

    if (rest === '/alerts_policies.json' && method === 'GET') {
      // New Relic matches filter[name] loosely (case-insensitive, partial): callers compare exactly.
      const filter = q.get('filter[name]')?.toLowerCase();
      return paged('policies', this.policies.filter((p) => !filter || p.name.toLowerCase().includes(filter)).map(policyView));
    }
    if (rest === '/alerts_policies.json' && method === 'POST') {
      const p = body?.policy;
      if (!p?.name) return error(422, 'Name is required');
      if (!['PER_POLICY', 'PER_CONDITION', 'PER_CONDITION_AND_TARGET'].includes(p.incident_preference ?? 'PER_POLICY'))
        return error(422, 'Invalid incident_preference');
      const policy: FakePolicy = { id: this.nextId++, name: p.name, incident_preference: p.incident_preference ?? 'PER_POLICY', channel_ids: [] };
      this.policies.push(policy);
      return { status: 201, body: { policy: policyView(policy) } };
    }
    let m = /^\/alerts_policies\/(\d+)\.json$/.exec(rest);
    if (m && method === 'DELETE') {
      const index = this.policies.findIndex((p) => p.id === Number(m![1]));
      if (index < 0) return error(404, 'Policy not found');
      const [policy] = this.policies.splice(index, 1);
      this.conditions = this.conditions.filter((c) => c.policy_id !== policy!.id);
      return { status: 200, body: { policy: policyView(policy!) } };
    }
    if (rest === '/alerts_channels.json' && method === 'GET') return paged('channels', this.channels.map(channelView));
    if (rest === '/alerts_channels.json' && method === 'POST') {
      const c = body?.channel;
      if (!c?.name || !c?.type) return error(422, 'Name and type are required');
      if (c.type === 'email' && !c.configuration?.recipients) return error(422, 'Recipients is required');
      const channel: FakeChannel = { id: this.nextId++, name: c.name, type: c.type, configuration: c.configuration ?? {} };
      this.channels.push(channel);
      return { status: 201, body: { channels: [channelView(channel)], links: { channel_policy_ids: '/v2/policies/{policy_id}' } } };
    }
    m = /^\/alerts_channels\/(\d+)\.json$/.exec(rest);
    if (m && method === 'DELETE') {
      const index = this.channels.findIndex((c) => c.id === Number(m![1]));
      if (index < 0) return error(404, 'Channel not found');
      const [channel] = this.channels.splice(index, 1);
      for (const p of this.policies) p.channel_ids = p.channel_ids.filter((id) => id !== channel!.id);
      return { status: 200, body: { channel: channel } };
    }
    if (rest === '/alerts_policy_channels.json' && method === 'PUT') {
      const policy = this.policies.find((p) => p.id === Number(q.get('policy_id')));
      if (!policy) return error(404, 'Policy not found');
      const ids = (q.get('channel_ids') ?? '').split(',').filter(Boolean).map(Number);
      if (ids.length === 0) return error(422, 'channel_ids is required');
      for (const id of ids) if (!this.channels.some((c) => c.id === id)) return error(404, `Channel ${id} not found`);
      // Adds, ignoring channels already linked, as the vendor documents.
      policy.channel_ids = [...new Set([...policy.channel_ids, ...ids])];
      return { status: 200, body: { policy: { id: policy.id, channel_ids: policy.channel_ids } } };
    }
    if (rest === '/alerts_nrql_conditions.json' && method === 'GET') {
      const policyId = Number(q.get('policy_id'));
      if (!this.policies.some((p) => p.id === policyId)) return error(404, 'Policy not found');
      return paged(
        'nrql_conditions',
        this.conditions.filter((c) => c.policy_id === policyId),
      );
    }
    m = /^\/alerts_nrql_conditions\/policies\/(\d+)\.json$/.exec(rest);
    if (m && method === 'POST') {
      const policyId = Number(m[1]);
      if (!this.policies.some((p) => p.id === policyId)) return error(404, 'Policy not found');
      const c = body?.nrql_condition;
      if (!c?.name || !c?.nrql?.query || !Array.isArray(c?.terms)) return error(422, 'name, terms and nrql.query are required');
      if (c.name.length > 64) return error(422, 'Name is too long (maximum is 64 characters)');
      const condition: FakeCondition = { id: this.nextId++, policy_id: policyId, name: c.name, enabled: c.enabled ?? true, nrql: c.nrql, terms: c.terms };
      this.conditions.push(condition);
      return { status: 201, body: { nrql_condition: condition } };
    }
    m = /^\/alerts_nrql_conditions\/(\d+)\.json$/.exec(rest);
    if (m && method === 'DELETE') {
      const index = this.conditions.findIndex((c) => c.id === Number(m![1]));
      if (index < 0) return error(404, 'Condition not found');
      const [condition] = this.conditions.splice(index, 1);
      return { status: 200, body: { nrql_condition: condition } };
    }
    return error(404, 'Not found');
  }
}
