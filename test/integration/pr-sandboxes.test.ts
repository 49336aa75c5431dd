import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { rawId, waitFor } from '../helpers/graphql.ts';
import { FakeGitHub } from '../fakes/github/index.ts';
import { pullRequestPayload, sendWebhook } from '../fakes/github/webhooks.ts';
import { reconcilePullRequests, runCleanup } from '../../server/src/jobs/pr-sandboxes.ts';
import { localCompute } from '../../server/src/compute.ts';
import { withTx } from '../../server/src/db.ts';
import { requestDispatch } from '../../server/src/jobs/deployment-dispatch.ts';
import { config, setConfig } from '../../server/src/settings.ts';
import { gitHub, setGitHub } from '../../server/src/github.ts';
import { composeGitHub } from '../../server/src/product.ts';

// The whole product (web + worker, local compute, shell recipe) against a wire-level GitHub:
// webhooks signed as GitHub signs them, our real client for statuses, comments and listings.
const TOKEN = 'ghp_PrSandboxTestToken0123456789abcdefABCD';
const SECRET = 'webhook-secret-for-tests';
const REPO = 'openedx/edx-platform';
const NEW_HEAD = 'c0ffee0000000000000000000000000000000001';

const github = new FakeGitHub();
let s: SignedInApp;
let hook: string;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function one(sql: string, params: unknown[] = []): Promise<any> {
  return (await s.db.query(sql, params)).rows[0];
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return (await s.db.query(sql, params)).rows[0].n as number;
}

