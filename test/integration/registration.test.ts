/**
 * Self-service registration (SPEC §11) end to end against a real SMTP server (smtp-server): the
 * subdomain rules and messages in order, registration, the verification mails and their links,
 * unknown and expired links, the instance created and deployed on the local provider when every
 * address is verified, ACCEPTED and the welcome mail on the first HEALTHY deployment, the
 * applicant's own status, staff rejection, and REGISTRATION_ENABLED=false.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlClient, type GqlClient } from '../helpers/graphql.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

const VALIDATE = `query($s: String!) { validateBetaTestSubdomain(subdomain: $s) { available message } }`;
const REGISTER = `mutation($input: RegisterBetaTestInput!) { registerBetaTest(input: $input) {
  __typename ... on MutationRegisterBetaTestSuccess { data { username verificationSentTo } }
  ... on ValidationError { field message } ... on Error { message } } }`;
const VERIFY = `mutation($t: String!) { verifyEmail(token: $t) { __typename ... on Error { message } ... on MutationVerifyEmailSuccess { data { verifiedEmail } } } }`;

// The demo shell recipe, except for instances named "Broken…", whose configuration fails.
const work = mkdtempSync(path.join(tmpdir(), 'im-registration-'));
const recipe = path.join(work, 'recipe.sh');
const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/src/integrations/recipes/shell/demo.sh');
writeFileSync(recipe, `#!/bin/sh\ncase "$IM_INSTANCE_NAME" in Broken*) echo "failing on purpose" >&2; exit 1;; esac\nexec bash ${JSON.stringify(demo)} "$@"\n`);
chmodSync(recipe, 0o755);

let smtp: TestSmtpServer;
let app: TestApp;
let db: pg.Client;
let anonymous: GqlClient;
let admin: GqlClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SUBDOMAIN_BLACKLIST: 'blocked',
      SHELL_RECIPE_SCRIPT: recipe,
      BETATEST_EMAIL_SENDER: 'beta@example.com',
      ADMINS: 'ops@example.com',
      // The default (persistent) needs shared MySQL and MongoDB servers, which persistent-data.test.ts covers.
      REGISTRATION_DATABASE_MODE: 'ephemeral',
    },
  });
  db = new pg.Client({ connectionString: app.databaseUrl });
  await db.connect();
  await app.createSuperuser('admin', 'Correct-horse1');
  admin = gqlClient(app.url, await app.createToken('admin'));
  anonymous = gqlClient(app.url);
}, 120_000);

afterAll(async () => {
  await anonymous?.close();
  await admin?.close();
  await db?.end();
  await app?.stop();
  await smtp?.close();
  rmSync(work, { recursive: true, force: true });
});

function registration(suffix: string, extra: Record<string, unknown> = {}) {
  return {
    username: `applicant-${suffix}`,
    email: `applicant-${suffix}@example.com`,
    password: 'Applicant-pass1',
    fullName: `Applicant ${suffix}`,
    subdomain: `school-${suffix}`,
    instanceName: `School ${suffix}`,
    acceptTerms: true,
    ...extra,
  };
}

/** The verification token mailed to `to` (the newest). */
async function linkMailedTo(to: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = [...smtp.received].reverse().find((m) => m.to.includes(to) && /Verify your email/.test(m.headers.subject ?? ''));
    if (mail) {
      const link = mail.body.replace(/=\r?\n/g, '').match(/http:\/\/localhost:\d+\/verify-email\/([A-Za-z0-9_-]+)/);
      expect(link, mail.body).toBeTruthy();
      return link![1]!;
    }
    if (Date.now() > deadline) throw new Error(`no verification mail to ${to}: ${JSON.stringify(smtp.received.map((m) => m.to))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('registration', () => {
  it('explains a refused subdomain with the first rule of §11 it breaks, in order', async () => {
    await admin.request(`mutation { createInstance(input: {name: "Taken", subDomain: "taken-one"}) { __typename } }`);
    const cases: [string, string | null][] = [
      ['ab', 'Must be 3 to 63 characters.'],
      ['x'.repeat(64), 'Must be 3 to 63 characters.'],
      ['Upper', 'Use lowercase letters, digits and hyphens, not at either end.'],
      ['-dash', 'Use lowercase letters, digits and hyphens, not at either end.'],
      ['blocked', 'This domain name is not available.'],
      ['studio', 'This domain name is reserved.'],
      ['studio-x', 'This domain name is reserved.'],
      ['taken-one', 'This domain is already taken.'],
      ['free-one', null],
    ];
    for (const [s, message] of cases) {
      const res = await anonymous.request(VALIDATE, { s });
      expect(res.data.validateBetaTestSubdomain, s).toEqual({ available: message === null, message });
    }
  });

  it('registers, mails a link to each address, refuses unknown and expired links, and deploys once every address is verified', async () => {
    const input = registration('one', { publicContactEmail: 'contact-one@example.com', projectDescription: 'A course on tea.' });
    const res = await anonymous.request(REGISTER, { input });
    expect(res.data.registerBetaTest.data).toEqual({ username: 'applicant-one', verificationSentTo: ['applicant-one@example.com', 'contact-one@example.com'] });
    // The subdomain is now taken by the application.
    expect((await anonymous.request(VALIDATE, { s: 'school-one' })).data.validateBetaTestSubdomain.message).toBe('This domain is already taken.');
    const again = await anonymous.request(REGISTER, { input: registration('two', { subdomain: 'school-one' }) });
    expect(again.data.registerBetaTest).toEqual({ __typename: 'ValidationError', field: 'subdomain', message: 'This domain is already taken.' });
    // Operators cannot take it either.
    const operator = await admin.request(
      `mutation { createInstance(input: {name: "Sneaky", subDomain: "school-one"}) { __typename ... on ValidationError { field message } } }`,
    );
    expect(operator.data.createInstance).toEqual({ __typename: 'ValidationError', field: 'subDomain', message: 'This domain is already taken.' });

    const accountToken = await linkMailedTo('applicant-one@example.com');
    const contactToken = await linkMailedTo('contact-one@example.com');
    const sent = smtp.received.find((m) => m.to.includes('applicant-one@example.com'))!;
    expect(sent.from).toBe('beta@example.com');
    // Nothing secret in the stored rows: the token is stored as its hash only.
    const stored = JSON.stringify((await db.query(`SELECT * FROM email_verification`)).rows);
    expect(stored).not.toContain(accountToken);
    expect(JSON.stringify((await db.query(`SELECT input FROM audit_event`)).rows)).not.toContain('Applicant-pass1');

    expect((await anonymous.request(VERIFY, { t: 'not-a-token' })).data.verifyEmail).toEqual({
      __typename: 'NotFoundError',
      message: 'This verification link is unknown.',
    });

    expect((await anonymous.request(VERIFY, { t: accountToken })).data.verifyEmail.data.verifiedEmail).toBe('applicant-one@example.com');
    const half = await db.query(`SELECT "instanceId", status FROM beta_test_application WHERE subdomain = 'school-one'`);
    expect(half.rows[0]).toEqual({ instanceId: null, status: 'PENDING' });

    expect((await anonymous.request(VERIFY, { t: contactToken })).data.verifyEmail.__typename).toBe('MutationVerifyEmailSuccess');
    const created = await db.query(
      `SELECT i.id, i.profile, i."databaseMode", i.email, i."provisioningFailureEmails", i."creatorId", u.username, d.type, d."numAttempts", d."activateOnSuccess"
       FROM beta_test_application b JOIN instance i ON i.id = b."instanceId" JOIN "user" u ON u.id = i."creatorId" JOIN deployment d ON d."instanceId" = i.id
       WHERE b.subdomain = 'school-one'`,
    );
    expect(created.rows).toHaveLength(1);
    expect(created.rows[0]).toMatchObject({
      profile: 'PRODUCTION',
      databaseMode: 'EPHEMERAL', // REGISTRATION_DATABASE_MODE above
      email: 'contact-one@example.com',
      provisioningFailureEmails: ['ops@example.com'],
      username: 'applicant-one',
      type: 'REGISTRATION',
      numAttempts: 2,
      activateOnSuccess: true,
    });
    // Verifying again changes nothing: still one instance.
    await anonymous.request(VERIFY, { t: contactToken });
    expect((await db.query(`SELECT count(*)::int AS n FROM instance WHERE "subDomain" = 'school-one'`)).rows[0].n).toBe(1);

    // The applicant sees their application; not the instances list.
    const applicant = gqlClient(app.url, await applicantToken('applicant-one'));
    const mine = await applicant.request(
      `{ myBetaTestApplication { status subdomain instanceStatus { lmsDomain status } } instances { edges { node { id } } } }`,
    );
    expect(mine.data.myBetaTestApplication).toMatchObject({
      status: 'PENDING',
      subdomain: 'school-one',
      instanceStatus: { lmsDomain: 'school-one.localhost' },
    });
    expect(mine.data.instances.edges).toEqual([]);

    // The local provider deploys it; the first HEALTHY deployment accepts the application and mails the welcome.
    const deadline = Date.now() + 240_000;
    for (;;) {
      const row = (await db.query(`SELECT status FROM beta_test_application WHERE subdomain = 'school-one'`)).rows[0];
      if (row.status === 'ACCEPTED') break;
      if (Date.now() > deadline) throw new Error('the application was not accepted in time');
      await new Promise((r) => setTimeout(r, 500));
    }
    const welcome = await waitForMail('contact-one@example.com', /ready/);
    expect(welcome.body).toContain('school-one.localhost');
    expect(welcome.body).toContain('studio-school-one.localhost');
    expect((await applicant.request(`{ myBetaTestApplication { status instanceStatus { status } } }`)).data.myBetaTestApplication).toEqual({
      status: 'ACCEPTED',
      instanceStatus: { status: 'HEALTHY' },
    });
    await applicant.close();
  }, 300_000);

  it('refuses an expired link with ExpiredError, and resends a new one', async () => {
    await anonymous.request(REGISTER, { input: registration('late') });
    const token = await linkMailedTo('applicant-late@example.com');
    await db.query(`UPDATE email_verification SET "expiresAt" = now() - interval '1 minute' WHERE email = 'applicant-late@example.com'`);
    expect((await anonymous.request(VERIFY, { t: token })).data.verifyEmail.__typename).toBe('ExpiredError');
    expect(
      (await anonymous.request(`mutation { resendVerificationEmail(email: "applicant-late@example.com") { __typename } }`)).data.resendVerificationEmail
        .__typename,
    ).toBe('MutationResendVerificationEmailSuccess');
    const fresh = await linkMailedTo('applicant-late@example.com');
    expect(fresh).not.toBe(token);
    expect((await anonymous.request(VERIFY, { t: fresh })).data.verifyEmail.__typename).toBe('MutationVerifyEmailSuccess');
  });

  it('lets staff reject an application, archiving its instance', async () => {
    await anonymous.request(REGISTER, { input: registration('rej') });
    await anonymous.request(VERIFY, { t: await linkMailedTo('applicant-rej@example.com') });
    const list = await admin.request(`{ betaTestApplications(first: 50, status: PENDING) { edges { node { id subdomain } } } }`);
    const id = list.data.betaTestApplications.edges.find((e: any) => e.node.subdomain === 'school-rej').node.id;
    const res = await admin.request(
      `mutation($id: ID!) { rejectBetaTestApplication(id: $id) { __typename ... on MutationRejectBetaTestApplicationSuccess { data { status } } } }`,
      { id },
    );
    expect(res.data.rejectBetaTestApplication.data.status).toBe('REJECTED');
    const inst = await db.query(
      `SELECT i."archiveRequestedAt" FROM beta_test_application b JOIN instance i ON i.id = b."instanceId" WHERE b.subdomain = 'school-rej'`,
    );
    expect(inst.rows[0].archiveRequestedAt).not.toBeNull();
  });
});

describe('a failed registration deployment', () => {
  it('leaves the application PENDING, mails the admins naming it, and a superuser may spawn again', async () => {
    const before = smtp.received.length;
    expect((await anonymous.request(REGISTER, { input: registration('broken', { instanceName: 'Broken school' }) })).data.registerBetaTest.data.username).toBe(
      'applicant-broken',
    );
    await anonymous.request(VERIFY, { t: await linkMailedTo('applicant-broken@example.com') });
    const instanceId = (await db.query(`SELECT "instanceId" FROM beta_test_application WHERE subdomain = 'school-broken'`)).rows[0].instanceId as string;
    expect(instanceId).toBeTruthy();

    const deadline = Date.now() + 180_000;
    for (;;) {
      const d = (await db.query(`SELECT status FROM deployment WHERE "instanceId" = $1 AND type = 'REGISTRATION'`, [instanceId])).rows[0];
      if (d?.status === 'FAILED') break;
      if (Date.now() > deadline) throw new Error(`the registration deployment did not fail in time: ${JSON.stringify(d)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const mail = await waitForMail('ops@example.com', /\[Broken school\].*deployment failed/i, before);
    const body = mail.body.replace(/=\r?\n/g, '');
    expect(body).toContain('applicant-broken');
    expect(body).toContain('school-broken');
    expect(body).toContain('still PENDING');
    expect(body).not.toContain('Applicant-pass1');
    expect((await db.query(`SELECT status FROM beta_test_application WHERE subdomain = 'school-broken'`)).rows[0].status).toBe('PENDING');
    // Nobody was welcomed.
    expect(smtp.received.slice(before).some((m) => m.to.includes('applicant-broken@example.com') && /ready/.test(m.headers.subject ?? ''))).toBe(false);

    const { encodeGlobalID } = await import('@pothos/plugin-relay');
    const again = await admin.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { __typename ... on Error { message } } }`, {
      id: encodeGlobalID('Instance', instanceId),
    });
    expect(again.data.spawnAppServer.__typename, JSON.stringify(again)).toBe('MutationSpawnAppServerSuccess');
  }, 240_000);
});

describe('REGISTRATION_ENABLED=false', () => {
  it('turns registration, verification and the subdomain check off', async () => {
    const closed = await startTestApp({ env: { REGISTRATION_ENABLED: 'false', PROCESS_ROLES: 'web' } });
    try {
      const client = gqlClient(closed.url);
      const res = await client.request(REGISTER, { input: registration('closed') });
      expect(res.data.registerBetaTest.__typename).toBe('InvalidStateError');
      expect((await client.request(VERIFY, { t: 'x' })).data.verifyEmail.__typename).toBe('InvalidStateError');
      expect((await client.request(VALIDATE, { s: 'free-one' })).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
      await client.close();
    } finally {
      await closed.stop();
    }
  }, 60_000);
});

async function waitForMail(to: string, subject: RegExp, from = 0) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = smtp.received.slice(from).find((m) => m.to.includes(to) && subject.test(m.headers.subject ?? ''));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function applicantToken(username: string): Promise<string> {
  const { createApiToken } = await import('../../server/src/auth/users.ts');
  return createApiToken(username, 'test');
}
