import { graphql } from '@octokit/graphql';
import { logger } from '../../logger.ts';
import { InstallationTokens, type GitHubAppCredentials } from './app-auth.ts';
import { OPEN_PULL_REQUESTS_QUERY, pullRequestFromGraphQl, pullRequestFromRest, type OpenPullRequestsPage } from './pull-requests.ts';
import {
  GitHubError,
  GitHubRateLimited,
  type CheckRunInput,
  type CommitStatusInput,
  type GitHubClient,
  type GitHubErrorKind,
  type IssueComment,
  type PullRequestSnapshot,
} from './types.ts';

export const GITHUB_DEFAULT_API_URL = 'https://api.github.com';

export interface GitHubClientOptions {
  /** REST root (GITHUB_API_URL); GraphQL is `<root>/graphql`, or `/api/graphql` for GitHub Enterprise's `/api/v3`. */
  apiUrl?: string;
  /** A personal access token (GITHUB_ACCESS_TOKEN); without one, the app installation's token is used. */
  token?: string | null;
  /** GitHub App settings: needed for check runs, and enough for everything else. */
  app?: GitHubAppCredentials | null;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Tries of one call on 5xx or network errors, the first included; default 4. */
  maxAttempts?: number;
  /** First backoff, doubled at each retry; default 1 s. */
  retryBaseDelayMs?: number;
  /** Longest wait between tries; default 30 s. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
  /** How a wait between tries is spent (tests record it and return at once). */
  delay?: (ms: number) => Promise<void>;
  now?: () => number;
  userAgent?: string;
}

type Auth = 'default' | 'installation' | 'app-jwt';
type Method = 'GET' | 'POST' | 'PATCH';

interface RequestOptions {
  body?: unknown;
  auth?: Auth;
  accept?: string;
  /** Statuses that are answers rather than errors (e.g. 404 for "not a member"). */
  expect?: number[];
  /** Off for creations that a lost answer could duplicate. */
  retry?: boolean;
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

// GitHub's documented advice for a secondary rate limit without a Retry-After header.
const SECONDARY_LIMIT_WAIT_MS = 60_000;
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** GitHub over REST (fetch) and GraphQL (@octokit/graphql), with typed errors and bounded retries. */
export class GitHubRestClient implements GitHubClient {
  private readonly apiUrl: string;
  private readonly opts: Required<Omit<GitHubClientOptions, 'token' | 'app' | 'apiUrl'>>;
  private readonly token: string | null;
  private readonly installation: InstallationTokens | null;
  private viewer: Promise<string> | null = null;

  constructor(options: GitHubClientOptions) {
    // Credentials stay out of `opts`, which is spread and could be logged.
    const { token, app, apiUrl, ...tuning } = options;
    this.apiUrl = (apiUrl || GITHUB_DEFAULT_API_URL).replace(/\/+$/, '');
    this.opts = {
      timeoutMs: 30_000,
      maxAttempts: 4,
      retryBaseDelayMs: 1000,
      maxRetryDelayMs: 30_000,
      fetch: globalThis.fetch,
      delay: sleep,
      now: Date.now,
      userAgent: 'instance-manager',
      ...stripUndefined(tuning),
    };
    this.token = token || null;
    this.installation = app ? new InstallationTokens(app, (jwt, id) => this.fetchInstallationToken(jwt, id), this.opts.now) : null;
    if (!this.token && !this.installation) throw new GitHubError('not-configured', null, 'GitHub needs GITHUB_ACCESS_TOKEN or the GitHub App settings');
  }

  viewerLogin(): Promise<string> {
    this.viewer ??= (async () => {
      if (this.token) return String((await this.request('GET', '/user')).body.login);
      const app = await this.request('GET', '/app', { auth: 'app-jwt' });
      return `${app.body.slug}[bot]`;
    })().catch((e) => {
      this.viewer = null;
      throw e;
    });
    return this.viewer;
  }

  async getPullRequest(repo: string, number: number): Promise<PullRequestSnapshot> {
    const { body } = await this.request('GET', `/repos/${repoPath(repo)}/pulls/${checkNumber(number)}`);
    return pullRequestFromRest(body);
  }

