import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_COMMENT_MARKER } from '../../server/src/domain/pr-sandbox.ts';
import {
  CachedMembership,
  GitHubError,
  GitHubRateLimited,
  GitHubRestClient,
  parseWebhookHeaders,
  pullRequestFromRest,
  verifyWebhookSignature,
  webhookDisposition,
  type GitHubClientOptions,
} from '../../server/src/integrations/github/index.ts';
import { FakeGitHub } from '../fakes/github/index.ts';
import { pullRequestPayload, sendWebhook } from '../fakes/github/webhooks.ts';

// Our real client against a fake speaking GitHub's REST and GraphQL over HTTP. Waits between
// tries are recorded instead of slept.
const TOKEN = 'ghp_FakePersonalToken0123456789abcdefABCD';
const OTHER_TOKEN = 'ghp_SomeoneElse0123456789abcdefABCDEFGH';
const REPO = 'openedx/edx-platform';
const SHA = '1111111111111111111111111111111111111111';
const APP = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const WRONG_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const github = new FakeGitHub();

beforeAll(async () => {
  await github.start();
  github.tokens.set(TOKEN, 'im-bot');
  github.tokens.set(OTHER_TOKEN, 'someone-else');
  github.setApp({ id: '4242', slug: 'instance-manager', publicKeyPem: APP.publicKey, installations: ['77'] });
  const repo = github.addRepo(REPO);
  repo.refs.set('master', SHA);
  repo.refs.set('open-release/redwood.master', '2222222222222222222222222222222222222222');
  repo.refs.set('feature/with-slash', '3333333333333333333333333333333333333333');
  github.addPull(REPO, {
    number: 7,
    title: 'Allow hiding the discussion tab',
    body: '**Settings**\r\n```yaml\r\nA: 1\r\n```\r\n',
    author: 'alice',
    headRepo: 'open-craft/edx-platform',
    headRef: 'alice/hide',
    headSha: SHA,
  });
  github.addMember('open-craft', 'alice');
  github.addMember('open-craft', 'im-bot');
  github.addMember('open-craft', 'bob', { public: true });
  github.addMember('open-craft', 'carol');
});
afterAll(() => github.stop());
afterEach(() => {
  github.clearFaults();
  github.requests.length = 0;
  github.installationTokenTtlMs = 60 * 60_000;
});

function client(options: Partial<GitHubClientOptions> = {}) {
  const waits: number[] = [];
  const gh = new GitHubRestClient({ apiUrl: github.url, token: TOKEN, delay: async (ms) => void waits.push(ms), ...options });
  return { gh, waits };
}

const app = { appId: '4242', privateKey: APP.privateKey, installationId: '77' };

async function failure<T extends Error = GitHubError>(promise: Promise<unknown>): Promise<T> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(GitHubError);
  return outcome as T;
}

