// The console in a real browser against the real server: sign in, create an instance (after a
// refused subdomain), launch an app server, watch its live log until it runs, activate it, and
// load the instance through the local load balancer.
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, ensureConsoleBuilt } from '../helpers/browser.ts';

const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

// A missing server helper skips loudly on a laptop and fails under CI.
const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('console end-to-end test');
type App = Awaited<ReturnType<typeof import('../helpers/app.js').startTestApp>>;
const helper = await import('../helpers/app.js').catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`SKIPPED: console end-to-end test: test/helpers/app.ts did not load (${(error as Error).message})`);
  return null;
});

/**
 * Builds the console when there is no build yet (`npm test` builds it first). scripts/build.mjs
 * swaps the new build in whole, so servers that other files started keep their files.
 */
const STEP = 15_000;
const PROVISIONING = 150_000;

describe.skipIf(!hasChromium || !helper)('console', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const username = 'console-admin';
  const password = `Console-${randomBytes(6).toString('hex')}-9`;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    app = await helper!.startTestApp();
    await app.createSuperuser(username, password);
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('creates an instance, launches and activates an app server while its log streams in, and serves it', async () => {
    const suffix = randomBytes(3).toString('hex');
    const name = `Console E2E ${suffix}`;
    const subDomain = `console-${suffix}`;

    // Signing in: an unauthenticated visit lands on the login page.
    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    await page.getByTestId('viewer').getByText(username).waitFor();

    // The server's validation message appears next to the field it names.
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Subdomain').fill('AB');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page.locator('[data-field="subDomain"]').getByText('Must be 3 to 63 characters.').waitFor();
    expect(await page.locator('[data-field="name"] .error').count()).toBe(0);

    // The release placeholder comes from the `defaults` query; a bad release and bad YAML are refused on their fields.
    await page.getByLabel('Subdomain').fill(subDomain);
    await page.locator('#new-instance-release[placeholder="master"]').waitFor();
    await page.getByLabel('Open edX release').fill('$(reboot)');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page.locator('[data-field="openedxRelease"]').getByText('Use letters, digits and . _ / + - only.').waitFor();
    await page.getByLabel('Open edX release').fill('');
    await page.getByLabel('Extra settings (YAML)').fill('EDXAPP_FEATURES:\n  A: true\n B: 1\n');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page
      .locator('[data-field="configurationExtraSettings"]')
      .getByText(/^The YAML is not valid at line 3, column 1/)
      .waitFor();
    await page.screenshot({ path: `${screenshots}new-instance-form.png`, fullPage: true });
    await page.getByLabel('Extra settings (YAML)').fill('EDXAPP_FEATURES:\n  A: true\n');
    await page.getByLabel('External LMS domain').fill(`${subDomain}.courses.test`);
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page.waitForURL(/\/instances\/[^/]+$/);
    const instanceUrl = page.url();
    await page.getByRole('heading', { name }).waitFor();

    // Launching takes the operator to the new app server's page, where its build log streams.
    await page.getByRole('button', { name: 'Launch new app server' }).click();
    await page.waitForURL(/\/app-servers\/[^/]+$/);
    await page.getByRole('heading', { name: /AppServer 1/ }).waitFor();
    await page.getByText('App server log').waitFor();

    // The live log streams while the status badge follows the state machine to the end.
    await page.getByTestId('log-line').first().waitFor({ timeout: PROVISIONING });
    const settled = page.locator(
      'h1 [data-testid="app-server-status"]:is([data-status="RUNNING"], [data-status="ERROR"], [data-status="CONFIGURATION_FAILED"], [data-status="TERMINATED"])',
    );
    await settled.waitFor({ timeout: PROVISIONING });
    const status = await settled.getAttribute('data-status');
    if (status !== 'RUNNING') {
      const log = await page.getByTestId('log-line').allTextContents();
      throw new Error(`the app server ended ${status}:\n${log.slice(-40).join('\n')}`);
    }
    await page.getByText('Status: ConfiguringServer → Running').waitFor();
    expect(await page.getByTestId('log-line').count()).toBeGreaterThan(0);
    // A local app server has no SSH: the page names its provider and shows no SSH port.
    await page.locator('dd', { hasText: /^local$/ }).waitFor();
    expect(await page.getByText('SSH port').count()).toBe(0);
    await page.screenshot({ path: `${screenshots}app-server-log.png`, fullPage: true });

    // Activate: the page shows it as active (or the server's refusal, which fails the test).
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.locator('h1 .tag.active, .actions [role="alert"]').first().waitFor();
    const refusal = page.locator('.actions [role="alert"]');
    expect(await refusal.count(), (await refusal.allTextContents()).join('; ')).toBe(0);
    await page.locator('button:not([disabled])', { hasText: /^Deactivate$/ }).waitFor();

    await page.goto(instanceUrl);
    await page.getByTestId('app-server-row').first().locator('.tag.active').waitFor();
    await page.screenshot({ path: `${screenshots}instance.png`, fullPage: true });
    // Not a PR sandbox: no tabs, the overview alone.
    expect(await page.getByRole('tablist').count()).toBe(0);

    // The instance log names the deployment as the console names its app servers, never by uuid.
    await page.getByTestId('log-line').filter({ hasText: 'Deployment of AppServer 1: healthy.' }).waitFor();
    const instanceLog = (await page.getByTestId('log-line').allTextContents()).join('\n');
    expect(instanceLog).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

    // On a 390 px phone the app server table and its buttons stay inside the page and its card.
    await page.setViewportSize({ width: 390, height: 844 });
    const row = page.getByTestId('app-server-row').first();
    await row.getByRole('button', { name: 'Terminate' }).waitFor();
    const overflow = await page.evaluate(() => {
      const card = document.querySelector('[data-testid="app-server-row"]')!.closest('section')!;
      const buttons = [...card.querySelectorAll('button')].map((b) => b.getBoundingClientRect());
      const box = card.getBoundingClientRect();
      return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        card: card.scrollWidth - card.clientWidth,
        buttonsOutsideCard: buttons.filter((b) => b.left < box.left || b.right > box.right).length,
        buttonsOutsideScreen: buttons.filter((b) => b.right > window.innerWidth).length,
      };
    });
    await page.screenshot({ path: `${screenshots}instance-390.png`, fullPage: true });
    expect(overflow).toEqual({ page: 0, card: 0, buttonsOutsideCard: 0, buttonsOutsideScreen: 0 });
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/app-servers\/[^/]+$/);
    await page.getByTestId('log-line').first().waitFor();
    const appServerOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: `${screenshots}app-server-390.png`, fullPage: true });
    expect(appServerOverflow).toBe(0);
    await page.goto(app.url);
    await page.getByRole('row').filter({ hasText: name }).waitFor();
    const listOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: `${screenshots}instance-list-390.png`, fullPage: true });
    expect(listOverflow).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(app.url);
    const listed = page.getByRole('row').filter({ hasText: name });
    await listed.getByTestId('newest-app-server-status').and(page.locator('[data-status="RUNNING"]')).waitFor();
    await page.screenshot({ path: `${screenshots}instance-list.png`, fullPage: true });

    // The local load balancer routes <sub>.localhost:<port> to the active app server. Activation
    // applies it right after the mutation returns, so this polls the page with a deadline.
    const site = `http://${subDomain}.localhost:${app.port}/`;
    const deadline = Date.now() + 30_000;
    let body = '';
    for (;;) {
      const response = await page.goto(site).catch(() => null);
      body = response?.ok() ? await page.content() : '';
      if (body.includes(name) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(body).toContain(name);
    await page.screenshot({ path: `${screenshots}lms.png` });

    expect(pageErrors).toEqual([]);
  }, 300_000);
});
