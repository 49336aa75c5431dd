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
import { Faults, type Fault, type Matcher } from './faults.ts';
import { image } from './glance.ts';
import { authorized, identity } from './keystone.ts';
import { defaultEgress, network } from './neutron.ts';
import { compute } from './nova.ts';
import {
  neutronError,
  novaError,
  REGIONS,
  type FakeFlavor,
  type FakeImage,
  type FakeOpenStackOptions,
  type FakeRule,
  type FakeSecurityGroup,
  type FakeServer,
  type OnServerActive,
  type Reply,
} from './types.ts';

export type { ActiveHookResult, FakeFlavor, FakeImage, FakeOpenStackOptions, FakeRule, FakeSecurityGroup, FakeServer, OnServerActive } from './types.ts';
export { REGIONS } from './types.ts';
export { defaultEgress } from './neutron.ts';

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

  /** Issued tokens and when they expire (Keystone). */
  readonly tokens = new Map<string, number>();
  /** Fault messages for the next servers created (Nova). */
  readonly nextBootFaults: string[] = [];

  private http: Server;
  private sockets = new Set<Socket>();
  private faults = new Faults();
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
    this.faults.failNext(match);
  }

  /** The next `count` matching requests are never answered. */
  hangNext(match: Matcher & { count?: number }): void {
    this.faults.hangNext(match);
  }

  /** The next matching request waits until `release()`, then takes effect; `arrived` resolves when it came in. */
  holdNext(match: Matcher): { arrived: Promise<void>; release(): void } {
    return this.faults.holdNext(match);
  }

  /** Forgets every fault not yet used up (a test's leftovers must not reach the next test). */
  clearFaults(): void {
    this.faults.clear();
  }

  /** The next matching request takes effect, but its answer never arrives. */
  loseResponseNext(match: Matcher & { count?: number }): void {
    this.faults.loseResponseNext(match);
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

  /** Runs `fn` after `ms` unless the fake is closed first. */
  later(ms: number, fn: () => void | Promise<void>): void {
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

    const fault = this.faults.take(method, path);
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
          reply =
            service === 'network'
              ? neutronError(400, 'BadRequest', 'Failed to parse request. Invalid JSON.')
              : novaError(400, 'badRequest', 'Malformed request body');
          return this.send(res, reply, fault);
        }
      }
      if (!m) reply = { status: 404, text: '404 Not Found' };
      else if (service === 'identity') reply = identity(this, method, m[3], body);
      else if (!authorized(this, req))
        reply = { status: 401, json: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
      else if (service === 'compute') reply = await compute(this, method, m[3], url.searchParams, body);
      else if (service === 'image') reply = image(this, method, m[3], url.searchParams);
      else reply = network(this, method, m[3], url.searchParams, body);
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
}

export async function startFakeOpenStack(options: FakeOpenStackOptions = {}): Promise<FakeOpenStack> {
  return new FakeOpenStack(options).start();
}