function expectNoSecret(error: unknown, ...secrets: string[]) {
  const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('GitHub REST calls', () => {
  it('sets a commit status on the head SHA', async () => {
    const { gh } = client();
    await gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'queued, position 2', context: 'sandbox', targetUrl: 'https://im.example.com/d/1' });
    const status = github.repo(REPO)!.statuses.at(-1)!;
    expect(status).toMatchObject({
      sha: SHA,
      state: 'pending',
      description: 'queued, position 2',
      context: 'sandbox',
      targetUrl: 'https://im.example.com/d/1',
      creator: 'im-bot',
    });
    expect(github.requestsTo('POST', /statuses/)[0]).toMatchObject({ path: `/repos/${REPO}/statuses/${SHA}`, auth: 'token', status: 201 });
  });

  it('resolves branches, tags with slashes and short SHAs, and reports unknown refs as not found', async () => {
    const { gh } = client();
    expect(await gh.resolveRef(REPO, 'master')).toBe(SHA);
    expect(await gh.resolveRef(REPO, 'open-release/redwood.master')).toBe('2222222222222222222222222222222222222222');
    expect(await gh.resolveRef(REPO, 'feature/with-slash')).toBe('3333333333333333333333333333333333333333');
    expect(await gh.resolveRef(REPO, '3333333')).toBe('3333333333333333333333333333333333333333');
    const missing = await failure(gh.resolveRef(REPO, 'no-such-branch'));
    expect(missing.kind).toBe('not-found');
    expect((await failure(gh.resolveRef('openedx/nothing', 'master'))).kind).toBe('not-found');
  });

  it('reads a pull request into the snapshot the handler uses', async () => {
    const { gh } = client();
    const pr = await gh.getPullRequest(REPO, 7);
    expect(pr).toEqual({
      repo: REPO,
      number: 7,
      url: `https://github.com/${REPO}/pull/7`,
      title: 'Allow hiding the discussion tab',
      body: '**Settings**\r\n```yaml\r\nA: 1\r\n```\r\n',
      authorLogin: 'alice',
      state: 'OPEN',
      draft: false,
      headRepo: 'open-craft/edx-platform',
      headRef: 'alice/hide',
      headSha: SHA,
      baseRef: 'master',
      closedAt: null,
      updatedAt: expect.any(String),
    });
    expect((await failure(gh.getPullRequest(REPO, 999))).kind).toBe('not-found');
  });

  it('tells members from non-members, and falls back to public membership when GitHub hides the rest', async () => {
    const { gh } = client();
    expect(await gh.isOrganizationMember('open-craft', 'alice')).toBe(true);
    expect(await gh.isOrganizationMember('open-craft', 'mallory')).toBe(false);
    const outsider = client({ token: OTHER_TOKEN }).gh;
    expect(await outsider.isOrganizationMember('open-craft', 'bob')).toBe(true);
    expect(await outsider.isOrganizationMember('open-craft', 'carol')).toBe(false);
    expect(github.requestsTo('GET', /public_members/).map((r) => r.path)).toEqual([
      '/orgs/open-craft/public_members/bob',
      '/orgs/open-craft/public_members/carol',
    ]);
  });

  it('caches membership for ten minutes', async () => {
    const { gh } = client();
    let now = 0;
    const cache = new CachedMembership(gh, () => now);
    expect(await Promise.all([cache.isMember('open-craft', 'alice'), cache.isMember('Open-Craft', 'Alice')])).toEqual([true, true]);
    now += 9 * 60_000;
    expect(await cache.isMember('open-craft', 'alice')).toBe(true);
    expect(github.requestsTo('GET', /\/members\/alice/i)).toHaveLength(1);
    now += 2 * 60_000;
    await cache.isMember('open-craft', 'alice');
    expect(github.requestsTo('GET', /\/members\/alice/i)).toHaveLength(2);
  });

  it("lists a user's public keys across pages, and a missing user is not found", async () => {
    github.userKeys.set(
      'alice',
      Array.from({ length: 130 }, (_, i) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${i} alice`),
    );
    const { gh } = client();
    const keys = await gh.userPublicKeys('alice');
    expect(keys).toHaveLength(130);
    expect(keys[129]).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI129 alice');
    expect(github.requestsTo('GET', /\/users\/alice\/keys/).map((r) => r.query)).toEqual(['?per_page=100', '?per_page=100&page=2']);
    expect((await failure(gh.userPublicKeys('nobody'))).kind).toBe('not-found');
  });
});

describe('the sandbox comment', () => {
  it('is created once and edited in place on the next report', async () => {
    github.addPull(REPO, { number: 21 });
    const { gh } = client();
    const first = await gh.upsertMarkedComment(REPO, 21, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nStatus: queued`);
    expect(first.created).toBe(true);
    // Without the stored id (a crash before it was saved), the comment is found by its marker.
    const second = await gh.upsertMarkedComment(REPO, 21, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nStatus: ready`);
    expect(second).toMatchObject({ created: false, comment: { id: first.comment.id } });
    const third = await gh.upsertMarkedComment(REPO, 21, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nStatus: failed`, first.comment.id);
    expect(third.created).toBe(false);
    expect(github.commentsOn(REPO, 21).map((c) => c.body)).toEqual([`${SANDBOX_COMMENT_MARKER}\nStatus: failed`]);
  });

  it("ignores someone else's comment that quotes the marker, and recreates a deleted comment", async () => {
    github.addPull(REPO, { number: 22 });
    await client({ token: OTHER_TOKEN }).gh.createIssueComment(REPO, 22, `${SANDBOX_COMMENT_MARKER}\nI copied your marker`);
    const { gh } = client();
    const ours = await gh.upsertMarkedComment(REPO, 22, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nStatus: queued`);
    expect(ours.created).toBe(true);
    github.comments.delete(ours.comment.id);
    const again = await gh.upsertMarkedComment(REPO, 22, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nStatus: ready`, ours.comment.id);
    expect(again.created).toBe(true);
    expect(github.commentsOn(REPO, 22).map((c) => [c.user, c.body.split('\n')[1]])).toEqual([
      ['someone-else', 'I copied your marker'],
      ['im-bot', 'Status: ready'],
    ]);
  });

  it('finds its comment beyond the first page of a busy PR', async () => {
    github.addPull(REPO, { number: 23 });
    const { gh } = client();
    const ours = await gh.upsertMarkedComment(REPO, 23, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nv1`);
    const other = client({ token: OTHER_TOKEN }).gh;
    for (let i = 0; i < 105; i++) await other.createIssueComment(REPO, 23, `comment ${i}`);
    // Move ours to the end: the listing is oldest first.
    const mine = github.comments.get(ours.comment.id)!;
    github.comments.delete(mine.id);
    github.comments.set(mine.id, mine);
    const again = await gh.upsertMarkedComment(REPO, 23, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nv2`);
    expect(again).toMatchObject({ created: false, comment: { id: ours.comment.id, body: `${SANDBOX_COMMENT_MARKER}\nv2` } });
  });

  it('retries a creation that met a 502 without making two comments', async () => {
    github.addPull(REPO, { number: 24 });
    const { gh, waits } = client();
    github.failNext(1, 502, { path: /\/issues\/24\/comments$/, method: 'POST' });
    const made = await gh.upsertMarkedComment(REPO, 24, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nx`);
    expect(made.created).toBe(true);
    expect(waits).toEqual([1000]);
    expect(github.requestsTo('POST', /\/issues\/24\/comments$/).map((r) => r.status)).toEqual([502, 201]);
    expect(github.commentsOn(REPO, 24)).toHaveLength(1);
  });

  it('finds the comment a lost answer created instead of creating a second one', async () => {
    github.addPull(REPO, { number: 25 });
    const { gh } = client();
    github.failNext(1, 502, { path: /\/issues\/25\/comments$/, method: 'POST', afterApplying: true });
    const made = await gh.upsertMarkedComment(REPO, 25, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nqueued`);
    expect(made.created).toBe(false);
    expect(github.commentsOn(REPO, 25).map((c) => c.body)).toEqual([`${SANDBOX_COMMENT_MARKER}\nqueued`]);
    expect(github.requestsTo('POST', /\/issues\/25\/comments$/)).toHaveLength(1);
  });
});

