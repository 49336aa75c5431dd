// GraphiQL in a real browser with no internet: every request but the product's is refused, and
// the editor must still load and run a query. Signed out, /graphql leads to the sign-in page.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('GraphiQL browser test');
const helper = await import('../helpers/app.ts');
const hasConsole = existsSync(`${root}client/build/index.html`);
if (!hasConsole) {
  if (ci) throw new Error('client/build is missing: npm run build:console');
  console.warn('SKIPPED: GraphiQL browser test: the console is not built (npm run build:console)');
}

describe.skipIf(!hasChromium || !hasConsole)('GraphiQL', () => {
  let app: Awaited<ReturnType<typeof helper.startTestApp>>;
  let browser: Browser;
  let context: BrowserContext;
  const refused: string[] = [];
  const pageErrors: string[] = [];
  const username = 'graphiql-admin';
  const password = `Graphiql-${randomBytes(6).toString('hex')}-9`;

  beforeAll(async () => {
    app = await helper.startTestApp();
    await app.createSuperuser(username, password);
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    // The machine has no internet: anything not served by the product is refused.
    const product = new URL(app.url).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(product + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      refused.push(url);
      return route.abort('internetdisconnected');
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('sends a signed-out browser to the sign-in page, then back to GraphiQL', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(`${app.url}/graphql`);
    await page.waitForURL(/\/login\?next=%2Fgraphql$/);
    expect(response?.status()).toBe(200);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/graphql$/);
    await page.locator('.graphiql-query-editor').first().waitFor();
    await page.close();
  });

  it('loads its editor from the product alone and runs a query', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${app.url}/graphql`);
    // The query editor is Monaco: type into it, then run with the toolbar's button.
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ viewer { username } }');
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    // Monaco renders spaces as no-break spaces: \s matches both.
    await expect.poll(async () => response.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`"username":\\s*"${username}"`));
    await page.screenshot({ path: `${screenshots}graphiql.png` });
    expect(refused).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