  async listOpenPullRequests(repo: string): Promise<PullRequestSnapshot[]> {
    const [owner, name] = splitRepo(repo);
    const out: PullRequestSnapshot[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: OpenPullRequestsPage = await this.graphqlQuery<OpenPullRequestsPage>(OPEN_PULL_REQUESTS_QUERY, { owner, name, cursor });
      if (!data.repository) throw new GitHubError('not-found', null, `Repository ${repo} not found`, 'POST /graphql OpenPullRequests');
      const { nodes, pageInfo } = data.repository.pullRequests;
      for (const node of nodes) if (node) out.push(pullRequestFromGraphQl(repo, node));
      if (!pageInfo.hasNextPage || !pageInfo.endCursor) return out;
      cursor = pageInfo.endCursor;
    }
    throw new GitHubError('invalid', null, `More than ${MAX_PAGES * PAGE_SIZE} open pull requests in ${repo}`, 'POST /graphql OpenPullRequests');
  }

  async resolveRef(repo: string, ref: string): Promise<string> {
    if (!ref) throw new GitHubError('invalid', null, 'An empty ref names no commit');
    const { body } = await this.request('GET', `/repos/${repoPath(repo)}/commits/${encodeURIComponent(ref)}`, {
      accept: 'application/vnd.github.sha',
      expect: [422],
    });
    const sha = typeof body === 'string' ? body.trim() : '';
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new GitHubError('not-found', 422, `No commit found for ${ref} in ${repo}`, `GET /repos/${repo}/commits/{ref}`);
    return sha;
  }

  async setCommitStatus(repo: string, sha: string, status: CommitStatusInput): Promise<void> {
    await this.request('POST', `/repos/${repoPath(repo)}/statuses/${checkSha(sha)}`, {
      body: { state: status.state, description: status.description.slice(0, 140), context: status.context, target_url: status.targetUrl ?? undefined },
    });
  }

  async createCheckRun(repo: string, run: CheckRunInput): Promise<number> {
    this.needApp('check runs');
    const { body } = await this.request('POST', `/repos/${repoPath(repo)}/check-runs`, {
      auth: 'installation',
      body: { head_sha: checkSha(run.headSha), ...checkRunBody(run) },
    });
    return Number(body.id);
  }

  async updateCheckRun(repo: string, id: number, run: Partial<Omit<CheckRunInput, 'headSha'>>): Promise<void> {
    this.needApp('check runs');
    await this.request('PATCH', `/repos/${repoPath(repo)}/check-runs/${checkNumber(id)}`, { auth: 'installation', body: checkRunBody(run) });
  }

  async listIssueComments(repo: string, number: number): Promise<IssueComment[]> {
    const items = await this.paginate(`/repos/${repoPath(repo)}/issues/${checkNumber(number)}/comments`);
    return items.map(commentFrom);
  }

  async createIssueComment(repo: string, number: number, body: string): Promise<IssueComment> {
    const answer = await this.request('POST', `/repos/${repoPath(repo)}/issues/${checkNumber(number)}/comments`, { body: { body }, retry: false });
    return commentFrom(answer.body);
  }

  async updateIssueComment(repo: string, commentId: number, body: string): Promise<IssueComment> {
    const answer = await this.request('PATCH', `/repos/${repoPath(repo)}/issues/comments/${checkNumber(commentId)}`, { body: { body } });
    return commentFrom(answer.body);
  }

  async upsertMarkedComment(
    repo: string,
    number: number,
    marker: string,
    body: string,
    knownId?: number | null,
  ): Promise<{ comment: IssueComment; created: boolean }> {
    if (!body.startsWith(marker)) throw new GitHubError('invalid', null, 'The comment must start with its marker, or it could not be found again');
    if (knownId) {
      try {
        return { comment: await this.updateIssueComment(repo, knownId, body), created: false };
      } catch (e) {
        // Someone deleted it: look again, then create.
        if (!(e instanceof GitHubError && e.kind === 'not-found')) throw e;
      }
    }
    const me = (await this.viewerLogin()).toLowerCase();
    // A creation whose answer was lost may still have happened: look before every try.
    for (let attempt = 1; ; attempt++) {
      const ours = (await this.listIssueComments(repo, number)).find((c) => c.authorLogin.toLowerCase() === me && c.body.startsWith(marker));
      if (ours) return { comment: ours.body === body ? ours : await this.updateIssueComment(repo, ours.id, body), created: false };
      try {
        return { comment: await this.createIssueComment(repo, number, body), created: true };
      } catch (e) {
        if (!(e instanceof GitHubError && (e.kind === 'server' || e.kind === 'network')) || attempt >= this.opts.maxAttempts) throw e;
        await this.opts.delay(this.backoff(attempt));
      }
    }
  }