describe('listing open pull requests (GraphQL)', () => {
  it('walks pages of 100 with cursors and returns every open PR once', async () => {
    const repo = 'big/edx-platform';
    for (let n = 1; n <= 250; n++) github.addPull(repo, { number: n, author: `author${n}`, draft: n === 5 });
    github.addPull(repo, { number: 251, state: 'closed', closedAt: '2026-02-01T00:00:00Z' });
    github.addPull(repo, { number: 252, state: 'closed', merged: true, closedAt: '2026-02-01T00:00:00Z' });
    const { gh } = client();
    const prs = await gh.listOpenPullRequests(repo);
    expect(prs.map((p) => p.number)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(prs[4]).toMatchObject({ number: 5, draft: true, state: 'OPEN', authorLogin: 'author5', repo, headRepo: repo, baseRef: 'master' });
    const calls = github.requestsTo('POST', /^\/graphql$/);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.body.variables.cursor ?? null)).toEqual([null, expect.any(String), expect.any(String)]);
    expect(calls.every((c) => c.auth === 'token' && c.status === 200)).toBe(true);
  });

  it('reports a repository GitHub does not know as not found', async () => {
    const { gh } = client();
    const error = await failure(gh.listOpenPullRequests('nobody/nothing'));
    expect(error.kind).toBe('not-found');
    expect(error.detail).toMatch(/Could not resolve to a Repository/);
  });

  it('retries a 502 and a network refusal, then gives up with a typed error', async () => {
    github.addPull('retry/edx-platform', { number: 1 });
    const { gh, waits } = client();
    github.failNext(2, 502, { path: /^\/graphql$/ });
    expect((await gh.listOpenPullRequests('retry/edx-platform')).map((p) => p.number)).toEqual([1]);
    expect(waits).toEqual([1000, 2000]);
    github.failNext(10, 503, { path: /^\/graphql$/ });
    const error = await failure(gh.listOpenPullRequests('retry/edx-platform'));
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect(error.detail).toMatch(/gave up after 4 attempts/);
  });

  it('types a rate limit with its reset time and does not retry it', async () => {
    github.addPull('limited/edx-platform', { number: 1 });
    const reset = Math.floor(Date.now() / 1000) + 1800;
    github.rateLimitNext(1, { resetEpochSeconds: reset, path: /^\/graphql$/ });
    const { gh, waits } = client();
    const error = await failure<GitHubRateLimited>(gh.listOpenPullRequests('limited/edx-platform'));
    expect(error).toBeInstanceOf(GitHubRateLimited);
    expect(error.resetAt.getTime()).toBe(reset * 1000);
    expect(waits).toEqual([]);
    expectNoSecret(error, TOKEN);
  });
});

