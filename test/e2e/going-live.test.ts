// The console's going-live views in a real browser: the Settings page's notification panel (no
// secret shown), the smoke checks refusing an activation with "Activate anyway", and the
// availability of each URL on the instance page after a check.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, ensureConsoleBuilt } from '../helpers/browser.ts';
import { gqlClient, rawId, waitForAppServerStatus } from '../helpers/graphql.ts';
import { createAndSpawn } from '../helpers/suite.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('going-live console test');
type App = Awaited<ReturnType<typeof import('../helpers/app.js').startTestApp>>;
const helper = await import('../helpers/app.js').catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`SKIPPED: going-live console test: test/helpers/app.ts did not load (${(error as Error).message})`);
  return null;
});
const availability = await import('../../server/src/services/availability.ts');

// A Studio that answers 500: the demo recipe with another site for instances named "studio500…".
const work = mkdtempSync(path.join(tmpdir(), 'im-going-live-e2e-'));
const script = path.join(work, 'recipe.sh');
writeFileSync(
  script,
  readFileSync(path.join(root, 'server/src/integrations/recipes/shell/demo.sh'), 'utf8').replace(
    'step "Done"',
    `case "$IM_INSTANCE_NAME" in studio500*)
cat > serve.mjs <<JS
import { createServer } from 'node:http';
createServer((req, res) => {
  const host = String(req.headers.host || '').split(':')[0];
  res.writeHead(host === '\${IM_STUDIO_DOMAIN}' ? 500 : 200, { 'content-type': 'text/plain' }).end('studio500');
}).listen(Number(process.argv[2]), '127.0.0.1');
JS
;; esac
step "Done"`,
  ),
);

describe.skipIf(!hasChromium || !helper)('going-live console views', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const username = 'live-admin';
  const password = `Live-${randomBytes(6).toString('hex')}-9`;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    app = await helper!.startTestApp({
      env: {
        SHELL_RECIPE_SCRIPT: script,
        // Never reached: nothing fails before the test ends; the page must only say SMTP is set.
        SMTP_URL: 'smtp://mailer:hunter2-smtp-secret@127.0.0.1:1',
        ADMINS: 'ops@example.com,oncall@example.com',
        NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/services/T000/B000/secret-hook-token',
        AVAILABILITY_CHECKS_SCHEDULE: '0 0 1 1 *',
      },
    });
    await app.createSuperuser(username, password);
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => dialog.accept());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the notification settings without secrets, the refused smoke checks, and availability per URL', async () => {
    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    const panel = page.getByTestId('notifications-panel');
    await panel.waitFor();
    expect(await page.getByTestId('mail-transport').textContent()).toBe('SMTP configured');
    expect(await page.getByTestId('admin-recipients').textContent()).toBe('2 recipients');
    expect(await page.getByTestId('webhook').textContent()).toBe('Set');
    const text = await page.locator('main').textContent();
    for (const secret of ['hunter2-smtp-secret', 'secret-hook-token', 'mailer', 'ops@example.com']) expect(text).not.toContain(secret);
    await page.screenshot({ path: `${screenshots}settings.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}settings-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    const api = gqlClient(app.url, await app.createToken(username));
    try {
      const { instanceId, appServerId } = await createAndSpawn(api, 'studio500-e2e', {}, 'studio500 e2e');
      await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 90_000);

      await page.goto(`${app.url}/app-servers/${encodeURIComponent(appServerId)}`);
      await page.getByRole('button', { name: 'Activate', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Smoke checks failed: Studio answered 500' }).waitFor();
      const checks = page.getByTestId('smoke-checks');
      await checks.getByText('Smoke checks failed: Studio answered 500').waitFor();
      await checks.locator('li', { hasText: 'studio-studio500-e2e' }).locator('.tag.down').waitFor();
      expect(await checks.locator('.tag.up').count()).toBe(3);
      await page.screenshot({ path: `${screenshots}smoke-checks.png`, fullPage: true });

      await page.getByRole('button', { name: 'Activate anyway' }).click();
      await page.locator('h1 .tag.active').waitFor();

      await availability.checkInstanceAvailability(rawId(instanceId));
      await page.goto(`${app.url}/instances/${encodeURIComponent(instanceId)}`);
      const urls = page.getByTestId('availability');
      await urls.locator('li').first().waitFor();
      expect(await urls.locator('li').count()).toBe(4);
      await urls.locator('li', { hasText: 'http://studio-studio500-e2e.localhost' }).getByText('Down').waitFor();
      expect(await urls.locator('.tag.up').count()).toBe(3);
      await page.screenshot({ path: `${screenshots}instance-availability.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${screenshots}instance-availability-390.png`, fullPage: true });
      await page.goto(`${app.url}/app-servers/${encodeURIComponent(appServerId)}`);
      await page.getByTestId('smoke-checks').waitFor();
      await page.screenshot({ path: `${screenshots}smoke-checks-390.png`, fullPage: true });
    } finally {
      await api.close();
    }
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
