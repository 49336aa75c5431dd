/**
 * A wire-level OpenStack for tests: one node:http server on 127.0.0.1 (port 0) speaking
 * Keystone v3 (`POST /identity/v3/auth/tokens`, X-Subject-Token, a catalog pointing at itself
 * for two regions, each with public/internal/admin endpoints), Nova v2.1 (servers, detail listing
 * with the name filter, metadata, addresses, reboot/os-stop actions, delete, flavors,
 * os-keypairs), Glance v2 images and Neutron v2.0 security groups, rules and networks; with the
 * vendors' status codes and error bodies (`{"itemNotFound": {"message"}}`, `{"NeutronError":
 * {…}}`, Glance's plain text, Keystone's `{"error": {…}}`).
 *
 * Region r1 ("RegionOne") is served under `/r1/…`, r2 ("RegionTwo") under `/r2/…`, sharing one
 * state; each request is logged with its region. State is plain data on the fake (`servers`,
 * `securityGroups`, `flavors`, `images`, `keypairs`, `requests`), changed directly by tests.
 *
 * Faults: `failNext` (next N matching requests answer an error, 503 by default), `hangNext`
 * (never answered: the client times out), `loseResponseNext` (the request takes effect, its
 * answer never comes), `bootDelayMs` (BUILD → ACTIVE), `failNextBoot` / `failServer` (ERROR with a
 * fault), `revokeTokens` (next call gets 401), `instanceQuota` (403 on create), `holdNext` (the
 * request waits until the test releases it, then takes effect), `clearFaults`.
 *
 * Hooks for a fake VM launcher: `onServerActive(server, { userData, metadata })` returns the VM's
 * `{ address }` (default: a 127.0.0.x address with nothing behind it); `onServerReboot` and
 * `onServerDeleted` let it restart or stop what it launched.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeFlavor { id: string; name: string; ram: number; disk: number; vcpus: number }
export interface FakeImage { id: string; name: string; status: string; created_at: string }
export interface FakeRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}
export interface FakeSecurityGroup { id: string; name: string; description: string; rules: FakeRule[] }
export interface FakeServer {
  id: string;
  name: string;
  status: string;
  flavorRef: string;
  imageRef: string;
  keyName: string | null;
  securityGroups: string[];
  networks: unknown;
  metadata: Record<string, string>;
  /** user_data decoded from base64 (null when none was sent). */
  userData: string | null;
  addresses: Record<string, { addr: string; version: number; 'OS-EXT-IPS:type': string }[]>;
  fault?: { message: string; code: number; created: string };
  created: string;
}

type Matcher = { method?: string; path: string | RegExp };
interface Fault extends Matcher { remaining: number; kind: 'fail' | 'hang' | 'lose' | 'hold'; status?: number; body?: string; hold?: Hold }
interface Hold { arrived: Promise<void>; arrive(): void; released: Promise<void>; release(): void }

export interface FakeOpenStackOptions {
  username?: string;
  password?: string;
  project?: string;
  /** Milliseconds a new server stays in BUILD. */
  bootDelayMs?: number;
  rebootDelayMs?: number;
  stopDelayMs?: number;
  /** Token lifetime given in expires_at. */
  tokenTtlMs?: number;
}

export interface ActiveHookResult { address: string }
export type OnServerActive = (server: FakeServer, boot: { userData: string | null; metadata: Record<string, string> }) => Promise<ActiveHookResult> | ActiveHookResult;

export const REGIONS = { r1: 'RegionOne', r2: 'RegionTwo' } as const;