/** No pr.report job waiting or running: every status asked for so far has been sent. */
const reportsSettled = () =>
  until(
    'the reports sent',
    async () => (await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'pr.report' AND state IN ('created', 'active', 'retry')`)) === 0,
  );

const prDeployments = (instanceId: string) => count(`SELECT count(*)::int AS n FROM deployment WHERE "instanceId" = $1 AND type = 'PR'`, [instanceId]);

function event(number: number, action: string, deliveryId?: string) {
  return sendWebhook(hook, { event: 'pull_request', payload: pullRequestPayload(github, REPO, number, action), secret: SECRET, deliveryId });
}

beforeAll(async () => {
  await github.start();
  github.tokens.set(TOKEN, 'im-bot');
  github.addMember('open-craft', 'alice');
  // GitHub tells only members (or anyone, for public members) who else is a member.
  github.addMember('open-craft', 'im-bot');
  github.addPull(REPO, {
    number: 7,
    title: 'Allow hiding the discussion tab please',
    author: 'alice',
    headRepo: 'alice/edx-platform',
    headRef: 'alice/hide',
    body: 'Hides the tab.\r\n\r\n**Settings**\r\n```yaml\r\nEDXAPP_FEATURES:\r\n  ALLOW_HIDING_DISCUSSION_TAB: true\r\n\r\nPR_ONLY: 1\r\n```\r\n',
  });
  github.addPull(REPO, { number: 8, title: 'Outsider change', author: 'mallory', headRepo: 'mallory/edx-platform' });
  s = await startSignedInApp({
    env: {
      GITHUB_ACCESS_TOKEN: TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: SECRET,
      WATCH_FORK: REPO,
      WATCH_ORGANIZATION: 'open-craft',
      // Long enough that only the test moves the redeploy due time.
      PR_REDEPLOY_DEBOUNCE_SECONDS: '3600',
      // The reconcile and cleanup run when the test calls them, not on a clock.
      PR_RECONCILE_SCHEDULE: '0 0 1 1 *',
      CLEANUP_SCHEDULE: '0 0 1 1 *',
    },
  });
  hook = `${s.app.url}/webhooks/github`;
}, 120_000);

afterAll(async () => {
  const servers = await s?.db.query(`SELECT id FROM server WHERE status <> 'TERMINATED'`).catch(() => null);
  for (const srv of servers?.rows ?? []) await localCompute()?.stopServices(srv);
  await s?.close();
  await github.stop();
});

describe('watched forks', () => {
  it('WATCH_FORK + WATCH_ORGANIZATION seeded one, which a superuser edits through the API', async () => {
    const listed = await s.api.request(`{ watchedForks { id fork organizationName enabled sandboxSubdomainTemplate redeployOnPush } }`);
    expect(listed.data.watchedForks).toEqual([
      expect.objectContaining({
        fork: REPO,
        organizationName: 'open-craft',
        enabled: true,
        sandboxSubdomainTemplate: 'pr{number}.sandbox',
        redeployOnPush: true,
      }),
    ]);
    const updated = await s.api.request(
      `mutation($id: ID!) { updateWatchedFork(id: $id, patch: {configurationExtraSettings: "FORK_ONLY: yes\\nPR_ONLY: 0\\n"}) {
         ... on MutationUpdateWatchedForkSuccess { data { configurationExtraSettings } } ... on Error { message } } }`,
      { id: listed.data.watchedForks[0].id },
    );
    expect(updated.data.updateWatchedFork.data.configurationExtraSettings).toContain('FORK_ONLY');
    const clash = await s.api.request(
      `mutation { createWatchedFork(input: {organization: "open-craft", fork: "other/edx-platform", sandboxSubdomainTemplate: "pr{number}.sandbox"}) {
         __typename ... on ValidationError { field message } } }`,
    );
    expect(clash.data.createWatchedFork).toMatchObject({ __typename: 'ValidationError', field: 'sandboxSubdomainTemplate' });
  });
});

describe('webhook endpoint', () => {
  it('a forged or missing signature is refused with 401 and nothing is stored or queued', async () => {
    const payload = pullRequestPayload(github, REPO, 7, 'opened');
    const forged = await sendWebhook(hook, { event: 'pull_request', payload, secret: 'not-the-secret' });
    const unsigned = await sendWebhook(hook, { event: 'pull_request', payload, secret: null });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    expect(await count(`SELECT count(*)::int AS n FROM github_delivery`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'pr.sync'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM watched_pull_request`)).toBe(0);
  });

  it('ping answers 200, other events 204', async () => {
    expect((await sendWebhook(hook, { event: 'ping', payload: { zen: 'hi' }, secret: SECRET })).status).toBe(200);
    expect((await sendWebhook(hook, { event: 'issues', payload: { action: 'opened' }, secret: SECRET })).status).toBe(204);
  });
});