describe('failures', () => {
  it('retries a 502 with bounded backoff', async () => {
    const { gh, waits } = client();
    github.failNext(2, 502);
    await gh.setCommitStatus(REPO, SHA, { state: 'success', description: 'sandbox is up', context: 'sandbox' });
    expect(waits).toEqual([1000, 2000]);
    expect(github.requestsTo('POST', /statuses/).map((r) => r.status)).toEqual([502, 502, 201]);

    waits.length = 0;
    github.failNext(10, 502);
    const error = await failure(gh.setCommitStatus(REPO, SHA, { state: 'success', description: 'x', context: 'sandbox' }));
    expect(error).toMatchObject({ kind: 'server', status: 502, transient: true });
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('types a primary rate limit with the reset of x-ratelimit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    github.rateLimitNext(1, { resetEpochSeconds: reset });
    const { gh, waits } = client();
    const error = await failure<GitHubRateLimited>(gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'x', context: 'sandbox' }));
    expect(error).toBeInstanceOf(GitHubRateLimited);
    expect(error).toMatchObject({ kind: 'rate-limited', status: 403 });
    expect(error.resetAt.toISOString()).toBe(new Date(reset * 1000).toISOString());
    expect(waits).toEqual([]);
    expect(github.requestsTo('POST', /statuses/)).toHaveLength(1);
  });

  it('types a secondary rate limit (429 with retry-after) from the retry-after delay', async () => {
    github.rateLimitNext(1, { retryAfterSeconds: 90, status: 429 });
    const now = Date.parse('2026-03-01T12:00:00Z');
    const { gh } = client({ now: () => now });
    const error = await failure<GitHubRateLimited>(gh.getPullRequest(REPO, 7));
    expect(error.resetAt.toISOString()).toBe('2026-03-01T12:01:30.000Z');
  });

  it('types a bad token as an authentication error that does not carry the token', async () => {
    const bad = 'ghp_RevokedToken0123456789abcdefABCDEFGH';
    const { gh, waits } = client({ token: bad });
    const error = await failure(gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'x', context: 'sandbox' }));
    expect(error).toMatchObject({ kind: 'auth', status: 401, detail: 'Bad credentials', transient: false });
    expect(waits).toEqual([]);
    expectNoSecret(error, bad);
    const graph = await failure(gh.listOpenPullRequests(REPO));
    expect(graph).toMatchObject({ kind: 'auth', status: 401 });
    expectNoSecret(graph, bad);
  });

  it('types validation refusals', async () => {
    const { gh } = client();
    const error = await failure(gh.setCommitStatus(REPO, '4'.repeat(40), { state: 'pending', description: 'x', context: 'sandbox' }));
    expect(error).toMatchObject({ kind: 'invalid', status: 422 });
    expect(error.request).toBe(`POST /repos/${REPO}/statuses/{sha}`);
  });

  it('gives up on a GitHub that never answers, after the per-request timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { gh, waits } = client({ apiUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200, maxAttempts: 2 });
      const error = await failure(gh.getPullRequest(REPO, 7));
      expect(error).toMatchObject({ kind: 'network', status: null, detail: 'no answer within 200 ms (gave up after 2 attempts)' });
      expect(waits).toEqual([1000]);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports an unreachable GitHub as a network error after its retries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { gh, waits } = client({ apiUrl: `http://127.0.0.1:${port}` });
    const error = await failure(gh.getPullRequest(REPO, 7));
    expect(error).toMatchObject({ kind: 'network', status: null });
    expect(waits).toEqual([1000, 2000, 4000]);
  });
});

