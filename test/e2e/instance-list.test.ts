// The console's instance list in Chromium: pages of 100 with "Load more", and a live event that
// re-reads only the row it names.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlClient, type GqlClient } from '../helpers/graphql.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasChromium = chromiumAvailable('instance list end-to-end test');
const built = existsSync(`${root}client/build/index.html`);
if (!built) {
  if (process.env.CI === 'true') throw new Error('the console is not built (npm run build:console)');
  console.warn('SKIPPED: instance list end-to-end test: the console is not built (npm run build:console)');
}

describe.skipIf(!hasChromium || !built)('the console’s instance list', () => {
  let app: TestApp;
  let api: GqlClient;
  let browser: Browser;
  let page: Page;
  const operations: string[] = [];
  const username = 'list-admin';
  const password = `List-${randomBytes(6).toString('hex')}-9`;
  const ids: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ env: { PROCESS_ROLES: 'web' } });
    await app.createSuperuser(username, password);
    api = gqlClient(app.url, await app.createToken(username));
    for (let i = 0; i < 105; i++) {
      const res = await api.request(
        `mutation($input: CreateInstanceInput!) { createInstance(input: $input) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
        { input: { name: `Listed ${String(i).padStart(3, '0')}`, subDomain: `listed-${i}` } },
      );
      ids.push(res.data.createInstance.data.id);
    }
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('request', (request) => {
      const name = /"operationName":"(\w+)"/.exec(request.postData() ?? '')?.[1];
      if (name) operations.push(name);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await app?.stop();
  });

  it('shows 100 rows, then the rest with Load more, and patches one row on an event', async () => {
    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const rows = page.locator('table.cards tbody tr');
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(100);
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(105);
    expect(await page.getByTestId('load-more').count()).toBe(0);

    // The oldest instance sits on the second page; renaming it re-reads that row alone.
    operations.length = 0;
    const oldest = ids[0]!;
    const renamed = await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: { name: "Renamed oldest" }) { __typename } }`, { id: oldest });
    expect(renamed.data.updateInstance.__typename).toBe('MutationUpdateInstanceSuccess');
    await page.getByRole('link', { name: 'Renamed oldest' }).waitFor();
    expect(await rows.count()).toBe(105);
    expect(operations).toContain('InstanceListRowQuery');
    expect(operations).not.toContain('Instances');
  });
});
