// The Load balancers page and the CNAME target in a real browser: a superuser adds a load
// balancer (after a refused domain), sees the seeded one whose applies fail with their error,
// edits its domain and SSH user, and an instance with an external domain shows where its CNAME
// must point; whoever operates the instance reveals its basic-auth pair in place, staff cannot.
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { chromiumAvailable, launchChromium, ensureConsoleBuilt } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlClient } from '../helpers/graphql.ts';
import { generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';

const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const hasChromium = chromiumAvailable('load balancers page test');

describe.skipIf(!hasChromium)('the Load balancers page', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let deadLb: net.Server;
  const pageErrors: string[] = [];
  const username = 'lb-admin';
  const password = `Balance-${randomBytes(6).toString('hex')}-9`;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // A load balancer that is down: its SSH port closes every connection.
    deadLb = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => deadLb.listen(0, '127.0.0.1', resolve));
    app = await startTestApp({
      env: {
        LOAD_BALANCER_PROVIDER: 'haproxy',
        DEFAULT_LOAD_BALANCING_SERVER: 'haproxy@127.0.0.1',
        LOAD_BALANCER_SSH_PORT: String((deadLb.address() as AddressInfo).port),
        SSH_PRIVATE_KEY: generateHostKeyPair().privateKey,
      },
    });
    await app.createSuperuser(username, password);
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    deadLb?.close();
  });

  it('lists, adds and refuses load balancers, and shows the CNAME target of an instance’s external domains', async () => {
    const api = gqlClient(app.url, await app.createToken(username));
    const created = await api.request(
      `mutation { createInstance(input: {name: "Customer", subDomain: "customer", externalLmsDomain: "courses.customer.test"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const instanceId = created.data.createInstance.data.id;
    // A spawn allocates the load balancer, whose apply then fails against the closed port.
    await api.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { __typename } }`, { id: instanceId });

    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Load balancers' }).click();
    await page.getByRole('heading', { name: 'Load balancers' }).waitFor();

    const seeded = page.getByTestId('load-balancer').filter({ hasText: '127.0.0.1' });
    await seeded.getByTestId('cname-target').getByText('127.0.0.1.').waitFor();
    // The failed apply: the error and the lag show, until a reload after the job ran.
    for (let i = 0; i < 30 && (await seeded.getByTestId('last-error').count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await seeded.getByTestId('last-error').waitFor();
    await seeded.getByText('behind').waitFor();
    expect(await seeded.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);

    await page.getByLabel('Domain').fill('not a host');
    await page.getByLabel('SSH user').fill('haproxy');
    await page.getByRole('button', { name: 'Add load balancer' }).click();
    await page
      .getByRole('alert')
      .getByText(/host name/)
      .waitFor();
    await page.getByLabel('Domain').fill('lb2.example.com');
    await page.getByRole('button', { name: 'Add load balancer' }).click();
    const added = page.getByTestId('load-balancer').filter({ hasText: 'lb2.example.com' });
    await added.getByTestId('cname-target').getByText('lb2.example.com.').waitFor();
    await page.screenshot({ path: `${screenshots}load-balancers.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}load-balancers-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    page.once('dialog', (dialog) => void dialog.accept());
    await added.getByRole('button', { name: 'Delete' }).click();
    await added.waitFor({ state: 'detached' });

    await page.goto(`${app.url}/instances/${instanceId}`);
    await page.getByTestId('cname-target').getByText('127.0.0.1.').waitFor();
    await page.getByTestId('cname-hint').getByText('courses.customer.test, studio-courses.customer.test, preview-courses.customer.test').waitFor();
    await page.screenshot({ path: `${screenshots}instance-cname-target.png`, fullPage: true });

    // The basic-auth pair: shown in place on request, gone once the page is left.
    expect(await page.getByTestId('basic-auth').count()).toBe(0);
    await page.getByRole('button', { name: 'Reveal basic auth' }).click();
    const shown = page.getByTestId('basic-auth');
    await shown.waitFor();
    const pair = await shown.locator('code').allTextContents();
    expect(pair).toHaveLength(2);
    for (const part of pair) expect(part).toMatch(/^[0-9a-f]{16}$/);
    const revealed = await api.request(
      `mutation($id: ID!) { revealInstanceBasicAuth(id: $id) { ... on MutationRevealInstanceBasicAuthSuccess { data { username password } } } }`,
      {
        id: instanceId,
      },
    );
    expect(pair).toEqual([revealed.data.revealInstanceBasicAuth.data.username, revealed.data.revealInstanceBasicAuth.data.password]);
    await page.screenshot({ path: `${screenshots}instance-basic-auth.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}instance-basic-auth-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Instances' }).first().click();
    await page.goto(`${app.url}/instances/${instanceId}`);
    await page.getByRole('button', { name: 'Reveal basic auth' }).waitFor();
    expect(await page.getByTestId('basic-auth').count()).toBe(0);
    expect(await page.content()).not.toContain(pair[1]);

    // Staff read the instance but do not operate it: no button.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await app.createSuperuser('lb-staff', password);
      await db.query(`UPDATE "user" SET "isSuperuser" = false, "isStaff" = true WHERE username = 'lb-staff'`);
    } finally {
      await db.end();
    }
    const staffPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    try {
      await staffPage.goto(`${app.url}/login?next=/instances/${encodeURIComponent(instanceId)}`);
      await staffPage.getByLabel('Username or email').fill('lb-staff');
      await staffPage.getByLabel('Password').fill(password);
      await staffPage.getByRole('button', { name: 'Sign in' }).click();
      await staffPage.getByTestId('cname-target').waitFor();
      expect(await staffPage.getByRole('button', { name: 'Reveal basic auth' }).count()).toBe(0);
    } finally {
      await staffPage.context().close();
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('edits a load balancer’s domain and SSH user, refusing a bad domain; its instances’ CNAME target follows', async () => {
    await page.goto(`${app.url}/load-balancers`);
    const seeded = page.getByTestId('load-balancer').filter({ hasText: '127.0.0.1' });
    // The load balancer has an instance: the browser asks before its CNAMEs move.
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await seeded.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('edit-load-balancer');
    await form.getByLabel('Domain').fill('not a host');
    await form.getByRole('button', { name: 'Save' }).click();
    await form
      .getByRole('alert')
      .getByText(/host name/)
      .waitFor();
    await page.screenshot({ path: `${screenshots}load-balancer-edit.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshots}load-balancer-edit-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await form.getByLabel('Domain').fill('lb-renamed.example.com');
    await form.getByLabel('SSH user').fill('ops');
    await form.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByTestId('load-balancer').filter({ hasText: 'lb-renamed.example.com' });
    await renamed.getByTestId('cname-target').getByText('lb-renamed.example.com.').waitFor();
    await renamed.getByText('ops', { exact: true }).waitFor();
    expect(await form.count()).toBe(0);
    expect(asked).toEqual([
      expect.stringContaining('not a host'),
      expect.stringContaining('1 instance(s) use it: their CNAMEs will be rewritten to lb-renamed.example.com'),
    ]);

    const instances = await gqlClient(app.url, await app.createToken(username)).request(`{ instances(first: 5) { edges { node { id cnameTarget } } } }`);
    expect(instances.data.instances.edges.map((e: { node: { cnameTarget: string } }) => e.node.cnameTarget)).toEqual(['lb-renamed.example.com.']);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