describe('GitHub App authentication', () => {
  it('creates and completes a check run with an installation token, fetched once and reused', async () => {
    const { gh } = client({ token: null, app });
    const id = await gh.createCheckRun(REPO, {
      name: 'sandbox',
      headSha: SHA,
      status: 'queued',
      title: 'queued, position 1',
      summary: 'Waiting',
      detailsUrl: 'https://im.example.com/d/1',
      externalId: 'dep-1',
    });
    await gh.updateCheckRun(REPO, id, { status: 'in_progress', title: 'step 3 of 9', summary: 'Deploying' });
    await gh.updateCheckRun(REPO, id, { status: 'completed', conclusion: 'success', title: 'sandbox is up', summary: 'Ready' });
    expect(github.checkRuns.get(id)).toMatchObject({
      name: 'sandbox',
      headSha: SHA,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'sandbox is up', summary: 'Ready' },
      detailsUrl: 'https://im.example.com/d/1',
      externalId: 'dep-1',
      app: 'instance-manager[bot]',
    });
    expect(github.requestsTo('POST', /access_tokens$/)).toHaveLength(1);
    expect(github.requestsTo('POST', /access_tokens$/)[0].auth).toBe('jwt');
    expect(github.requestsTo('PATCH', /check-runs/).every((r) => r.auth === 'installation')).toBe(true);
  });

  it('fetches a new installation token when the cached one is about to expire', async () => {
    github.installationTokenTtlMs = 4 * 60_000;
    const { gh } = client({ token: null, app });
    await gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'x', context: 'sandbox' });
    await gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'y', context: 'sandbox' });
    expect(github.requestsTo('POST', /access_tokens$/)).toHaveLength(2);
  });

  it('fetches a fresh installation token once when GitHub refuses a revoked one', async () => {
    const { gh } = client({ token: null, app });
    await gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'x', context: 'sandbox' });
    github.installationTokens.clear();
    await gh.setCommitStatus(REPO, SHA, { state: 'success', description: 'y', context: 'sandbox' });
    expect(github.requestsTo('POST', /access_tokens$/)).toHaveLength(2);
    expect(github.requestsTo('POST', /statuses/).map((r) => r.status)).toEqual([201, 401, 201]);
    github.installationTokens.clear();
    expect((await gh.listOpenPullRequests(REPO)).map((p) => p.number)).toContain(7);
    expect(github.requestsTo('POST', /^\/graphql$/).map((r) => r.status)).toEqual([401, 200]);
    expect(github.requestsTo('POST', /access_tokens$/)).toHaveLength(3);
  });

  it('types an expired app JWT (a clock far behind) as an authentication error', async () => {
    const { gh } = client({ token: null, app, now: () => Date.now() - 20 * 60_000 });
    const error = await failure(gh.setCommitStatus(REPO, SHA, { state: 'pending', description: 'x', context: 'sandbox' }));
    expect(error).toMatchObject({ kind: 'auth', status: 401, request: 'POST /app/installations/77/access_tokens' });
    expect(error.detail).toMatch(/Expiration time/);
  });

  it('refuses check runs without the app settings, as GitHub does', async () => {
    const { gh } = client();
    const error = await failure(gh.createCheckRun(REPO, { name: 'sandbox', headSha: SHA, status: 'queued', title: 't', summary: 's' }));
    expect(error.kind).toBe('not-configured');
    expect(github.requests).toHaveLength(0);
  });

  it('types a JWT signed with the wrong key as an authentication error', async () => {
    const { gh } = client({ token: null, app: { ...app, privateKey: WRONG_KEY.privateKey } });
    const error = await failure(gh.createCheckRun(REPO, { name: 'sandbox', headSha: SHA, status: 'queued', title: 't', summary: 's' }));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expectNoSecret(error, WRONG_KEY.privateKey.split('\n')[1]);
  });

  it('comments as the app bot and finds that comment again', async () => {
    github.addPull(REPO, { number: 31 });
    const { gh } = client({ token: null, app });
    expect(await gh.viewerLogin()).toBe('instance-manager[bot]');
    const first = await gh.upsertMarkedComment(REPO, 31, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\na`);
    const second = await gh.upsertMarkedComment(REPO, 31, SANDBOX_COMMENT_MARKER, `${SANDBOX_COMMENT_MARKER}\nb`);
    expect([first.created, second.created, second.comment.id]).toEqual([true, false, first.comment.id]);
    expect(github.commentsOn(REPO, 31).map((c) => c.user)).toEqual(['instance-manager[bot]']);
  });

  it('refuses a private key that is not an RSA key in PEM form, without echoing it', () => {
    expect(() => new GitHubRestClient({ apiUrl: github.url, app: { ...app, privateKey: 'not a key secret-material' } })).toThrow(/GITHUB_APP_PRIVATE_KEY/);
    try {
      new GitHubRestClient({ apiUrl: github.url, app: { ...app, privateKey: 'not a key secret-material' } });
    } catch (e) {
      expectNoSecret(e, 'secret-material');
    }
  });
});

describe('webhook signatures', () => {
  const SECRET = 'webhook-secret-value';
  let receiver: Server;
  let url = '';
  const received: { verified: boolean; headers: ReturnType<typeof parseWebhookHeaders>; raw: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const headers = parseWebhookHeaders(req.headers);
        const verified = verifyWebhookSignature(SECRET, raw, headers.ok ? headers.delivery.signature : undefined);
        received.push({ verified, headers, raw: raw.toString('utf8') });
        res.writeHead(verified ? 202 : 401).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/github`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  afterEach(() => {
    received.length = 0;
  });

  it('accepts a delivery signed with the secret and reads its headers', async () => {
    const payload = pullRequestPayload(github, REPO, 7, 'opened');
    const sent = await sendWebhook(url, { event: 'pull_request', payload, secret: SECRET });
    expect(sent.status).toBe(202);
    expect(received[0].verified).toBe(true);
    expect(received[0].headers).toEqual({
      ok: true,
      delivery: { deliveryId: sent.deliveryId, event: 'pull_request', signature: expect.stringMatching(/^sha256=[0-9a-f]{64}$/) },
    });
    const body = JSON.parse(received[0].raw);
    expect(webhookDisposition('pull_request', body.action)).toBe('queue');
    expect(pullRequestFromRest(body.pull_request)).toMatchObject({
      number: 7,
      headSha: SHA,
      authorLogin: 'alice',
      state: 'OPEN',
      headRepo: 'open-craft/edx-platform',
    });
  });

  it('refuses a delivery signed with another secret, a forged signature, or none', async () => {
    const payload = pullRequestPayload(github, REPO, 7, 'synchronize');
    expect((await sendWebhook(url, { event: 'pull_request', payload, secret: 'another-secret' })).status).toBe(401);
    expect((await sendWebhook(url, { event: 'pull_request', payload, secret: SECRET, signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await sendWebhook(url, { event: 'pull_request', payload, secret: SECRET, signature: 'sha1=abc' })).status).toBe(401);
    expect((await sendWebhook(url, { event: 'pull_request', payload, secret: null })).status).toBe(401);
    expect(received.map((r) => r.verified)).toEqual([false, false, false, false]);
  });

  it('refuses a body changed after signing, and never verifies with an empty secret', () => {
    const raw = Buffer.from('{"action":"opened"}');
    const good = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
    expect(verifyWebhookSignature(SECRET, raw, good)).toBe(true);
    expect(verifyWebhookSignature(SECRET, raw, good.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(verifyWebhookSignature(SECRET, Buffer.from('{"action":"closed"}'), good)).toBe(false);
    expect(verifyWebhookSignature('', raw, `sha256=${createHmac('sha256', '').update(raw).digest('hex')}`)).toBe(false);
    expect(verifyWebhookSignature(SECRET, raw, undefined)).toBe(false);
    expect(verifyWebhookSignature(SECRET, raw, 'sha256=short')).toBe(false);
  });

  it('reads the delivery headers and what to do with each event', () => {
    expect(parseWebhookHeaders({ 'x-github-event': 'ping' })).toEqual({ ok: false, reason: 'X-GitHub-Delivery is missing' });
    expect(parseWebhookHeaders({ 'x-github-delivery': 'abc', 'x-github-event': 'Bad Event' })).toEqual({
      ok: false,
      reason: 'X-GitHub-Event is not an event name',
    });
    expect(parseWebhookHeaders(new Headers({ 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958', 'X-GitHub-Event': 'ping' }))).toEqual({
      ok: true,
      delivery: { deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958', event: 'ping', signature: null },
    });
    expect(webhookDisposition('ping', undefined)).toBe('pong');
    expect(webhookDisposition('pull_request', 'labeled')).toBe('ignore');
    expect(webhookDisposition('push', undefined)).toBe('ignore');
    for (const action of ['opened', 'reopened', 'synchronize', 'edited', 'closed', 'ready_for_review'])
      expect(webhookDisposition('pull_request', action)).toBe('queue');
  });
});
