/**
 * A wire-level GitHub for tests: one node:http server on 127.0.0.1 (port 0) answering the REST
 * calls the PR sandboxes make and the GraphQL listing of open pull requests, as api.github.com
 * does: same paths, bodies, status codes, `Link` pagination, rate-limit headers and error
 * bodies (`{message, documentation_url, errors?}`).
 *
 * REST: `GET /user`, `GET /app`, `POST /app/installations/{id}/access_tokens`,
 * `GET /repos/{o}/{r}/pulls/{n}`, `GET /repos/{o}/{r}/commits/{ref}` (JSON or
 * `application/vnd.github.sha`), `POST /repos/{o}/{r}/statuses/{sha}`,
 * `POST|PATCH /repos/{o}/{r}/check-runs[/{id}]`, `GET|POST /repos/{o}/{r}/issues/{n}/comments`,
 * `PATCH /repos/{o}/{r}/issues/comments/{id}`, `GET /orgs/{org}/members/{user}` (204, 404, or
 * 302 to the public list when the caller is no member), `GET /orgs/{org}/public_members/{user}`,
 * `GET /users/{u}/keys`. GraphQL: `POST /graphql`, executed against a slice of GitHub's schema
 * (`repository.pullRequests` with cursors, `first` capped at 100 as GitHub caps it).
 *
 * Auth: `token <t>` / `Bearer <t>` for personal tokens (`tokens`: token → login) and installation
 * tokens (minted by the access_tokens endpoint, expiring); `Bearer <JWT>` for `/app` endpoints,
 * verified with the app's public key (RS256, `iss`, `iat`/`exp` within ten minutes). Check runs
 * take installation tokens only, as GitHub does.
 *
 * Faults: `failNext(n, status)` (502 by default, optionally for one path), `rateLimitNext(n, …)`
 * (primary: 403 + `x-ratelimit-remaining: 0` + `x-ratelimit-reset`; secondary: `retry-after`),
 * `clearFaults()`.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildSchema, graphql as executeGraphql, GraphQLError } from 'graphql';

export interface FakePull {
  number: number;
  title: string;
  body: string | null;
  author: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  headRepo: string | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface FakeStatus {
  id: number;
  sha: string;
  state: string;
  description: string | null;
  context: string;
  targetUrl: string | null;
  creator: string;
}

export interface FakeCheckRun {
  id: number;
  repo: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string } | null;
  detailsUrl: string | null;
  externalId: string | null;
  app: string;
}

export interface FakeComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeRepo {
  name: string;
  pulls: Map<number, FakePull>;
  /** Branch and tag names → SHA. */
  refs: Map<string, string>;
  statuses: FakeStatus[];
}

export interface FakeGitHubRequest {
  method: string;
  path: string;
  query: string;
  /** `token`, `installation`, `jwt`, or null when no credential was accepted. */
  auth: 'token' | 'installation' | 'jwt' | null;
  body?: any;
  status?: number;
}

type Fault = { status: number; path?: RegExp; method?: string; afterApplying?: boolean; headers?: Record<string, string>; message?: string };

const DOCS = 'https://docs.github.com/rest';
const GRAPHQL_SCHEMA = buildSchema(`
  scalar URI
  scalar DateTime
  scalar GitObjectID
  type Query {
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
  }
  enum PullRequestState { OPEN CLOSED MERGED }
  enum IssueOrderField { CREATED_AT UPDATED_AT COMMENTS }
  enum OrderDirection { ASC DESC }
  input IssueOrder { field: IssueOrderField!, direction: OrderDirection! }
  type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }
  interface Actor { login: String! }
  type User implements Actor { login: String! }
  type Bot implements Actor { login: String! }
  type Repository {
    nameWithOwner: String!
    pullRequests(states: [PullRequestState!], first: Int, after: String, last: Int, before: String, orderBy: IssueOrder, baseRefName: String, headRefName: String): PullRequestConnection!
  }
  type PullRequestConnection { nodes: [PullRequest], pageInfo: PageInfo!, totalCount: Int! }
  type PullRequest {
    number: Int!
    url: URI!
    title: String!
    body: String!
    isDraft: Boolean!
    state: PullRequestState!
    merged: Boolean!
    closedAt: DateTime
    createdAt: DateTime!
    updatedAt: DateTime!
    author: Actor
    headRefName: String!
    headRefOid: GitObjectID!
    headRepository: Repository
    baseRefName: String!
    baseRepository: Repository
  }
`);

