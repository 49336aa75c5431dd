// The public registration page in a real browser (SPEC §11): live subdomain feedback, submit,
// verify by the link in the mail a real SMTP server captured, sign in, and the status page.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, ensureConsoleBuilt } from '../helpers/browser.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const ci = process.env.CI === 'true';
const hasChromium = chromiumAvailable('registration console test');
type App = Awaited<ReturnType<typeof import('../helpers/app.js').startTestApp>>;
const helper = await import('../helpers/app.js').catch((error: unknown) => {
  if (ci) throw error;
  console.warn(`SKIPPED: registration console test: test/helpers/app.ts did not load (${(error as Error).message})`);
  return null;
});

describe.skipIf(!hasChromium || !helper)('console: registration', () => {
  let app: App;
  let smtp: TestSmtpServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    smtp = await startSmtpServer();
    app = await helper!.startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SUBDOMAIN_BLACKLIST: 'blocked' } });
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
  });

  it('registers with live subdomain feedback, verifies by the mailed link and shows the application', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${app.url}/register`);
    await page.getByRole('heading', { name: 'Get your Open edX instance' }).waitFor();

    const feedback = page.getByTestId('subdomain-feedback');
    const subdomain = page.getByLabel('Subdomain');
    for (const [value, message] of [
      ['ab', 'Must be 3 to 63 characters.'],
      ['Bad', 'Use lowercase letters, digits and hyphens, not at either end.'],
      ['blocked', 'This domain name is not available.'],
      ['studio', 'This domain name is reserved.'],
      ['tea-school', 'Available.'],
    ]) {
      await subdomain.fill(value!);
      await feedback.getByText(message!, { exact: true }).waitFor();
    }
    await page.getByLabel('Instance name').fill('Tea School');
    await page.getByLabel('Full name').fill('Grace Tea');
    await page.getByLabel('Username').fill('grace');
    await page.getByLabel('Email', { exact: true }).fill('grace@example.com');
    await page.getByLabel('Password').fill('Grace-password1');
    await page.getByLabel('I accept the terms').check();
    await page.screenshot({ path: `${screenshots}registration-form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('registered').getByText('grace@example.com').waitFor();

    const deadline = Date.now() + 15_000;
    while (!smtp.received.some((m) => m.to.includes('grace@example.com')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const mail = smtp.received.find((m) => m.to.includes('grace@example.com'))!;
    const link = mail.body.replace(/=\r?\n/g, '').match(/http:\/\/localhost:\d+\/verify-email\/[A-Za-z0-9_-]+/)![0];

    await page.goto(`${app.url}/verify-email/not-a-token`);
    await page.getByTestId('verification').getByText('This verification link is unknown.').waitFor();
    await page.goto(link);
    await page.getByText('grace@example.com is confirmed.').waitFor();
    await page.screenshot({ path: `${screenshots}registration-verified.png`, fullPage: true });

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Username or email').fill('grace');
    await page.getByLabel('Password').fill('Grace-password1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My application' }).waitFor();
    await page.getByTestId('instance-status').getByText('tea-school.localhost').waitFor();
    expect(await page.getByTestId('application-status').textContent()).toMatch(/Pending|Accepted/);
    await page.screenshot({ path: `${screenshots}registration-status.png`, fullPage: true });

    // Staff review it.
    await app.createSuperuser('reviewer', 'Reviewer-pass1');
    const staff = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await staff.goto(`${app.url}/login`);
    await staff.getByLabel('Username or email').fill('reviewer');
    await staff.getByLabel('Password').fill('Reviewer-pass1');
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByRole('link', { name: 'Applications' }).click();
    await staff.getByLabel('Status').selectOption('');
    const row = staff.getByTestId('applications').getByRole('row').filter({ hasText: 'tea-school' });
    await row.getByText('grace@example.com').waitFor();
    await staff.screenshot({ path: `${screenshots}registration-applications.png`, fullPage: true });

    const phone = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const small = await phone.newPage();
    await small.goto(`${app.url}/register`);
    await small.getByRole('heading', { name: 'Get your Open edX instance' }).waitFor();
    await small.screenshot({ path: `${screenshots}registration-form-390.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
