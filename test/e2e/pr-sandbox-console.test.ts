// The console's PR sandbox pages in a real browser: the watched forks page (list, a refused
// template, adding one) and the Pull request panel of a sandbox a signed webhook created.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import { FakeGitHub } from '../fakes/github/index.ts';
import { pullRequestPayload, sendWebhook } from '../fakes/github/webhooks.ts';
import { localCompute } from '../../server/src/compute.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('PR sandbox console test');
const hasBuild = existsSync(`${root}client/build/index.html`);
if (!hasBuild) {
  if (ci) throw new Error('PR sandbox console test: no console build (npm run build:console)');
  console.warn('SKIPPED: PR sandbox console test: no console build (npm run build:console)');
}
type App = Awaited<ReturnType<typeof import('../helpers/app.js').startTestApp>>;
const helper = await import('../helpers/app.js');

const TOKEN = 'ghp_PrConsoleTestToken0123456789abcdefABCD';
const SECRET = 'console-webhook-secret';
const REPO = 'openedx/edx-platform';

describe.skipIf(!hasChromium || !hasBuild)('PR sandbox console', () => {
  const github = new FakeGitHub();
  let app: App;
  let db: pg.Client;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await github.start();
    github.tokens.set(TOKEN, 'im-bot');
    github.addMember('open-craft', 'alice');
    github.addMember('open-craft', 'im-bot');
    github.addPull(REPO, {
      number: 42,
      title: 'Make the dashboard faster',
      author: 'alice',
      headRepo: 'alice/edx-platform',
      body: '**Settings**\n```yaml\nEDXAPP_FEATURES:\n  ENABLE_FAST_DASHBOARD: true\n```\n',
    });
    app = await helper.startTestApp({
      env: { GITHUB_ACCESS_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_WEBHOOK_SECRET: SECRET, WATCH_ORGANIZATION: 'open-craft', LOG_LEVEL: 'error' },
    });
    await app.createSuperuser('forks-admin', 'Forks-admin-9');
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const servers = await db?.query(`SELECT id FROM server WHERE status <> 'TERMINATED'`).catch(() => null);
    for (const s of servers?.rows ?? []) await localCompute()?.stopServices(s);
    await db?.end();
    await app?.stop();
    await github.stop();
  });

  it('lists, refuses and adds watched forks', async () => {
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Username or email').fill('forks-admin');
    await page.getByLabel('Password').fill('Forks-admin-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('viewer').waitFor();
    await page.getByRole('link', { name: 'Watched forks' }).click();
    await page.getByRole('heading', { name: 'Watched forks' }).waitFor();
    const table = page.getByTestId('watched-forks');
    await table.getByText(REPO).waitFor();
    await table.getByText('open-craft').waitFor();

    // The seeded fork's template is taken: the refusal names the field.
    await page.getByLabel('Repository').fill('open-craft/edx-platform');
    await page.getByLabel('Organization').fill('open-craft');
    await page.getByLabel('Subdomain template').fill('pr{number}.sandbox');
    await page.getByRole('button', { name: 'Watch' }).click();
    await page.getByText('Another watched fork uses this template.').waitFor();
    await page.getByLabel('Subdomain template').fill('oc{number}.sandbox');
    await page.getByRole('button', { name: 'Watch' }).click();
    await table.getByText('open-craft/edx-platform').waitFor();
    await table.getByText('oc{number}.sandbox').waitFor();
    await page.screenshot({ path: `${screenshots}watched-forks.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}watched-forks-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });

  it('shows the pull request, its Settings block and a moved head on the sandbox page', async () => {
    const sent = await sendWebhook(`${app.url}/webhooks/github`, {
      event: 'pull_request',
      payload: pullRequestPayload(github, REPO, 42, 'opened'),
      secret: SECRET,
    });
    expect(sent.status).toBe(202);
    let instanceId: string | undefined;
    for (let i = 0; i < 120 && !instanceId; i++) {
      instanceId = (await db.query(`SELECT id FROM instance WHERE "subDomain" = 'pr42.sandbox'`)).rows[0]?.id;
      if (!instanceId) await new Promise((r) => setTimeout(r, 250));
    }
    expect(instanceId).toBeTruthy();
    // Wait for the app server to exist (drift compares with it), then record a push we have not deployed.
    for (let i = 0; i < 120; i++) {
      if ((await db.query(`SELECT 1 FROM app_server WHERE "instanceId" = $1`, [instanceId])).rowCount) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await db.query(`UPDATE watched_pull_request SET "headSha" = $1 WHERE "instanceId" = $2`, ['d'.repeat(40), instanceId]);
    await page.goto(`${app.url}/instances/${Buffer.from(`Instance:${instanceId}`).toString('base64')}`);
    // A PR sandbox's page has two tabs; the PR lives on the second one.
    const tabs = page.getByRole('tablist', { name: 'Instance sections' });
    const overviewTab = tabs.getByRole('tab', { name: 'Overview' });
    const prTab = tabs.getByRole('tab', { name: 'Pull request' });
    await overviewTab.waitFor();
    expect(await overviewTab.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('heading', { name: 'App servers' }).waitFor();
    expect(await page.getByTestId('pull-request').count()).toBe(0);
    await prTab.click();
    expect(await prTab.getAttribute('aria-selected')).toBe('true');
    expect(await overviewTab.getAttribute('aria-selected')).toBe('false');
    const panel = page.getByTestId('pull-request');
    await panel.getByRole('heading', { name: 'Pull request' }).waitFor();
    await panel.getByText(`${REPO}#42`).waitFor();
    await panel.getByTestId('pr-settings').getByText('ENABLE_FAST_DASHBOARD').waitFor();
    await panel.getByTestId('drift').getByText('the PR head moved').waitFor();
    await page.screenshot({ path: `${screenshots}pull-request-panel.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}pull-request-panel-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  });

  it('opens the deployment page the GitHub status links to', async () => {
    const deploymentId = (await db.query(`SELECT d.id FROM deployment d JOIN instance i ON i.id = d."instanceId" WHERE i."subDomain" = 'pr42.sandbox'`)).rows[0]
      .id as string;
    const status = github.repo(REPO)!.statuses.at(-1);
    const target = status?.targetUrl ?? '';
    expect(target.split('/deployments/')[1]).toBe(Buffer.from(`Deployment:${deploymentId}`).toString('base64'));
    await page.goto(`${app.url}${new URL(target).pathname}`);
    const header = page.getByTestId('deployment');
    await header.getByRole('heading', { name: /Deployment of AppServer 1/ }).waitFor();
    expect(await page.getByTestId('deployment-type').textContent()).toBe('Pull request');
    await page.getByTestId('app-server-row').first().waitFor();
    await page.screenshot({ path: `${screenshots}deployment-page.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}deployment-page-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // Back to the instance, and from its app server row to the same page.
    await header.getByRole('link', { name: /PR#42/ }).click();
    await page.getByTestId('deployment-link').first().click();
    await page.getByTestId('deployment').waitFor();
    // The console URL-encodes the id (its "=" padding), the server does not: compare decoded.
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(new URL(target).pathname);
    expect(pageErrors).toEqual([]);
  });
});