  async isOrganizationMember(org: string, login: string): Promise<boolean> {
    const path = `/orgs/${encodeURIComponent(org)}/members/${encodeURIComponent(login)}`;
    const answer = await this.request('GET', path, { expect: [204, 302, 404] });
    if (answer.status === 204) return true;
    if (answer.status === 404) return false;
    // GitHub answers 302 when we are not a member ourselves: only public membership is visible then.
    const pub = await this.request('GET', `/orgs/${encodeURIComponent(org)}/public_members/${encodeURIComponent(login)}`, { expect: [204, 404] });
    return pub.status === 204;
  }

  async userPublicKeys(login: string): Promise<string[]> {
    const items = await this.paginate(`/users/${encodeURIComponent(login)}/keys`);
    return items.map((k) => String(k?.key ?? '')).filter(Boolean);
  }

  // -------------------------------------------------------------------------------------------

  private needApp(what: string): void {
    if (!this.installation)
      throw new GitHubError(
        'not-configured',
        null,
        `GitHub takes ${what} from GitHub Apps only: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID`,
      );
  }

  private async fetchInstallationToken(jwt: string, installationId: string): Promise<{ token: string; expiresAt: Date }> {
    const { body } = await this.send('POST', `/app/installations/${encodeURIComponent(installationId)}/access_tokens`, { auth: 'app-jwt' }, `Bearer ${jwt}`);
    if (typeof body?.token !== 'string')
      throw new GitHubError('server', null, 'GitHub sent no installation token', 'POST /app/installations/{id}/access_tokens');
    const expiresAt = new Date(String(body.expires_at));
    return { token: body.token, expiresAt: Number.isNaN(expiresAt.getTime()) ? new Date(this.opts.now() + 50 * 60_000) : expiresAt };
  }

  private async authorization(auth: Auth): Promise<{ header: string; token: string | null }> {
    if (auth === 'app-jwt') {
      this.needApp('app calls');
      return { header: `Bearer ${this.installation!.jwt()}`, token: null };
    }
    if (auth === 'default' && this.token) return { header: `token ${this.token}`, token: null };
    const token = await this.installation!.token();
    return { header: `token ${token}`, token };
  }

  private async request(method: Method, path: string, options: RequestOptions = {}): Promise<Answer> {
    const auth = options.auth ?? 'default';
    const { header, token } = await this.authorization(auth);
    try {
      return await this.send(method, path, options, header);
    } catch (e) {
      // A revoked or rotated installation token: one more try with a fresh one.
      if (!(e instanceof GitHubError && e.kind === 'auth' && token)) throw e;
      this.installation!.invalidate(token);
      return this.send(method, path, options, (await this.authorization(auth)).header);
    }
  }

  private backoff(retry: number): number {
    return Math.min(this.opts.maxRetryDelayMs, this.opts.retryBaseDelayMs * 2 ** (retry - 1));
  }