describe('a qualifying pull request', () => {
  let instanceId: string;
  let prId: string;
  let deliveryId: string;

  it('opened: gets its sandbox, Running and activated, a success status and one comment with its URL', async () => {
    const sent = await event(7, 'opened');
    expect(sent.status).toBe(202);
    deliveryId = sent.deliveryId;
    const inst = await until('the sandbox', () => one(`SELECT * FROM instance WHERE "subDomain" = 'pr7.sandbox'`));
    instanceId = inst.id;
    expect(inst.name).toBe(`PR#7: Allow hiding the discussion … (alice) - alice/alice/hide (${github.repo(REPO)!.pulls.get(7)!.headSha.slice(0, 7)})`);
    expect(inst.edxPlatformRepositoryUrl).toBe('https://github.com/alice/edx-platform.git');
    expect(inst.expiresAt).not.toBeNull();
    await until('an active app server', () => one(`SELECT id FROM app_server WHERE "instanceId" = $1 AND active AND status = 'RUNNING'`, [instanceId]));
    const dep = await one(`SELECT id, type, "numAttempts", "activateOnSuccess", "headSha", status FROM deployment WHERE "instanceId" = $1`, [instanceId]);
    expect(dep).toMatchObject({ type: 'PR', numAttempts: 2, activateOnSuccess: true, status: 'HEALTHY' });
    // Layers 3 (fork) and 5 (PR block), later wins.
    const layers = (await one(`SELECT "settingsLayers" FROM app_server WHERE "instanceId" = $1`, [instanceId])).settingsLayers;
    expect(layers.fork).toContain('FORK_ONLY');
    expect(layers.pullRequest).toContain('ALLOW_HIDING_DISCUSSION_TAB');
    const statuses = () => github.repo(REPO)!.statuses.filter((x) => x.sha === dep.headSha);
    await until('a success status', async () => statuses().some((x) => x.state === 'success'));
    await reportsSettled();
    expect(statuses()[0]).toMatchObject({ state: 'pending', context: 'sandbox' });
    // The target is the console's deployment page, by the deployment's global id.
    expect(statuses().at(-1)!.targetUrl?.split('/deployments/')[1]).toBe(Buffer.from(`Deployment:${dep.id}`).toString('base64'));
    // SPEC §10.6: pending says where the deployment is, moving forward only, then success.
    const seen = statuses();
    const firstSuccess = seen.findIndex((x) => x.state === 'success');
    const pending = seen.slice(0, firstSuccess);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((x) => x.state === 'pending')).toBe(true);
    for (const p of pending) expect(p.description).toMatch(/^(queued, position \d+|step [1-9] of 9)$/);
    expect(
      pending.some((x) => /^step [1-9] of 9$/.test(x.description!)),
      pending.map((x) => x.description).join(' | '),
    ).toBe(true);
    const rank = (d: string) => (d.startsWith('queued') ? 0 : Number(/^step (\d)/.exec(d)![1]));
    const ranks = pending.map((x) => rank(x.description!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(seen.slice(firstSuccess).every((x) => x.state === 'success')).toBe(true);
    // One report queued per PR at a time: steps coalesce instead of costing a call each.
    expect(seen.length).toBeLessThanOrEqual(12);
    const comments = await until('the comment', async () => {
      const c = github.commentsOn(REPO, 7);
      return c.length && c[0].body.includes('Ready') ? c : null;
    });
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('pr7.sandbox.');
    prId = (await one(`SELECT id FROM watched_pull_request WHERE number = 7`)).id;
    // The webhook did it, not an operator nor the scheduler.
    const audited = await one(`SELECT "actorId", interface FROM audit_event WHERE action = 'createPrSandbox' AND target = $1`, [instanceId]);
    expect(audited).toEqual({ actorId: null, interface: 'github' });
  });

  it('a replayed delivery is handled once', async () => {
    const again = await event(7, 'opened', deliveryId);
    expect(again.status).toBe(200);
    expect(await count(`SELECT count(*)::int AS n FROM github_delivery WHERE "deliveryId" = $1`, [deliveryId])).toBe(1);
    expect(await prDeployments(instanceId)).toBe(1);
  });

  it('its PR-managed fields are refused in updateInstance while it is open', async () => {
    const res = await s.api.request(
      `mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Renamed"}) { __typename ... on PrManagedFieldError { field } } }`,
      { id: Buffer.from(`Instance:${instanceId}`).toString('base64') },
    );
    expect(res.data.updateInstance).toEqual({ __typename: 'PrManagedFieldError', field: 'name' });
  });

  it('pushes: the head is stored at once and one redeploy follows the burst once the debounce is over', async () => {
    const pull = github.repo(REPO)!.pulls.get(7)!;
    pull.headSha = NEW_HEAD.replace(/1$/, '0');
    expect((await event(7, 'synchronize')).status).toBe(202);
    await until('the first push', async () => (await one(`SELECT "headSha" FROM watched_pull_request WHERE id = $1`, [prId])).headSha === pull.headSha);
    pull.headSha = NEW_HEAD;
    expect((await event(7, 'synchronize')).status).toBe(202);
    const row = await until('the second push', async () => {
      const r = await one(`SELECT "headSha", "redeployDueAt" FROM watched_pull_request WHERE id = $1`, [prId]);
      return r.headSha === NEW_HEAD ? r : null;
    });
    expect(row.redeployDueAt.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect((await one(`SELECT "edxPlatformCommit" FROM instance WHERE id = $1`, [instanceId])).edxPlatformCommit).toBe(NEW_HEAD);
    expect(await prDeployments(instanceId)).toBe(1);
    // The debounce is over: the due time moves into the past, and the reconcile picks it up.
    await s.db.query(`UPDATE watched_pull_request SET "redeployDueAt" = now() - interval '1 second' WHERE id = $1`, [prId]);
    await reconcilePullRequests();
    await until('the redeploy', async () => (await prDeployments(instanceId)) === 2);
    await reconcilePullRequests();
    expect(await prDeployments(instanceId)).toBe(2);
    const newest = await one(`SELECT "headSha" FROM deployment WHERE "instanceId" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [instanceId]);
    expect(newest.headSha).toBe(NEW_HEAD);
    const redeploys = await s.db.query(`SELECT "actorId", interface FROM audit_event WHERE action = 'redeployPrSandbox' AND target = $1`, [instanceId]);
    expect(redeploys.rows).toEqual([{ actorId: null, interface: 'github' }]);
    await until(
      'the redeploy healthy',
      async () => (await one(`SELECT status FROM deployment WHERE "instanceId" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [instanceId])).status === 'HEALTHY',
    );
  });

  it('edited: the comment says the settings changed, nothing is redeployed, still one comment', async () => {
    github.repo(REPO)!.pulls.get(7)!.body = '**Settings**\n```yaml\nEDXAPP_FEATURES:\n  ALLOW_HIDING_DISCUSSION_TAB: false\n```\n';
    expect((await event(7, 'edited')).status).toBe(202);
    await until('the edited comment', async () => github.commentsOn(REPO, 7)[0]?.body.includes('Settings changed: redeploy to apply'));
    expect(github.commentsOn(REPO, 7)).toHaveLength(1);
    expect(await prDeployments(instanceId)).toBe(2);
    const pr = await s.api.request(
      `query($id: ID!) { instance(id: $id) { pullRequest { number settingsYaml settingsError settingsChangedSinceDeployment } } }`,
      {
        id: Buffer.from(`Instance:${instanceId}`).toString('base64'),
      },
    );
    expect(pr.data.instance.pullRequest).toMatchObject({ number: 7, settingsError: null, settingsChangedSinceDeployment: true });
    expect(pr.data.instance.pullRequest.settingsYaml).toContain('false');
  });

  it('closed: archived by the cleanup only after the grace period', async () => {
    const pull = github.repo(REPO)!.pulls.get(7)!;
    pull.state = 'closed';
    pull.closedAt = new Date().toISOString();
    expect((await event(7, 'closed')).status).toBe(202);
    await until('the closed state', async () => (await one(`SELECT state FROM watched_pull_request WHERE id = $1`, [prId])).state === 'CLOSED');
    expect(await runCleanup()).toBe(0);
    // Eight days later, as far as the database knows.
    await s.db.query(`UPDATE watched_pull_request SET "closedAt" = now() - interval '8 days' WHERE id = $1`, [prId]);
    expect(await runCleanup()).toBe(1);
    await until('the archive', async () => (await one(`SELECT "archivedAt" FROM instance WHERE id = $1`, [instanceId])).archivedAt);
  });
});