export class FakeOpenStack {
  url = '';
  readonly options: Required<FakeOpenStackOptions>;
  servers: FakeServer[] = [];
  flavors: FakeFlavor[] = [
    { id: 'f-small', name: 'm1.small', ram: 2048, disk: 20, vcpus: 1 },
    { id: 'f-medium', name: 'm1.medium', ram: 4096, disk: 40, vcpus: 2 },
    { id: 'f-large', name: 'm1.large', ram: 8192, disk: 80, vcpus: 4 },
  ];
  images: FakeImage[] = [
    { id: 'img-focal-old', name: 'Ubuntu 20.04', status: 'active', created_at: '2024-01-10T00:00:00Z' },
    { id: 'img-focal-new', name: 'Ubuntu 20.04', status: 'active', created_at: '2025-06-01T00:00:00Z' },
    { id: 'img-focal-queued', name: 'Ubuntu 20.04', status: 'queued', created_at: '2026-01-01T00:00:00Z' },
    { id: 'img-jammy', name: 'Ubuntu 22.04', status: 'active', created_at: '2025-03-01T00:00:00Z' },
  ];
  keypairs = new Map<string, string>([['instance-manager', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake im']]);
  networks = [{ id: '5f0c9a8e-1111-4222-8333-944455556666', name: 'public' }];
  securityGroups: FakeSecurityGroup[] = [];
  /** Every request, in order, with the region it was addressed to. */
  requests: { method: string; path: string; region: string | null; service: string; body?: any }[] = [];
  tokensIssued = 0;
  instanceQuota = Infinity;
  onServerActive: OnServerActive;
  onServerReboot: (server: FakeServer) => Promise<void> | void = () => {};
  onServerDeleted: (server: FakeServer) => Promise<void> | void = () => {};

  private http: Server;
  private sockets = new Set<Socket>();
  private tokens = new Map<string, number>();
  private faults: Fault[] = [];
  private nextBootFaults: string[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private addressCounter = 1;

  constructor(options: FakeOpenStackOptions = {}) {
    this.options = {
      username: 'im-user',
      password: 'im-password',
      project: 'im-project',
      bootDelayMs: 50,
      rebootDelayMs: 30,
      stopDelayMs: 30,
      tokenTtlMs: 3600_000,
      ...options,
    };
    this.onServerActive = () => ({ address: `127.0.0.${(this.addressCounter++ % 250) + 1}` });
    this.addSecurityGroup('default');
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

  get authUrl(): string {
    return `${this.url}/identity/v3`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- fault switches ----

  /** The next `count` requests matching answer `status` (503 by default) with a proxy-like body. */
  failNext(match: Matcher & { count?: number; status?: number; body?: string }): void {
    this.faults.push({ ...match, kind: 'fail', remaining: match.count ?? 1 });
  }

  /** The next `count` matching requests are never answered. */
  hangNext(match: Matcher & { count?: number }): void {
    this.faults.push({ ...match, kind: 'hang', remaining: match.count ?? 1 });
  }

  /**
   * The next matching request waits, unanswered and not yet acted on, until `release()`; then it
   * takes effect and is answered as usual. `arrived` resolves when the request came in.
   */
  holdNext(match: Matcher): { arrived: Promise<void>; release(): void } {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const released = new Promise<void>((r) => (release = r));
    const hold = { arrived, arrive, released, release };
    this.faults.push({ ...match, kind: 'hold', remaining: 1, hold });
    return { arrived, release };
  }

  /** Forgets every fault not yet used up (a test's leftovers must not reach the next test). */
  clearFaults(): void {
    for (const f of this.faults) f.hold?.release();
    this.faults = [];
  }

  /** The next matching request takes effect, but its answer never arrives. */
  loseResponseNext(match: Matcher & { count?: number }): void {
    this.faults.push({ ...match, kind: 'lose', remaining: match.count ?? 1 });
  }

  /** The next server created goes to ERROR with this fault message instead of ACTIVE. */
  failNextBoot(message = 'No valid host was found. There are not enough hosts available.'): void {
    this.nextBootFaults.push(message);
  }

  /** An existing server goes to ERROR with a fault. */
  failServer(id: string, message: string): void {
    const s = this.mustServer(id);
    s.status = 'ERROR';
    s.fault = { message, code: 500, created: new Date().toISOString() };
  }

  /** Every token issued so far stops working (the next call gets 401). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  // ---- state helpers ----

  addSecurityGroup(name: string, rules: Omit<FakeRule, 'id' | 'security_group_id'>[] = defaultEgress()): FakeSecurityGroup {
    const group: FakeSecurityGroup = { id: randomUUID(), name, description: '', rules: [] };
    for (const r of rules) group.rules.push({ ...r, id: randomUUID(), security_group_id: group.id });
    this.securityGroups.push(group);
    return group;
  }

  group(name: string): FakeSecurityGroup | undefined {
    return this.securityGroups.find((g) => g.name === name);
  }

  server(id: string): FakeServer | undefined {
    return this.servers.find((s) => s.id === id);
  }

  private mustServer(id: string): FakeServer {
    const s = this.server(id);
    if (!s) throw new Error(`no fake server ${id}`);
    return s;
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void fn();
    }, ms);
    this.timers.add(t);
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const m = /^\/(?:(r1|r2)\/)?(identity|compute|network|image)(\/.*)$/.exec(url.pathname);
    const region = m?.[1] ? REGIONS[m[1] as 'r1' | 'r2'] : null;
    const service = m?.[2] ?? 'unknown';
    const path = (m?.[3] ?? url.pathname) + url.search;
    const logged: FakeOpenStack['requests'][number] = { method, path, region, service };
    this.requests.push(logged);

    const fault = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path)));
    if (fault) fault.remaining--;
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'hold') {
      fault.hold!.arrive();
      await fault.hold!.released;
    }
    if (fault?.kind === 'fail') {
      const status = fault.status ?? 503;
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(fault.body ?? `<html><body><h1>${status} Service Unavailable</h1>No server is available to handle this request.</body></html>`);
      return;
    }

    let reply: Reply;
    try {
      let body: any;
      if (raw) {
        try {
          body = JSON.parse(raw);
          // Passwords are not kept in the log.
          if (service !== 'identity') logged.body = body;
        } catch {
          reply = service === 'network' ? neutronError(400, 'BadRequest', 'Failed to parse request. Invalid JSON.') : novaError(400, 'badRequest', 'Malformed request body');
          return this.send(res, reply, fault);
        }
      }
      if (!m) reply = { status: 404, text: '404 Not Found' };
      else if (service === 'identity') reply = this.identity(method, m[3], body);
      else if (!this.authorized(req)) reply = { status: 401, json: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
      else if (service === 'compute') reply = await this.compute(method, m[3], url.searchParams, body);
      else if (service === 'image') reply = this.image(method, m[3], url.searchParams);
      else reply = this.network(method, m[3], url.searchParams, body);
    } catch (e) {
      reply = novaError(500, 'computeFault', `Unexpected API Error: ${(e as Error).message}`);
    }
    this.send(res, reply, fault);
  }

  private send(res: ServerResponse, reply: Reply, fault: Fault | undefined): void {
    if (fault?.kind === 'lose') return;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(reply.json);
    } else if (reply.text !== undefined) {
      headers['Content-Type'] = 'text/plain';
      payload = reply.text;
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  private authorized(req: IncomingMessage): boolean {
    const token = req.headers['x-auth-token'];
    const expires = typeof token === 'string' ? this.tokens.get(token) : undefined;
    return expires !== undefined && expires > Date.now();
  }

  // ---- Keystone ----

  private identity(method: string, path: string, body: any): Reply {
    if (method !== 'POST' || path !== '/v3/auth/tokens') return { status: 404, json: { error: { code: 404, title: 'Not Found', message: 'The resource could not be found.' } } };
    const pw = body?.auth?.identity?.password?.user;
    const project = body?.auth?.scope?.project;
    const unauthorized: Reply = { status: 401, json: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
    if (!pw || pw.name !== this.options.username || pw.password !== this.options.password || pw.domain?.name !== 'Default') return unauthorized;
    if (project?.name !== this.options.project || project?.domain?.name !== 'Default') return unauthorized;
    const token = `gAAAA${randomUUID().replace(/-/g, '')}`;
    const expiresAt = Date.now() + this.options.tokenTtlMs;
    this.tokens.set(token, expiresAt);
    this.tokensIssued++;
    const endpoints = (type: string, path: string) => ['r1', 'r2'].flatMap((r) => [
      { id: randomUUID(), interface: 'public', region_id: REGIONS[r as 'r1' | 'r2'], region: REGIONS[r as 'r1' | 'r2'], url: `${this.url}/${r}/${type}${path}` },
      // Internal and admin endpoints point nowhere reachable: a client must pick the public one.
      { id: randomUUID(), interface: 'internal', region_id: REGIONS[r as 'r1' | 'r2'], region: REGIONS[r as 'r1' | 'r2'], url: `http://192.0.2.1:8774/${r}/${type}${path}` },
      { id: randomUUID(), interface: 'admin', region_id: REGIONS[r as 'r1' | 'r2'], region: REGIONS[r as 'r1' | 'r2'], url: `http://192.0.2.1:8775/${r}/${type}${path}` },
    ]);
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      json: {
        token: {
          methods: ['password'],
          expires_at: new Date(expiresAt).toISOString(),
          issued_at: new Date().toISOString(),
          user: { id: 'u1', name: pw.name, domain: { id: 'default', name: 'Default' } },
          project: { id: 'p1', name: project.name, domain: { id: 'default', name: 'Default' } },
          catalog: [
            { type: 'identity', name: 'keystone', endpoints: endpoints('identity', '/v3') },
            { type: 'compute', name: 'nova', endpoints: endpoints('compute', '/v2.1') },
            { type: 'network', name: 'neutron', endpoints: endpoints('network', '') },
            { type: 'image', name: 'glance', endpoints: endpoints('image', '') },
          ],
        },
      },
    };
  }

  // ---- Nova ----

  private view(s: FakeServer): Record<string, unknown> {
    return {
      id: s.id,
      name: s.name,
      status: s.status,
      metadata: s.metadata,
      addresses: s.addresses,
      flavor: { id: s.flavorRef },
      image: { id: s.imageRef },
      key_name: s.keyName,
      security_groups: s.securityGroups.map((name) => ({ name })),
      created: s.created,
      ...(s.fault ? { fault: s.fault } : {}),
    };
  }

  private async compute(method: string, path: string, query: URLSearchParams, body: any): Promise<Reply> {
    let m: RegExpExecArray | null;
    if (method === 'GET' && (path === '/v2.1/servers/detail' || path === '/v2.1/servers')) {
      const name = query.get('name');
      // Nova matches the name filter as a regular expression, not exactly.
      const list = this.servers.filter((s) => !name || new RegExp(name).test(s.name));
      return { status: 200, json: { servers: path.endsWith('/detail') ? list.map((s) => this.view(s)) : list.map((s) => ({ id: s.id, name: s.name })) } };
    }
    if (method === 'POST' && path === '/v2.1/servers') return this.createServerCall(body);
    if ((m = /^\/v2\.1\/servers\/([^/]+)$/.exec(path))) {
      const s = this.server(decodeURIComponent(m[1]));
      if (!s) return novaError(404, 'itemNotFound', `Instance ${decodeURIComponent(m[1])} could not be found.`);
      if (method === 'GET') return { status: 200, json: { server: this.view(s) } };
      if (method === 'DELETE') {
        this.servers = this.servers.filter((x) => x !== s);
        await this.onServerDeleted(s);
        return { status: 204 };
      }
    }
    if (method === 'POST' && (m = /^\/v2\.1\/servers\/([^/]+)\/action$/.exec(path))) {
      const s = this.server(decodeURIComponent(m[1]));
      if (!s) return novaError(404, 'itemNotFound', `Instance ${decodeURIComponent(m[1])} could not be found.`);
      if (body && 'reboot' in body) {
        if (body.reboot?.type !== 'SOFT' && body.reboot?.type !== 'HARD') return novaError(400, 'badRequest', "Invalid input for field/attribute type. Value: None. None is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
        if (s.status !== 'ACTIVE') return novaError(409, 'conflictingRequest', `Cannot 'reboot' instance ${s.id} while it is in vm_state ${s.status.toLowerCase()}`);
        s.status = 'REBOOT';
        this.later(this.options.rebootDelayMs, async () => {
          await this.onServerReboot(s);
          if (s.status === 'REBOOT') s.status = 'ACTIVE';
        });
        return { status: 202 };
      }
      if (body && 'os-stop' in body) {
        if (s.status !== 'ACTIVE') return novaError(409, 'conflictingRequest', `Cannot 'stop' instance ${s.id} while it is in vm_state ${s.status === 'SHUTOFF' ? 'stopped' : s.status.toLowerCase()}`);
        this.later(this.options.stopDelayMs, () => {
          if (s.status === 'ACTIVE') s.status = 'SHUTOFF';
        });
        return { status: 202 };
      }
      return novaError(400, 'badRequest', 'There is no such action: ' + Object.keys(body ?? {}).join(','));
    }
    if (method === 'GET' && path.startsWith('/v2.1/flavors/detail')) return { status: 200, json: { flavors: this.flavors } };
    if (method === 'GET' && (m = /^\/v2\.1\/flavors\/([^/]+)$/.exec(path))) {
      const f = this.flavors.find((x) => x.id === decodeURIComponent(m![1]));
      return f ? { status: 200, json: { flavor: f } } : novaError(404, 'itemNotFound', `Flavor ${decodeURIComponent(m[1])} could not be found.`);
    }
    if (method === 'GET' && (m = /^\/v2\.1\/os-keypairs\/([^/]+)$/.exec(path))) {
      const name = decodeURIComponent(m[1]);
      const key = this.keypairs.get(name);
      return key ? { status: 200, json: { keypair: { name, public_key: key, fingerprint: 'fa:ke', type: 'ssh' } } } : novaError(404, 'itemNotFound', `Keypair ${name} not found for user u1`);
    }
    return novaError(404, 'itemNotFound', 'The resource could not be found.');
  }

  private createServerCall(body: any): Reply {
    const s = body?.server;
    if (!s?.name) return novaError(400, 'badRequest', "Invalid input for field/attribute server. Value: {}. 'name' is a required property");
    if (!this.flavors.some((f) => f.id === s.flavorRef)) return novaError(400, 'badRequest', `Flavor ${s.flavorRef} could not be found.`);
    if (!this.images.some((i) => i.id === s.imageRef && i.status === 'active')) return novaError(400, 'badRequest', `Image ${s.imageRef} could not be found.`);
    if (s.key_name && !this.keypairs.has(s.key_name)) return novaError(400, 'badRequest', 'Invalid key_name provided.');
    for (const g of s.security_groups ?? []) {
      if (!this.group(g.name)) return novaError(400, 'badRequest', `Security group ${g.name} not found for project p1.`);
    }
    for (const n of Array.isArray(s.networks) ? s.networks : []) {
      if (!this.networks.some((x) => x.id === n.uuid)) return novaError(400, 'badRequest', `Network ${n.uuid} could not be found.`);
    }
    for (const [k, v] of Object.entries(s.metadata ?? {})) {
      if (typeof v !== 'string' || v.length > 255 || k.length > 255) return novaError(400, 'badRequest', `Invalid input for field/attribute metadata. Value: ${k}`);
    }
    if (this.servers.length >= this.instanceQuota) {
      return novaError(403, 'forbidden', `Quota exceeded for instances: Requested 1, but already used ${this.servers.length} of ${this.instanceQuota} instances`);
    }
    const server: FakeServer = {
      id: randomUUID(),
      name: s.name,
      status: 'BUILD',
      flavorRef: s.flavorRef,
      imageRef: s.imageRef,
      keyName: s.key_name ?? null,
      securityGroups: (s.security_groups ?? [{ name: 'default' }]).map((g: { name: string }) => g.name),
      networks: s.networks,
      metadata: { ...(s.metadata ?? {}) },
      userData: s.user_data ? Buffer.from(s.user_data, 'base64').toString('utf8') : null,
      addresses: {},
      created: new Date().toISOString(),
    };
    this.servers.push(server);
    const bootFault = this.nextBootFaults.shift();
    this.later(this.options.bootDelayMs, async () => {
      if (!this.servers.includes(server) || server.status !== 'BUILD') return;
      if (bootFault) {
        server.status = 'ERROR';
        server.fault = { message: bootFault, code: 500, created: new Date().toISOString() };
        return;
      }
      let address: string;
      try {
        ({ address } = await this.onServerActive(server, { userData: server.userData, metadata: server.metadata }));
      } catch (e) {
        server.status = 'ERROR';
        server.fault = { message: `fake VM launcher failed: ${(e as Error).message}`, code: 500, created: new Date().toISOString() };
        return;
      }
      server.addresses = {
        public: [
          // IPv6 listed first, as many clouds do: the client must pick the IPv4 one.
          { addr: 'fd00::' + server.id.slice(0, 4), version: 6, 'OS-EXT-IPS:type': 'fixed' },
          { addr: address, version: 4, 'OS-EXT-IPS:type': 'fixed' },
        ],
      };
      if (server.status === 'BUILD') server.status = 'ACTIVE';
    });
    return { status: 202, json: { server: { id: server.id, links: [], 'OS-DCF:diskConfig': 'MANUAL', security_groups: server.securityGroups.map((name) => ({ name })), adminPass: 'fake' } } };
  }

  // ---- Glance ----

  private image(method: string, path: string, query: URLSearchParams): Reply {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/v2/images') {
      let list = this.images.filter((i) => (!query.get('name') || i.name === query.get('name')) && (!query.get('status') || i.status === query.get('status')));
      const sort = query.get('sort');
      if (sort === 'created_at:desc') list = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
      else if (sort) return { status: 400, text: `400 Bad Request\n\nInvalid sort key: ${sort}` };
      const limit = Number(query.get('limit') ?? 25);
      return { status: 200, json: { images: list.slice(0, limit), first: '/v2/images', schema: '/v2/schemas/images' } };
    }
    if (method === 'GET' && (m = /^\/v2\/images\/([^/]+)$/.exec(path))) {
      const image = this.images.find((i) => i.id === decodeURIComponent(m![1]));
      return image ? { status: 200, json: image } : { status: 404, text: `404 Not Found\n\nNo image found with ID ${decodeURIComponent(m[1])}\n\n ` };
    }
    return { status: 404, text: '404 Not Found\n\nThe resource could not be found.\n\n ' };
  }

  // ---- Neutron ----

  private groupView(g: FakeSecurityGroup): Record<string, unknown> {
    return { id: g.id, name: g.name, description: g.description, tenant_id: 'p1', project_id: 'p1', security_group_rules: g.rules };
  }

  private network(method: string, path: string, query: URLSearchParams, body: any): Reply {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/v2.0/security-groups') {
      const name = query.get('name');
      return { status: 200, json: { security_groups: this.securityGroups.filter((g) => !name || g.name === name).map((g) => this.groupView(g)) } };
    }
    if (method === 'POST' && path === '/v2.0/security-groups') {
      const name = body?.security_group?.name;
      if (typeof name !== 'string') return neutronError(400, 'HTTPBadRequest', "Invalid input for operation: 'name' is required.");
      const g = this.addSecurityGroup(name);
      g.description = body.security_group.description ?? '';
      return { status: 201, json: { security_group: this.groupView(g) } };
    }
    if ((m = /^\/v2\.0\/security-groups\/([^/]+)$/.exec(path))) {
      const g = this.securityGroups.find((x) => x.id === decodeURIComponent(m![1]));
      if (!g) return neutronError(404, 'SecurityGroupNotFound', `Security group ${decodeURIComponent(m[1])} does not exist`);
      if (method === 'GET') return { status: 200, json: { security_group: this.groupView(g) } };
    }
    if (method === 'GET' && path === '/v2.0/security-group-rules') {
      const groupId = query.get('security_group_id');
      const rules = this.securityGroups.flatMap((g) => g.rules).filter((r) => !groupId || r.security_group_id === groupId);
      return { status: 200, json: { security_group_rules: rules } };
    }
    if (method === 'POST' && path === '/v2.0/security-group-rules') {
      const r = body?.security_group_rule;
      const g = this.securityGroups.find((x) => x.id === r?.security_group_id);
      if (!g) return neutronError(404, 'SecurityGroupNotFound', `Security group ${r?.security_group_id} does not exist`);
      if (r.direction !== 'ingress' && r.direction !== 'egress') return neutronError(400, 'InvalidInput', `Invalid input for direction. Reason: ${r.direction} is not in valid_values.`);
      if (r.ethertype !== 'IPv4' && r.ethertype !== 'IPv6') return neutronError(400, 'InvalidInput', `Invalid input for ethertype. Reason: ${r.ethertype} is not in valid_values.`);
      if (r.remote_ip_prefix && r.remote_group_id) return neutronError(400, 'SecurityGroupRemoteGroupAndRemoteIpPrefix', 'Only remote_ip_prefix or remote_group_id may be provided.');
      const rule: FakeRule = {
        id: randomUUID(),
        security_group_id: g.id,
        direction: r.direction,
        ethertype: r.ethertype,
        protocol: r.protocol ?? null,
        port_range_min: r.port_range_min ?? null,
        port_range_max: r.port_range_max ?? null,
        remote_ip_prefix: r.remote_ip_prefix ?? null,
        remote_group_id: r.remote_group_id ?? null,
      };
      const same = g.rules.find((x) => sameRule(x, rule));
      if (same) return neutronError(409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${same.id}.`);
      g.rules.push(rule);
      return { status: 201, json: { security_group_rule: rule } };
    }
    if (method === 'DELETE' && (m = /^\/v2\.0\/security-group-rules\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1]);
      const g = this.securityGroups.find((x) => x.rules.some((r) => r.id === id));
      if (!g) return neutronError(404, 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);
      g.rules = g.rules.filter((r) => r.id !== id);
      return { status: 204 };
    }
    if (method === 'GET' && path === '/v2.0/networks') {
      const name = query.get('name');
      return { status: 200, json: { networks: this.networks.filter((n) => !name || n.name === name) } };
    }
    return neutronError(404, 'HTTPNotFound', 'The resource could not be found.');
  }
}

interface Reply { status: number; json?: unknown; text?: string; headers?: Record<string, string> }

function novaError(status: number, fault: string, message: string): Reply {
  return { status, json: { [fault]: { code: status, message } } };
}

function neutronError(status: number, type: string, message: string): Reply {
  return { status, json: { NeutronError: { type, message, detail: '' } } };
}

function anyPrefix(r: FakeRule): string | null {
  return r.remote_group_id ? null : r.remote_ip_prefix ?? (r.ethertype === 'IPv6' ? '::/0' : '0.0.0.0/0');
}

// Neutron counts "no prefix" and the any-address prefix as the same rule.
function sameRule(a: FakeRule, b: FakeRule): boolean {
  return a.direction === b.direction && a.ethertype === b.ethertype && (a.protocol ?? null) === (b.protocol ?? null)
    && a.port_range_min === b.port_range_min && a.port_range_max === b.port_range_max
    && anyPrefix(a) === anyPrefix(b) && a.remote_group_id === b.remote_group_id;
}

/** Neutron's two default egress rules of every new group. */
export function defaultEgress(): Omit<FakeRule, 'id' | 'security_group_id'>[] {
  return (['IPv4', 'IPv6'] as const).map((ethertype) => ({
    direction: 'egress' as const, ethertype, protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: null,
  }));
}

export async function startFakeOpenStack(options: FakeOpenStackOptions = {}): Promise<FakeOpenStack> {
  return new FakeOpenStack(options).start();
}