  /** One call: 5xx and network errors retried with backoff (unless `retry` is off); rate limits thrown at once. */
  private async send(method: Method, path: string, options: RequestOptions, authorization: string): Promise<Answer> {
    const request = `${method} ${describePath(path)}`;
    const attempts = options.retry === false ? 1 : this.opts.maxAttempts;
    let last: GitHubError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        logger.warn('GitHub call failed, retrying', { request, status: last?.status, attempt, waitMs: this.backoff(attempt - 1) });
        await this.opts.delay(this.backoff(attempt - 1));
      }
      let res: Response;
      let text: string;
      try {
        res = await this.opts.fetch(this.apiUrl + path, {
          method,
          redirect: 'manual',
          headers: {
            Authorization: authorization,
            Accept: options.accept ?? 'application/vnd.github+json',
            'X-GitHub-Api-Version': '2022-11-28',
            'User-Agent': this.opts.userAgent,
            ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        last = new GitHubError('network', null, this.redact(describeFetchError(e, this.opts.timeoutMs)), request);
        continue;
      }
      const body = parseBody(text, res.headers.get('content-type'));
      if ((res.status >= 200 && res.status < 300) || options.expect?.includes(res.status)) return { status: res.status, headers: res.headers, body };
      const message = this.redact(githubMessage(body, res.statusText));
      const resetAt = rateLimitReset(res.status, res.headers, message, this.opts.now());
      if (resetAt) throw new GitHubRateLimited(resetAt, res.status, message, request);
      last = new GitHubError(kindOf(res.status), res.status, message, request);
      if (!last.transient) throw last;
    }
    if (attempts === 1) throw last!;
    throw new GitHubError(last!.kind, last!.status, `${last!.detail} (gave up after ${attempts} attempts)`, request);
  }

  /** Every item of a REST listing, following `Link: rel="next"` on GitHub's own host only. */
  private async paginate(path: string): Promise<any[]> {
    const items: any[] = [];
    let next: string | null = `${path}${path.includes('?') ? '&' : '?'}per_page=${PAGE_SIZE}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer = await this.request('GET', next);
      if (!Array.isArray(answer.body))
        throw new GitHubError('server', answer.status, 'GitHub sent a listing that is not a JSON array', `GET ${describePath(path)}`);
      items.push(...answer.body);
      next = nextPage(answer.headers.get('link'), this.apiUrl);
    }
    return items;
  }

  private async graphqlQuery<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const request = 'POST /graphql';
    let last: GitHubError | null = null;
    let refreshedToken = false;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      if (attempt > 1 && !refreshedToken) {
        logger.warn('GitHub call failed, retrying', { request, status: last?.status, attempt, waitMs: this.backoff(attempt - 1) });
        await this.opts.delay(this.backoff(attempt - 1));
      }
      const { header, token } = await this.authorization('default');
      try {
        return await graphql<T>(query, {
          ...variables,
          baseUrl: this.apiUrl,
          headers: { authorization: header, 'user-agent': this.opts.userAgent },
          request: { fetch: this.opts.fetch, signal: AbortSignal.timeout(this.opts.timeoutMs) },
        });
      } catch (e) {
        const error = this.graphqlError(e, request);
        // A revoked or rotated installation token: one more try with a fresh one, as over REST.
        if (error.kind === 'auth' && token && !refreshedToken) {
          this.installation!.invalidate(token);
          refreshedToken = true;
          last = error;
          continue;
        }
        refreshedToken = false;
        if (!error.transient || error instanceof GitHubRateLimited) throw error;
        last = error;
      }
    }
    throw new GitHubError(last!.kind, last!.status, `${last!.detail} (gave up after ${this.opts.maxAttempts} attempts)`, request);
  }

  /** Octokit's errors as ours, without the request it carries (its headers hold the token). */
  private graphqlError(e: unknown, request: string): GitHubError {
    const err = e as { name?: string; status?: number; message?: string; errors?: { type?: string; message?: string }[]; headers?: any; response?: any };
    if (err?.name === 'GraphqlResponseError') {
      const first = err.errors?.[0];
      const message = this.redact(first?.message ?? 'GraphQL error');
      if (err.errors?.some((x) => x.type === 'RATE_LIMITED')) {
        const headers = new Headers(err.headers ?? {});
        const resetAt = rateLimitReset(403, headers, 'rate limit', this.opts.now())!;
        return new GitHubRateLimited(resetAt, 200, message, request);
      }
      return new GitHubError(first?.type === 'NOT_FOUND' ? 'not-found' : 'invalid', 200, message, request);
    }
    if (err?.name === 'AbortError' || err?.name === 'TimeoutError')
      return new GitHubError('network', null, `no answer within ${this.opts.timeoutMs} ms`, request);
    if (err?.name === 'HttpError' && typeof err.status === 'number') {
      const headers = new Headers(err.response?.headers ?? {});
      const message = this.redact(err.response ? githubMessage(err.response.data, '') || String(err.message ?? '') : String(err.message ?? ''));
      // Octokit reports a network failure as a 500 without a response.
      if (!err.response) return new GitHubError('network', null, message, request);
      const resetAt = rateLimitReset(err.status, headers, message, this.opts.now());
      if (resetAt) return new GitHubRateLimited(resetAt, err.status, message, request);
      return new GitHubError(kindOf(err.status), err.status, message, request);
    }
    return new GitHubError('network', null, this.redact(String(err?.message ?? e)), request);
  }

  /** GitHub may echo what it was sent; no token reaches a log line or a stored error. */
  private redact(text: string): string {
    let out = text;
    if (this.token) out = out.split(this.token).join('[redacted]');
    return out.replace(/\b(gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,}|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g, '[redacted]');
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function splitRepo(repo: string): [string, string] {
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new GitHubError('invalid', null, `A repository is named owner/repo, not ${repo}`);
  return [parts[0], parts[1]];
}

function repoPath(repo: string): string {
  return splitRepo(repo).map(encodeURIComponent).join('/');
}

function checkNumber(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new GitHubError('invalid', null, `${n} is not a GitHub number`);
  return n;
}

function checkSha(sha: string): string {
  if (!/^[0-9a-f]{40}$/i.test(sha)) throw new GitHubError('invalid', null, `${sha.slice(0, 50)} is not a commit SHA`);
  return sha;
}

/** The request line without ids that vary (kept short and free of anything secret). */
function describePath(path: string): string {
  return path.replace(/\?.*$/, '').replace(/\/[0-9a-f]{40}(?=\/|$)/i, '/{sha}');
}

function checkRunBody(run: Partial<CheckRunInput>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (run.name !== undefined) body.name = run.name;
  if (run.status !== undefined) body.status = run.status;
  if (run.conclusion !== undefined) body.conclusion = run.conclusion;
  if (run.detailsUrl) body.details_url = run.detailsUrl;
  if (run.externalId) body.external_id = run.externalId;
  if (run.title !== undefined || run.summary !== undefined) body.output = { title: run.title ?? '', summary: run.summary ?? '' };
  return body;
}

function commentFrom(c: any): IssueComment {
  return { id: Number(c?.id), body: String(c?.body ?? ''), authorLogin: String(c?.user?.login ?? ''), url: String(c?.html_url ?? '') };
}

function kindOf(status: number): GitHubErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status >= 500) return 'server';
  return 'invalid';
}

/**
 * When a 403 or 429 is a rate limit, the time it lifts: `Retry-After` (secondary limits),
 * else `x-ratelimit-reset` once `x-ratelimit-remaining` is 0 (primary), else a minute when the
 * message says so. Null for other refusals.
 */
export function rateLimitReset(status: number, headers: Headers, message: string, now: number): Date | null {
  if (status !== 403 && status !== 429) return null;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return new Date(now + Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return new Date(Math.max(now, at));
  }
  const reset = headers.get('x-ratelimit-reset');
  if (headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)) return new Date(Number(reset) * 1000);
  if (status === 429 || /rate limit/i.test(message)) return new Date(now + SECONDARY_LIMIT_WAIT_MS);
  return null;
}

/** The path (below `apiUrl`) of the `rel="next"` page of a `Link` header, or null; never another host. */
export function nextPage(link: string | null, apiUrl: string): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    const url = new URL(m[1], apiUrl);
    const root = new URL(apiUrl);
    const base = root.pathname.replace(/\/$/, '');
    // The token goes with the next request: never to another host or outside the API.
    if (url.origin !== root.origin || (base && !url.pathname.startsWith(`${base}/`))) return null;
    return url.pathname.slice(base.length) + url.search;
  }
  return null;
}

function parseBody(text: string, contentType: string | null): any {
  if (!text) return undefined;
  // A SHA in a text/plain body would parse as a JSON number.
  if (contentType && !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** GitHub's error body `{message, errors?, documentation_url}` as one line. */
function githubMessage(body: any, statusText: string): string {
  if (body && typeof body === 'object' && typeof body.message === 'string') {
    const details = Array.isArray(body.errors)
      ? body.errors
          .map((e: any) => (typeof e === 'string' ? e : [e?.resource, e?.field, e?.code, e?.message].filter(Boolean).join(' ')))
          .filter(Boolean)
          .join('; ')
      : '';
    return `${body.message}${details ? ` [${details}]` : ''}`;
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
