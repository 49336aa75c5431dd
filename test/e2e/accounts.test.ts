// The account pages of the console in a real browser: a superuser creates an organization and a
// manager, the manager creates, sees once and revokes an API token, and the audit log shows both.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, ensureConsoleBuilt } from '../helpers/browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('accounts console test');
type App = Awaited<ReturnType<typeof import('../helpers/app.js').startTestApp>>;
const helper = await import('../helpers/app.js').catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`SKIPPED: accounts console test: test/helpers/app.ts did not load (${(error as Error).message})`);
  return null;
});

describe.skipIf(!hasChromium || !helper)('console: accounts', () => {
  let app: App;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    app = await helper!.startTestApp({ env: { PROCESS_ROLES: 'web' } });
    await app.createSuperuser('root', 'Console-root1');
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signedInPage(username: string, password: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    return page;
  }

  it('a superuser creates an organization and a manager; the manager keeps their own tokens; staff read the audit log', async () => {
    const admin = await signedInPage('root', 'Console-root1');
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users and organizations' }).waitFor();
    await admin.getByTestId('new-organization').getByLabel('Name').fill('Acme');
    await admin.getByRole('button', { name: 'Create organization' }).click();
    await admin.getByTestId('new-organization').getByText('Acme').waitFor();

    const form = admin.getByTestId('new-user');
    await form.getByLabel('Username').fill('ada');
    await form.getByLabel('Email').fill('ada@example.com');
    await form.getByLabel('Password', { exact: true }).fill('Ada-password1');
    await form.getByRole('combobox', { name: 'Organization' }).selectOption({ label: 'Acme' });
    await form.getByRole('combobox', { name: 'Role' }).selectOption('manager');
    await admin.getByRole('button', { name: 'Create user' }).click();
    const row = admin.getByTestId('users').getByRole('row').filter({ hasText: 'ada@example.com' });
    await row.waitFor();
    expect(await row.getByRole('combobox', { name: 'Role of ada' }).inputValue()).toBe('manager');
    expect(await row.getByRole('combobox', { name: 'Organization of ada' }).locator('option:checked').textContent()).toBe('Acme');
    await admin.screenshot({ path: `${screenshots}accounts-users.png`, fullPage: true });

    // The manager: no administration links, their own tokens.
    const ada = await signedInPage('ada', 'Ada-password1');
    expect(await ada.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await ada.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await ada.getByRole('link', { name: 'API tokens' }).click();
    await ada.getByLabel('Name').fill('laptop');
    await ada.getByRole('button', { name: 'Create token' }).click();
    const token = (await ada.getByTestId('new-token').locator('code').textContent())!.trim();
    expect(token).toMatch(/^im_[A-Za-z0-9_-]{43}$/);
    const viewer = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { username role } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(viewer.data.viewer).toEqual({ username: 'ada', role: 'MANAGER' });
    await ada.screenshot({ path: `${screenshots}accounts-tokens.png`, fullPage: true });
    await ada.getByRole('button', { name: 'Done' }).click();
    expect(await ada.getByText(token).count()).toBe(0);
    ada.once('dialog', (d) => void d.accept());
    await ada.getByRole('row').filter({ hasText: 'laptop' }).getByRole('button', { name: 'Revoke' }).click();
    await ada.getByText('No tokens yet.').waitFor();
    const after = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(after.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    // The manager changes their password; the superuser then makes them an instance manager.
    await ada.getByLabel('Current password').fill('Ada-password1');
    await ada.getByLabel('New password').fill('Ada-password2');
    await ada.getByRole('button', { name: 'Change password' }).click();
    await ada.getByText('Password changed; your other sessions are signed out.').waitFor();
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('combobox', { name: 'Role of ada' }).selectOption('instanceManager');
    await expect.poll(async () => await admin.getByRole('combobox', { name: 'Role of ada' }).inputValue(), { timeout: 10_000 }).toBe('instanceManager');
    const role = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "ada", password: "Ada-password2") { ... on MutationLoginSuccess { data { role } } } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(role.data.login.data.role).toBe('INSTANCE_MANAGER');

    await admin.getByRole('link', { name: 'Audit log' }).click();
    const events = admin.getByTestId('audit-events');
    await events.getByText('revokeApiToken').waitFor();
    await events.getByText('createUser').waitFor();
    await events.getByText('changePassword').waitFor();
    expect(await events.textContent()).not.toContain(token);
    await admin.screenshot({ path: `${screenshots}accounts-audit.png`, fullPage: true });

    const phone = await signedInPage('root', 'Console-root1', 390);
    await phone.goto(`${app.url}/admin`);
    await phone.getByTestId('users').getByText('ada@example.com').waitFor();
    await phone.screenshot({ path: `${screenshots}accounts-users-390.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