/** `npm run im -- …` on the app's database and data directory (same encryption key). */
function im(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    DATABASE_URL: s.app.databaseUrl,
    DATA_DIR: s.app.dataDir,
    GITHUB_ACCESS_TOKEN: TOKEN,
    GITHUB_API_URL: github.url,
    LOG_LEVEL: 'warn',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['server/src/cli/im.ts', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

describe('other pull requests', () => {
  it('im setup-pr-sandbox builds an external sandbox, and refuses a URL that names no pull request', async () => {
    github.addPull(REPO, { number: 12, title: 'From the command line', author: 'mallory', headRepo: 'mallory/edx-platform' });
    const bad = await im(['setup-pr-sandbox', 'https://example.com/not/a/pr']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/pull request URL/);
    const done = await im(['setup-pr-sandbox', `https://github.com/${REPO}/pull/12`]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/set up/);
    const inst = await one(`SELECT id FROM instance WHERE "subDomain" = 'extpr12.sandbox'`);
    expect(await prDeployments(inst.id)).toBe(1);
    await until('its deployment healthy', async () => (await one(`SELECT status FROM deployment WHERE "instanceId" = $1`, [inst.id])).status === 'HEALTHY');
  }, 60_000);

  it('an outsider’s PR gets nothing until a superuser sets it up', async () => {
    expect((await event(8, 'opened')).status).toBe(202);
    const row = await until('the recorded PR', () => one(`SELECT * FROM watched_pull_request WHERE number = 8`));
    expect(row).toMatchObject({ qualifies: false, instanceId: null });
    const sha = github.repo(REPO)!.pulls.get(8)!.headSha;
    expect(github.repo(REPO)!.statuses.filter((x) => x.sha === sha)).toEqual([]);
    expect(github.commentsOn(REPO, 8)).toEqual([]);

    const res = await s.api.request(
      `mutation($url: String!) { setupExternalPrSandbox(prUrl: $url) { __typename ... on MutationSetupExternalPrSandboxSuccess { data { id subDomain } } ... on Error { message } } }`,
      { url: `https://github.com/${REPO}/pull/8` },
    );
    expect(res.data.setupExternalPrSandbox.data.subDomain).toBe('extpr8.sandbox');
    const instanceId = rawId(res.data.setupExternalPrSandbox.data.id);
    expect(await prDeployments(instanceId)).toBe(1);
    // No fork settings for an outsider's code.
    await until('prepared', () => one(`SELECT "settingsLayers" FROM app_server WHERE "instanceId" = $1 AND "settingsLayers" IS NOT NULL`, [instanceId]));
    const layers = (await one(`SELECT "settingsLayers" FROM app_server WHERE "instanceId" = $1`, [instanceId])).settingsLayers;
    expect(layers.fork).toBeUndefined();
  });

  it('a missed webhook converges on the next reconcile', async () => {
    github.addPull(REPO, { number: 9, title: 'Nobody told us', author: 'alice', headRepo: 'alice/edx-platform' });
    // A superuser with a GitHub login is granted SSH with the keys GitHub lists for them.
    await s.db.query(`UPDATE "user" SET "githubUsername" = 'alice' WHERE username = 'admin'`);
    github.userKeys.set('alice', ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForAliceOnly alice']);
    await reconcilePullRequests();
    const inst = await until('the sandbox', () => one(`SELECT id FROM instance WHERE "subDomain" = 'pr9.sandbox'`));
    expect(await prDeployments(inst.id)).toBe(1);
    const prepared = await until('prepared', () =>
      one(`SELECT "grantedGithubLogins", "settingsLayers", "edxPlatformSha" FROM app_server WHERE "instanceId" = $1 AND "settingsLayers" IS NOT NULL`, [
        inst.id,
      ]),
    );
    expect(prepared.grantedGithubLogins).toEqual(['alice']);
    expect(prepared.settingsLayers.generated).toContain('FakeKeyForAliceOnly');
    expect(prepared.edxPlatformSha).toBe(github.repo(REPO)!.pulls.get(9)!.headSha);
    await reconcilePullRequests();
    expect(await prDeployments(inst.id)).toBe(1);
  });

  it('a rate limit pauses the GitHub jobs until the reset, and the report still arrives', async () => {
    const sha = github.repo(REPO)!.pulls.get(9)!.headSha;
    const posted = () => github.requestsTo('POST', new RegExp(`/statuses/${sha}$`));
    const before = posted().length;
    const reset = Math.ceil(Date.now() / 1000) + 3;
    github.rateLimitNext(1, { resetEpochSeconds: reset, path: new RegExp(`/statuses/${sha}$`) });
    github.repo(REPO)!.pulls.get(9)!.title = 'Nobody told us at all';
    expect((await event(9, 'edited')).status).toBe(202);
    await until('the refused status', async () =>
      posted()
        .slice(before)
        .some((r) => r.status === 403),
    );
    // The report was sent again for the reset instead of failing or spinning.
    const waiting = await until('the report queued for the reset', () =>
      one(`SELECT start_after FROM pgboss.job WHERE name = 'pr.report' AND state = 'created' AND start_after >= to_timestamp($1) - interval '1 second'`, [
        reset,
      ]),
    );
    expect(waiting.start_after.getTime()).toBeGreaterThanOrEqual((reset - 1) * 1000);
    await until(
      'the status after the reset',
      async () =>
        posted()
          .slice(before)
          .some((r) => r.status === 201),
      30_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual((reset - 1) * 1000);
  }, 60_000);

  it('MAX_PR_SANDBOXES: a PR beyond the cap gets its instance and a deployment queued as "sandbox cap reached"', async () => {
    const original = config();
    setConfig({ ...original, maxPrSandboxes: 1 });
    try {
      github.addPull(REPO, { number: 13, author: 'alice', headRepo: 'alice/edx-platform' });
      expect((await event(13, 'opened')).status).toBe(202);
      const inst = await until('the sandbox', () => one(`SELECT id FROM instance WHERE "subDomain" = 'pr13.sandbox'`));
      const sha = github.repo(REPO)!.pulls.get(13)!.headSha;
      const status = await until('the queued status', async () => github.repo(REPO)!.statuses.find((x) => x.sha === sha));
      expect(status).toMatchObject({ state: 'pending', description: 'queued, sandbox cap reached' });
      await withTx((client) => requestDispatch(client));
      await new Promise((r) => setTimeout(r, 1500));
      expect((await one(`SELECT "startedAt", status FROM deployment WHERE "instanceId" = $1`, [inst.id])).startedAt).toBeNull();
    } finally {
      setConfig(original);
    }
    await withTx((client) => requestDispatch(client));
    const inst = await one(`SELECT id FROM instance WHERE "subDomain" = 'pr13.sandbox'`);
    await until('the start once the cap allows it', async () => (await one(`SELECT "startedAt" FROM deployment WHERE "instanceId" = $1`, [inst.id])).startedAt);
  });

  it('appserver.prepare resolves a GitHub branch to its SHA, and a ref GitHub does not know fails the app server', async () => {
    github.repo(REPO)!.refs.set('master', 'feed'.repeat(10));
    const create = async (subDomain: string, ref: string) => {
      const res = await s.api.request(
        `mutation($input: CreateInstanceInput!) { createInstance(input: $input, deploy: true) { ... on MutationCreateInstanceSuccess { data { id } } ... on Error { message } } }`,
        { input: { name: subDomain, subDomain, edxPlatformRepositoryUrl: `https://github.com/${REPO}.git`, edxPlatformCommit: ref } },
      );
      return rawId(res.data.createInstance.data.id);
    };
    const good = await create('ref-master', 'master');
    const bad = await create('ref-missing', 'no-such-branch');
    const resolved = await until('prepared', () =>
      one(`SELECT "edxPlatformSha" FROM app_server WHERE "instanceId" = $1 AND "edxPlatformSha" IS NOT NULL`, [good]),
    );
    expect(resolved.edxPlatformSha).toBe('feed'.repeat(10));
    const failed = await until('the failure', () => one(`SELECT status, "failureReason" FROM app_server WHERE "instanceId" = $1 AND status = 'ERROR'`, [bad]));
    expect(failed.failureReason).toMatch(/no branch, tag or commit no-such-branch/);
  });

  it('GITHUB_STATUS_MODE=check: a check run per head, made with the GitHub App, updated in place', async () => {
    const key = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    github.setApp({ id: '4242', slug: 'instance-manager', publicKeyPem: key.publicKey, installations: ['77'] });
    const original = config();
    const withApp = { ...original, githubStatusMode: 'check' as const, githubApp: { appId: '4242', privateKey: key.privateKey, installationId: '77' } };
    const originalGitHub = gitHub();
    setConfig(withApp);
    setGitHub(composeGitHub({ ...withApp, githubAccessToken: undefined }));
    try {
      const sha = github.repo(REPO)!.pulls.get(9)!.headSha;
      const inst = await one(`SELECT id FROM instance WHERE "subDomain" = 'pr9.sandbox'`);
      let deploymentId = '';
      await until('the deployment healthy', async () => {
        const d = await one(`SELECT id, status FROM deployment WHERE "instanceId" = $1`, [inst.id]);
        deploymentId = d.id;
        return d.status === 'HEALTHY';
      });
      github.repo(REPO)!.pulls.get(9)!.title = 'Nobody told us, checked';
      expect((await event(9, 'edited')).status).toBe(202);
      const run = await until('the check run', async () => [...github.checkRuns.values()].find((r) => r.headSha === sha));
      expect(run).toMatchObject({ name: 'sandbox', status: 'completed', conclusion: 'success', app: 'instance-manager[bot]' });
      expect(run!.detailsUrl?.split('/deployments/')[1]).toBe(Buffer.from(`Deployment:${deploymentId}`).toString('base64'));
      const row = await one(`SELECT "checkRunId", "checkRunSha" FROM watched_pull_request WHERE number = 9`);
      expect([String(row.checkRunId), row.checkRunSha]).toEqual([String(run.id), sha]);
      github.repo(REPO)!.pulls.get(9)!.title = 'Nobody told us, checked twice';
      expect((await event(9, 'edited')).status).toBe(202);
      await until('the update', async () => github.requestsTo('PATCH', new RegExp(`/check-runs/${run.id}$`)).length > 0);
      expect([...github.checkRuns.values()].filter((r) => r.headSha === sha)).toHaveLength(1);
    } finally {
      setConfig(original);
      setGitHub(originalGitHub);
    }
  });

  it('a Settings block that is not YAML: failure status, no sandbox', async () => {
    github.addPull(REPO, { number: 10, author: 'alice', body: '**Settings**\n```yaml\nA: [1, 2\n```\n' });
    expect((await event(10, 'opened')).status).toBe(202);
    const sha = github.repo(REPO)!.pulls.get(10)!.headSha;
    await until('the failure status', async () => github.repo(REPO)!.statuses.find((x) => x.sha === sha && x.state === 'failure'));
    const row = await one(`SELECT "settingsError", "instanceId" FROM watched_pull_request WHERE number = 10`);
    expect(row.instanceId).toBeNull();
    expect(row.settingsError).toMatch(/line \d+, column \d+/);
  });

  it('the same PR handled twice at once creates one sandbox', async () => {
    github.addPull(REPO, { number: 11, author: 'alice', headRepo: 'alice/edx-platform' });
    const [a, b] = await Promise.all([event(11, 'opened'), event(11, 'reopened')]);
    expect([a.status, b.status]).toEqual([202, 202]);
    await reconcilePullRequests();
    const inst = await until('the sandbox', () => one(`SELECT id FROM instance WHERE "subDomain" = 'pr11.sandbox'`));
    await until(
      'both deliveries handled',
      async () => (await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'pr.sync' AND state IN ('created', 'active', 'retry')`)) === 0,
    );
    expect(await count(`SELECT count(*)::int AS n FROM instance WHERE "subDomain" = 'pr11.sandbox'`)).toBe(1);
    expect(await prDeployments(inst.id)).toBe(1);
  });
});