const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString('base64');
const indexOf = (cursor: string) => {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : null;
};

export class FakeGitHub {
  /** The API root to give the client (GITHUB_API_URL). */
  url = '';
  readonly repos = new Map<string, FakeRepo>();
  /** Personal access tokens → the login they act as. */
  readonly tokens = new Map<string, string>();
  readonly orgMembers = new Map<string, Set<string>>();
  /** Members who made their membership public. */
  readonly publicMembers = new Map<string, Set<string>>();
  readonly userKeys = new Map<string, string[]>();
  readonly checkRuns = new Map<number, FakeCheckRun>();
  readonly comments = new Map<number, FakeComment>();
  readonly requests: FakeGitHubRequest[] = [];
  /** Installation tokens minted so far, with their installation and expiry. */
  readonly installationTokens = new Map<string, { installationId: string; expiresAt: number }>();
  app: { id: string; slug: string; publicKey: KeyObject; installations: Set<string> } | null = null;
  /** Lifetime of minted installation tokens (GitHub: one hour). */
  installationTokenTtlMs = 60 * 60_000;
  private nextId = 1000;
  private faults: Fault[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  addRepo(name: string): FakeRepo {
    let repo = this.repos.get(name.toLowerCase());
    if (!repo) {
      repo = { name, pulls: new Map(), refs: new Map(), statuses: [] };
      this.repos.set(name.toLowerCase(), repo);
    }
    return repo;
  }

  repo(name: string): FakeRepo | undefined {
    return this.repos.get(name.toLowerCase());
  }

  addPull(repoName: string, pull: Partial<FakePull> & { number: number }): FakePull {
    const now = new Date(Date.UTC(2026, 0, 1) + pull.number * 60_000).toISOString();
    const full: FakePull = {
      title: `Pull request ${pull.number}`,
      body: '',
      author: 'alice',
      state: 'open',
      merged: false,
      draft: false,
      headRepo: repoName,
      headRef: `branch-${pull.number}`,
      headSha: (pull.number.toString(16).padStart(8, '0') + 'a'.repeat(32)).slice(0, 40),
      baseRef: 'master',
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      ...pull,
    };
    this.addRepo(repoName).pulls.set(full.number, full);
    return full;
  }

  addMember(org: string, login: string, options: { public?: boolean } = {}): void {
    if (!this.orgMembers.has(org.toLowerCase())) this.orgMembers.set(org.toLowerCase(), new Set());
    this.orgMembers.get(org.toLowerCase())!.add(login.toLowerCase());
    if (options.public) {
      if (!this.publicMembers.has(org.toLowerCase())) this.publicMembers.set(org.toLowerCase(), new Set());
      this.publicMembers.get(org.toLowerCase())!.add(login.toLowerCase());
    }
  }

  setApp(app: { id: string; slug: string; publicKeyPem: string; installations: string[] }): void {
    this.app = { id: app.id, slug: app.slug, publicKey: createPublicKey(app.publicKeyPem), installations: new Set(app.installations) };
  }

  /** Comments on one issue or PR, oldest first. */
  commentsOn(repo: string, issue: number): FakeComment[] {
    return [...this.comments.values()].filter((c) => c.repo.toLowerCase() === repo.toLowerCase() && c.issue === issue);
  }

  /**
   * The next `count` requests (of `method` to paths matching `path`, if given) get `status` (502
   * by default). With `afterApplying`, the request takes effect first and only its answer is
   * lost, as when a gateway times out behind GitHub.
   */
  failNext(count: number, status = 502, options: { path?: RegExp; method?: string; afterApplying?: boolean } = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ status, ...options, message: status >= 500 ? 'Server Error' : undefined });
  }

  /**
   * The next `count` requests hit a rate limit: the primary one (403, remaining 0, reset at
   * `resetEpochSeconds`) or, with `retryAfterSeconds`, a secondary one (`status`, Retry-After).
   */
  rateLimitNext(count: number, limit: { resetEpochSeconds?: number; retryAfterSeconds?: number; status?: 403 | 429; path?: RegExp }): void {
    for (let i = 0; i < count; i++) {
      if (limit.retryAfterSeconds !== undefined) {
        this.faults.push({
          status: limit.status ?? 403,
          path: limit.path,
          headers: { 'retry-after': String(limit.retryAfterSeconds) },
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        });
      } else {
        this.faults.push({
          status: limit.status ?? 403,
          path: limit.path,
          headers: {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(limit.resetEpochSeconds ?? 0),
            'x-ratelimit-resource': 'core',
          },
          message: 'API rate limit exceeded for user ID 1.',
        });
      }
    }
  }

  clearFaults(): void {
    this.faults = [];
  }

  requestsTo(method: string, pathPattern: RegExp): FakeGitHubRequest[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  // -------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const entry: FakeGitHubRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search, auth: null };
    this.requests.push(entry);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...(text ? { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' } : {}),
        ...headers,
      });
      res.end(text);
    };
    const error = (status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      send(status, { message, documentation_url: DOCS, status: String(status), ...extra }, headers);

    try {
      entry.body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return error(400, 'Problems parsing JSON');
    }

    const caller = this.authenticate(req.headers.authorization ?? '', url.pathname);
    if ('error' in caller) return error(401, caller.error);
    entry.auth = caller.kind;

    const faultAt = this.faults.findIndex((f) => (!f.path || f.path.test(url.pathname)) && (!f.method || f.method === entry.method));
    if (faultAt >= 0) {
      const [fault] = this.faults.splice(faultAt, 1);
      if (fault.afterApplying) this.route(entry, url, caller, req.headers.accept ?? '');
      if (fault.status >= 500)
        return send(fault.status, fault.status === 502 ? '<html><body><h1>502 Bad Gateway</h1></body></html>' : { message: fault.message });
      return error(fault.status, fault.message ?? 'Forbidden', {}, fault.headers);
    }

    if (url.pathname === '/graphql' && entry.method === 'POST') return this.graphql(entry.body, send);
    const [status, body, headers] = this.route(entry, url, caller, req.headers.accept ?? '');
    if (status >= 400 && body === undefined) return error(status, status === 404 ? 'Not Found' : 'Error');
    send(status, body, headers);
  }

  private authenticate(header: string, path: string): { kind: 'token' | 'installation' | 'jwt'; login: string } | { error: string } {
    const m = /^(?:token|bearer) (\S+)$/i.exec(header.trim());
    if (!m) return { error: 'Requires authentication' };
    const credential = m[1];
    if (path.startsWith('/app')) {
      const claims = this.verifyJwt(credential);
      return typeof claims === 'string' ? { error: claims } : { kind: 'jwt', login: `${this.app!.slug}[bot]` };
    }
    const login = this.tokens.get(credential);
    if (login) return { kind: 'token', login };
    const installation = this.installationTokens.get(credential);
    if (installation && installation.expiresAt > Date.now() && this.app) return { kind: 'installation', login: `${this.app.slug}[bot]` };
    return { error: 'Bad credentials' };
  }

  /** The claims of a valid app JWT, or GitHub's message for a bad one. */
  private verifyJwt(jwt: string): Record<string, unknown> | string {
    if (!this.app) return 'A JSON web token could not be decoded';
    const parts = jwt.split('.');
    if (parts.length !== 3) return 'A JSON web token could not be decoded';
    let header: any;
    let claims: any;
    try {
      header = b64urlJson(parts[0]);
      claims = b64urlJson(parts[1]);
    } catch {
      return 'A JSON web token could not be decoded';
    }
    if (header.alg !== 'RS256') return 'A JSON web token could not be decoded';
    const good = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), this.app.publicKey, Buffer.from(parts[2], 'base64url'));
    if (!good) return 'A JSON web token could not be decoded';
    const now = Math.floor(Date.now() / 1000);
    if (String(claims.iss) !== this.app.id) return `'Issuer' claim ('iss') must be an Integer`;
    if (typeof claims.exp !== 'number' || claims.exp <= now)
      return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
    if (typeof claims.iat !== 'number' || claims.iat > now + 60)
      return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
    if (claims.exp - claims.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
    return claims;
  }

  private route(
    entry: FakeGitHubRequest,
    url: URL,
    caller: { kind: 'token' | 'installation' | 'jwt'; login: string },
    accept: string,
  ): [number, unknown?, Record<string, string>?] {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = entry.method;
    const body = entry.body ?? {};

    if (method === 'GET' && url.pathname === '/user') {
      if (caller.kind !== 'token') return [403, { message: 'Resource not accessible by integration', documentation_url: DOCS }];
      return [200, { login: caller.login, id: 1, type: 'User' }];
    }
    if (parts[0] === 'app') {
      if (method === 'GET' && parts.length === 1) return [200, { id: Number(this.app!.id), slug: this.app!.slug, name: this.app!.slug }];
      if (method === 'POST' && parts[1] === 'installations' && parts[3] === 'access_tokens' && parts.length === 4) {
        if (!this.app!.installations.has(parts[2])) return [404];
        const token = `ghs_fake${this.nextId++}installation${Math.random().toString(36).slice(2, 12)}`;
        const expiresAt = Date.now() + this.installationTokenTtlMs;
        this.installationTokens.set(token, { installationId: parts[2], expiresAt });
        return [201, { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), permissions: { checks: 'write', statuses: 'write' } }];
      }
      return [404];
    }

    if (parts[0] === 'orgs' && parts.length === 4 && method === 'GET') {
      const [, org, list, login] = parts;
      const members = this.orgMembers.get(org.toLowerCase());
      if (!members) return [404];
      if (list === 'public_members') return [this.publicMembers.get(org.toLowerCase())?.has(login.toLowerCase()) ? 204 : 404];
      if (list !== 'members') return [404];
      const callerSeesAll = caller.kind === 'installation' || members.has(caller.login.toLowerCase());
      if (!callerSeesAll) return [302, undefined, { Location: `${this.url}/orgs/${org}/public_members/${login}` }];
      return [members.has(login.toLowerCase()) ? 204 : 404];
    }

    if (parts[0] === 'users' && parts[2] === 'keys' && parts.length === 3 && method === 'GET') {
      const keys = this.userKeys.get(parts[1].toLowerCase());
      if (!keys) return [404];
      return this.page(
        keys.map((key, i) => ({ id: i + 1, key })),
        url,
      );
    }

    if (parts[0] !== 'repos' || parts.length < 4) return [404];
    const repoName = `${parts[1]}/${parts[2]}`;
    const repo = this.repo(repoName);
    if (!repo) return [404];
    const rest = parts.slice(3);

    if (rest[0] === 'pulls' && rest.length === 2 && method === 'GET') {
      const pull = repo.pulls.get(Number(rest[1]));
      return pull ? [200, this.restPull(repo.name, pull)] : [404];
    }

    if (rest[0] === 'commits' && rest.length >= 2 && method === 'GET') {
      const ref = rest.slice(1).join('/');
      const sha = this.resolve(repo, ref);
      if (!sha) return [422, { message: `No commit found for SHA: ${ref}`, documentation_url: DOCS, status: '422' }];
      if (accept.includes('application/vnd.github.sha')) return [200, sha];
      return [200, { sha, commit: { message: 'commit' } }];
    }

    if (rest[0] === 'statuses' && rest.length === 2 && method === 'POST') {
      const states = ['error', 'failure', 'pending', 'success'];
      if (!states.includes(body.state)) return [422, validation('Status', 'state', 'custom', `state is not included in the list`)];
      if (typeof body.description === 'string' && body.description.length > 140)
        return [422, validation('Status', 'description', 'custom', 'description is too long (maximum is 140 characters)')];
      if (!this.resolve(repo, rest[1])) return [422, { message: `No commit found for SHA: ${rest[1]}`, documentation_url: DOCS, status: '422' }];
      const status: FakeStatus = {
        id: this.nextId++,
        sha: rest[1],
        state: body.state,
        description: body.description ?? null,
        context: body.context ?? 'default',
        targetUrl: body.target_url ?? null,
        creator: caller.login,
      };
      repo.statuses.push(status);
      return [
        201,
        {
          id: status.id,
          state: status.state,
          description: status.description,
          context: status.context,
          target_url: status.targetUrl,
          creator: { login: caller.login },
        },
      ];
    }

    if (rest[0] === 'check-runs') {
      if (caller.kind !== 'installation') return [403, { message: 'You must authenticate via a GitHub App.', documentation_url: DOCS, status: '403' }];
      if (method === 'POST' && rest.length === 1) {
        if (!body.name || !body.head_sha) return [422, validation('CheckRun', body.name ? 'head_sha' : 'name', 'missing_field', 'missing')];
        if (body.status === 'completed' && !body.conclusion) return [422, validation('CheckRun', 'conclusion', 'missing_field', 'conclusion is required')];
        const run: FakeCheckRun = {
          id: this.nextId++,
          repo: repo.name,
          name: body.name,
          headSha: body.head_sha,
          status: body.status ?? 'queued',
          conclusion: body.conclusion ?? null,
          output: body.output ?? null,
          detailsUrl: body.details_url ?? null,
          externalId: body.external_id ?? null,
          app: caller.login,
        };
        this.checkRuns.set(run.id, run);
        return [201, this.restCheckRun(run)];
      }
      if (method === 'PATCH' && rest.length === 2) {
        const run = this.checkRuns.get(Number(rest[1]));
        if (!run || run.repo !== repo.name) return [404];
        if (body.name !== undefined) run.name = body.name;
        if (body.status !== undefined) run.status = body.status;
        if (body.conclusion !== undefined) {
          run.conclusion = body.conclusion;
          run.status = 'completed';
        }
        if (run.status === 'completed' && !run.conclusion) return [422, validation('CheckRun', 'conclusion', 'missing_field', 'conclusion is required')];
        if (body.output !== undefined) run.output = body.output;
        if (body.details_url !== undefined) run.detailsUrl = body.details_url;
        return [200, this.restCheckRun(run)];
      }
      return [404];
    }

    if (rest[0] === 'issues' && rest[1] === 'comments' && rest.length === 3 && method === 'PATCH') {
      const comment = this.comments.get(Number(rest[2]));
      if (!comment || comment.repo !== repo.name) return [404];
      if (comment.user.toLowerCase() !== caller.login.toLowerCase())
        return [403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' }];
      if (typeof body.body !== 'string') return [422, validation('IssueComment', 'body', 'missing_field', 'body is missing')];
      comment.body = body.body;
      comment.updatedAt = new Date().toISOString();
      return [200, this.restComment(comment)];
    }

    if (rest[0] === 'issues' && rest.length === 3 && rest[2] === 'comments') {
      const issue = Number(rest[1]);
      if (!repo.pulls.has(issue)) return [404];
      if (method === 'GET')
        return this.page(
          this.commentsOn(repo.name, issue).map((c) => this.restComment(c)),
          url,
        );
      if (method === 'POST') {
        if (typeof body.body !== 'string' || !body.body) return [422, validation('IssueComment', 'body', 'missing_field', 'body is missing')];
        if (body.body.length > 65_536) return [422, validation('IssueComment', 'body', 'custom', 'Body is too long (maximum is 65536 characters)')];
        const now = new Date().toISOString();
        const comment: FakeComment = { id: this.nextId++, repo: repo.name, issue, body: body.body, user: caller.login, createdAt: now, updatedAt: now };
        this.comments.set(comment.id, comment);
        return [201, this.restComment(comment)];
      }
    }
    return [404];
  }

  /** A REST page (`per_page` ≤ 100, default 30; `page` from 1) with GitHub's `Link` header. */
  private page(items: unknown[], url: URL): [number, unknown, Record<string, string>] {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const next = new URL(url.pathname + url.search, this.url);
      next.searchParams.set('per_page', String(perPage));
      next.searchParams.set('page', String(p));
      return `<${next.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    return [200, items.slice((page - 1) * perPage, page * perPage), links.length ? { Link: links.join(', ') } : {}];
  }

  private resolve(repo: FakeRepo, ref: string): string | null {
    const named = repo.refs.get(ref) ?? repo.refs.get(ref.replace(/^(refs\/)?(heads|tags)\//, ''));
    if (named) return named;
    const known = [...repo.refs.values(), ...[...repo.pulls.values()].map((p) => p.headSha)];
    if (/^[0-9a-f]{7,40}$/.test(ref)) return known.find((sha) => sha.startsWith(ref)) ?? null;
    return null;
  }

  restPull(repoName: string, pull: FakePull): Record<string, unknown> {
    return {
      url: `${this.url}/repos/${repoName}/pulls/${pull.number}`,
      html_url: `https://github.com/${repoName}/pull/${pull.number}`,
      number: pull.number,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      user: { login: pull.author, type: 'User' },
      draft: pull.draft,
      merged: pull.merged,
      merged_at: pull.merged ? pull.closedAt : null,
      closed_at: pull.closedAt,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      head: {
        label: `${(pull.headRepo ?? 'unknown/repo').split('/')[0]}:${pull.headRef}`,
        ref: pull.headRef,
        sha: pull.headSha,
        repo: pull.headRepo ? { full_name: pull.headRepo, name: pull.headRepo.split('/')[1], owner: { login: pull.headRepo.split('/')[0] } } : null,
      },
      base: {
        label: `${repoName.split('/')[0]}:${pull.baseRef}`,
        ref: pull.baseRef,
        sha: 'b'.repeat(40),
        repo: { full_name: repoName, name: repoName.split('/')[1], owner: { login: repoName.split('/')[0] } },
      },
    };
  }

  private restComment(c: FakeComment): Record<string, unknown> {
    return {
      id: c.id,
      html_url: `https://github.com/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
      body: c.body,
      user: { login: c.user, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    };
  }

  private restCheckRun(run: FakeCheckRun): Record<string, unknown> {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      details_url: run.detailsUrl,
      external_id: run.externalId,
      output: run.output,
      app: { slug: run.app.replace(/\[bot\]$/, '') },
    };
  }

  private async graphql(body: any, send: (status: number, body?: unknown) => void): Promise<void> {
    if (!body || typeof body.query !== 'string') return send(400, { message: 'Problems parsing JSON', documentation_url: DOCS });
    const notFound: { message: string; path: string[] }[] = [];
    const rootValue = {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = this.repo(`${owner}/${name}`);
        if (!repo) {
          notFound.push({ message: `Could not resolve to a Repository with the name '${owner}/${name}'.`, path: ['repository'] });
          return null;
        }
        return this.graphqlRepository(repo);
      },
    };
    const result = await executeGraphql({ schema: GRAPHQL_SCHEMA, source: body.query, variableValues: body.variables ?? {}, rootValue });
    const errors = [
      ...(result.errors ?? []).map((e) => ({
        message: e.message,
        locations: e.locations,
        path: e.path,
        ...(e.extensions?.type ? { type: e.extensions.type } : {}),
      })),
      ...notFound.map((e) => ({ type: 'NOT_FOUND', ...e, locations: [{ line: 2, column: 5 }] })),
    ];
    send(200, errors.length ? { data: result.data ?? null, errors } : { data: result.data });
  }

  private graphqlRepository(repo: FakeRepo) {
    const asRepository = (nameWithOwner: string | null) =>
      nameWithOwner ? { nameWithOwner, pullRequests: () => ({ nodes: [], pageInfo: {}, totalCount: 0 }) } : null;
    return {
      nameWithOwner: repo.name,
      pullRequests: (args: { states?: string[]; first?: number; after?: string; last?: number; orderBy?: { field: string; direction: string } }) => {
        if (args.first == null && args.last == null)
          throw new GraphQLError('You must provide a `first` or `last` value to properly paginate the `pullRequests` connection.', {
            extensions: { type: 'MISSING_PAGINATION_BOUNDARIES' },
          });
        const size = args.first ?? args.last!;
        if (size > 100 || size < 0)
          throw new GraphQLError(`Requesting ${size} records on the \`pullRequests\` connection exceeds the \`first\` limit of 100 records.`, {
            extensions: { type: 'EXCESSIVE_PAGINATION' },
          });
        const stateOf = (p: FakePull) => (p.state === 'open' ? 'OPEN' : p.merged ? 'MERGED' : 'CLOSED');
        let all = [...repo.pulls.values()].filter((p) => !args.states || args.states.includes(stateOf(p)));
        const field = args.orderBy?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
        all = all.sort((a, b) => a[field].localeCompare(b[field]) || a.number - b.number);
        if (args.orderBy?.direction === 'DESC') all.reverse();
        let start = 0;
        if (args.after) {
          const at = indexOf(args.after);
          if (at === null)
            throw new GraphQLError(`\`${args.after}\` does not appear to be a valid cursor.`, { extensions: { type: 'INVALID_CURSOR_ARGUMENTS' } });
          start = at + 1;
        }
        const slice = all.slice(start, start + size);
        return {
          totalCount: all.length,
          pageInfo: {
            hasNextPage: start + size < all.length,
            hasPreviousPage: start > 0,
            startCursor: slice.length ? cursorOf(start) : null,
            endCursor: slice.length ? cursorOf(start + slice.length - 1) : null,
          },
          nodes: slice.map((p) => ({
            number: p.number,
            url: `https://github.com/${repo.name}/pull/${p.number}`,
            title: p.title,
            body: p.body ?? '',
            isDraft: p.draft,
            state: stateOf(p),
            merged: p.merged,
            closedAt: p.closedAt,
            createdAt: p.createdAt,
            updatedAt: p.updatedAt,
            author: { __typename: 'User', login: p.author },
            headRefName: p.headRef,
            headRefOid: p.headSha,
            headRepository: asRepository(p.headRepo),
            baseRefName: p.baseRef,
            baseRepository: asRepository(repo.name),
          })),
        };
      },
    };
  }
}

function validation(resource: string, field: string, code: string, message: string) {
  return { message: 'Validation Failed', errors: [{ resource, field, code, message }], documentation_url: DOCS, status: '422' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
