// The shared servers page and the instance's database mode in a real browser against the real
// server: seeded servers listed without their passwords, a server added and closed to new
// clients, and an instance switched to PERSISTENT from its page.
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, ensureConsoleBuilt } from '../helpers/browser.ts';
import { gqlClient, rawId } from '../helpers/graphql.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('shared servers end-to-end test');
type App = Awaited<ReturnType<typeof import('../helpers/app.js').startTestApp>>;
const helper = await import('../helpers/app.js').catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`SKIPPED: shared servers end-to-end test: test/helpers/app.ts did not load (${(error as Error).message})`);
  return null;
});

// Seeded servers that nothing connects to: this suite is about the page, not allocation.
const MYSQL_PASSWORD = 'Seeded-mysql-S3cret';
const RABBIT_PASSWORD = 'Seeded-rabbit-S3cret';
const MONGO_PASSWORD = 'Typed-mongo-S3cret';

describe.skipIf(!hasChromium || !helper)('shared servers page', () => {
  let app: App;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const username = 'servers-admin';
  const password = `Servers-${randomBytes(6).toString('hex')}-9`;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    app = await helper!.startTestApp({
      env: {
        DEFAULT_INSTANCE_MYSQL_URL: `mysql://admin:${MYSQL_PASSWORD}@mysql.example.com:3306`,
        RABBITMQ_API_URL: 'https://rabbit.example.com:15671',
        RABBITMQ_ADMIN_USERNAME: 'admin',
        RABBITMQ_ADMIN_PASSWORD: RABBIT_PASSWORD,
      },
    });
    await app.createSuperuser(username, password);
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists the seeded servers without passwords, adds one and closes it to new clients', async () => {
    await page.getByRole('link', { name: 'Shared servers' }).click();
    await page.getByRole('heading', { name: 'Shared servers' }).waitFor();
    const mysqlSection = page.getByTestId('servers-mysql');
    await mysqlSection.getByText('mysql://admin@mysql.example.com:3306').waitFor();
    await page.getByTestId('servers-rabbitmq').getByText('https://admin@rabbit.example.com:15671').waitFor();
    await page
      .getByTestId('servers-mongodb')
      .getByText(/None: persistent instances cannot be allocated/)
      .waitFor();

    await page.getByLabel('Kind').selectOption('MONGODB');
    await page.getByLabel('Name').fill('Mongo one');
    await page.getByLabel('URL with the administrator’s password').fill(`mongodb://root:${MONGO_PASSWORD}@mongo.example.com:27017`);
    await page.getByRole('button', { name: 'Add server' }).click();
    const mongoRow = page.getByTestId('servers-mongodb').getByRole('row', { name: /Mongo one/ });
    await mongoRow.getByText('mongodb://root@mongo.example.com:27017').waitFor();
    await mongoRow.getByText('Accepting', { exact: true }).waitFor();
    await mongoRow.getByRole('button', { name: 'Stop accepting' }).click();
    await mongoRow.getByText('Closed', { exact: true }).waitFor();

    const html = await page.content();
    for (const secret of [MYSQL_PASSWORD, RABBIT_PASSWORD, MONGO_PASSWORD]) expect(html).not.toContain(secret);
    await page.screenshot({ path: `${screenshots}shared-servers.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}shared-servers-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('switches an instance to persistent databases from its page', async () => {
    const api = gqlClient(app.url, await app.createToken(username));
    const created = await api.request(
      `mutation { createInstance(input: { name: "Moded", subDomain: "moded" }) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const id = created.data.createInstance.data.id;
    await page.goto(`${app.url}/instances/${encodeURIComponent(id)}`);
    const select = page.getByTestId('database-mode');
    expect(await select.inputValue()).toBe('EPHEMERAL');
    await select.selectOption('PERSISTENT');
    await expect
      .poll(async () => (await api.request(`query($id: ID!) { instance(id: $id) { databaseMode } }`, { id })).data.instance.databaseMode)
      .toBe('PERSISTENT');
    await page.reload();
    await page.getByTestId('database-mode').waitFor();
    expect(await page.getByTestId('database-mode').inputValue()).toBe('PERSISTENT');
    expect(rawId(id)).toMatch(/^[0-9a-f-]{36}$/);
    await page.screenshot({ path: `${screenshots}instance-database-mode.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}instance-database-mode-390.png`, fullPage: true });
    await api.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
