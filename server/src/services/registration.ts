/**
 * Self-service registration (SPEC §11): an applicant registers, verifies each address by a link
 * sent by mail, and gets a PRODUCTION instance deployed; the first HEALTHY deployment accepts the
 * application and sends the welcome mail. Staff accept or reject (rejecting archives).
 */
import { timingSafeEqual } from 'node:crypto';
import { pool, withTx, type Queryable } from '../db.ts';
import {
  acceptApplicationOfInstance,
  applicationOfUser,
  insertBetaTestApplication,
  linkApplicationInstance,
  lockApplication,
  setApplicationStatus,
  subdomainApplied,
} from '../data/beta-test-applications.ts';
import { insertEmailVerification, markAddressVerified, pendingVerificationsFor, unverifiedAddresses, verificationByHash } from '../data/email-verifications.ts';
import { lmsDomainTaken } from '../data/instances.ts';
import { insertUser, loadUser, updateUserColumns, userTakingNameOrEmail } from '../data/users.ts';
import { hashPassword, hashToken, newToken, passwordProblem } from '../auth/passwords.ts';
import { subdomainProblem, SUBDOMAIN_MESSAGES } from '../domain/subdomain.ts';
import { ConflictError, ExpiredError, InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { DnsError } from '../integrations/dns/index.ts';
import type { Mailer } from '../integrations/mail/index.ts';
import { loadBalancing } from '../load-balancing.ts';
import { logger } from '../logger.ts';
import { config } from '../settings.ts';
import { audit, type Actor } from './audit.ts';
import { archiveInstance, createInstance } from './instances.ts';

// The mailer the composition root (product.ts) built for applicants' mail; null until started.
let mailer: Mailer | null = null;

export function setRegistrationMailer(m: Mailer | null): void {
  if (mailer && mailer !== m) mailer.close();
  mailer = m;
}

export class RegistrationClosedError extends InvalidStateError {
  constructor() {
    super('DISABLED', 'Registration is turned off on this instance manager.');
  }
}

function assertOpen(): void {
  if (!config().registrationEnabled) throw new RegistrationClosedError();
}

const USERNAME = /^[\w.+-]{1,150}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

/** §11's rules and messages, in order, the DNS one last (skipped with DNS `none`). Null when free. */
export async function subdomainAvailability(subdomain: string, db: Queryable = pool): Promise<string | null> {
  const cfg = config();
  const problem = subdomainProblem(subdomain, { blacklist: cfg.subdomainBlacklist, prefixes: [cfg.lmsPreviewDomainPrefix, cfg.studioDomainPrefix] });
  if (problem) return problem;
  if ((await subdomainApplied(db, subdomain)) || (await lmsDomainTaken(db, `${subdomain}.${cfg.defaultInstanceBaseDomain}`))) return SUBDOMAIN_MESSAGES.taken;
  return dnsProblem(subdomain);
}

/** A record someone else made (by hand, another tool) for the LMS, Studio, preview or any deeper name would be shadowed or clash. */
async function dnsProblem(subdomain: string): Promise<string | null> {
  const { dns } = loadBalancing();
  if (dns.name === 'none') return null;
  const cfg = config();
  const base = cfg.defaultInstanceBaseDomain;
  const names = [subdomain, `${cfg.studioDomainPrefix}${subdomain}`, `${cfg.lmsPreviewDomainPrefix}${subdomain}`, `*.${subdomain}`].map((n) => `${n}.${base}`);
  try {
    return (await dns.hasRecords(names)) ? SUBDOMAIN_MESSAGES.taken : null;
  } catch (e) {
    logger.warn('registration: the DNS provider could not be asked about a subdomain', { subdomain, error: e instanceof DnsError ? e.message : String(e) });
    return SUBDOMAIN_MESSAGES.unverifiable;
  }
}

export async function validateBetaTestSubdomain(subdomain: string): Promise<string | null> {
  assertOpen();
  return subdomainAvailability(subdomain);
}

export interface RegistrationInput {
  username: string;
  email: string;
  password: string;
  fullName: string;
  subdomain: string;
  instanceName: string;
  publicContactEmail?: string | null;
  projectDescription?: string | null;
  acceptTerms: boolean;
}

function checkEmail(field: string, email: string): string {
  const e = email.trim();
  if (!EMAIL.test(e)) throw new ValidationError(field, 'Enter an email address such as ada@example.com.');
  return e;
}

/** Creates the applicant (active, no organization or permission), the PENDING application and the verification links, then mails them. */
export async function registerBetaTest(input: RegistrationInput, via: Actor['interface']): Promise<{ username: string; sentTo: string[] }> {
  assertOpen();
  const username = input.username.trim();
  if (!USERNAME.test(username)) throw new ValidationError('username', 'Usernames use letters, digits and . + - _ (at most 150).');
  const email = checkEmail('email', input.email);
  const contact = input.publicContactEmail?.trim() ? checkEmail('publicContactEmail', input.publicContactEmail) : email;
  const problem = passwordProblem(input.password);
  if (problem) throw new ValidationError('password', problem);
  const fullName = input.fullName.trim();
  if (!fullName || fullName.length > 250) throw new ValidationError('fullName', 'Give your name (at most 250 characters).');
  const instanceName = input.instanceName.trim();
  if (!instanceName || instanceName.length > 250) throw new ValidationError('instanceName', 'Name your instance (at most 250 characters).');
  const projectDescription = (input.projectDescription ?? '').trim();
  if (projectDescription.length > 10_000) throw new ValidationError('projectDescription', 'At most 10,000 characters.');
  if (!input.acceptTerms) throw new ValidationError('acceptTerms', 'Accept the terms to register.');
  const taken = await subdomainAvailability(input.subdomain);
  if (taken) throw new ValidationError('subdomain', taken);
  const passwordHash = await hashPassword(input.password);
  const addresses = [...new Map([email, contact].map((a) => [a.toLowerCase(), a])).values()];
  const links: { to: string; token: string }[] = addresses.map((to) => ({ to, token: newToken('') }));
  const ttl = config().emailVerificationTtlHours;
  await withTx(async (client) => {
    if (await userTakingNameOrEmail(client, username, email, null)) throw new ValidationError('username', 'This username or email is already registered.');
    const user = await insertUser(client, {
      username,
      email,
      passwordHash,
      fullName,
      organizationId: null,
      isStaff: false,
      isSuperuser: false,
      canManageOwnInstances: false,
      canManageAllInstances: false,
    });
    const application = await insertBetaTestApplication(client, {
      userId: user.id,
      subdomain: input.subdomain,
      instanceName,
      publicContactEmail: contact,
      projectDescription,
    });
    // A concurrent registration took the subdomain between the check and here.
    if (!application) throw new ValidationError('subdomain', SUBDOMAIN_MESSAGES.taken);
    for (const l of links) {
      await insertEmailVerification(client, { userId: user.id, email: l.to, tokenHash: hashToken(l.token), expiresAt: new Date(Date.now() + ttl * 3_600_000) });
    }
    await audit(client, { id: user.id, username, isSuperuser: false, interface: via }, 'registerBetaTest', application.id, {
      username,
      email,
      subdomain: input.subdomain,
      instanceName,
      publicContactEmail: contact,
    });
  });
  for (const l of links) await sendVerification(l.to, l.token, fullName);
  return { username, sentTo: links.map((l) => l.to) };
}

async function sendMail(to: string, subject: string, text: string): Promise<void> {
  if (!mailer) {
    logger.warn('registration mail not sent: no mailer (the product is not started)', { subject });
    return;
  }
  try {
    await mailer.send({ to: [to], subject, text });
  } catch (e) {
    // The link stays valid; the applicant can ask for it again (resendVerificationEmail).
    logger.warn('registration mail failed', { subject, reason: (e as { reason?: string }).reason, error: (e as Error).message });
  }
}

async function sendVerification(to: string, token: string, fullName: string): Promise<void> {
  const cfg = config();
  const link = `${cfg.publicUrl.replace(/\/+$/, '')}/verify-email/${token}`;
  await sendMail(
    to,
    'Verify your email address',
    [
      `Hello ${fullName},`,
      '',
      `Please confirm ${to} by opening this link (valid ${cfg.emailVerificationTtlHours} hours):`,
      '',
      link,
      '',
      'Your Open edX instance is set up once every address of your application is confirmed.',
      '',
      cfg.betatestEmailSignature,
    ].join('\n'),
  );
}

/** Sends fresh links for every unverified address equal to `email`; answers the same whether or not there is one. */
export async function resendVerificationEmail(email: string): Promise<void> {
  assertOpen();
  const pending = await pendingVerificationsFor(pool, checkEmail('email', email));
  const ttl = config().emailVerificationTtlHours;
  for (const p of pending) {
    const token = newToken('');
    await insertEmailVerification(pool, { userId: p.userId, email: p.email, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttl * 3_600_000) });
    const user = await loadUser(pool, p.userId);
    await sendVerification(p.email, token, user?.fullName ?? '');
  }
}

/**
 * Confirms one address. When none is left and the application is PENDING without instance, one
 * transaction creates the PRODUCTION instance and its REGISTRATION deployment (2 attempts, activation).
 */
export async function verifyEmail(token: string, via: Actor['interface']): Promise<{ userId: string; verifiedEmail: string }> {
  assertOpen();
  const hash = hashToken(token);
  const row = await verificationByHash(pool, hash);
  // The row was found by its hash; comparing again in constant time keeps the check itself free of timing.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) throw new NotFoundError('This verification link is unknown.');
  if (!row.verifiedAt && row.expiresAt.getTime() < Date.now()) throw new ExpiredError('This verification link has expired: ask for a new one.');
  const user = await loadUser(pool, row.userId);
  if (!user) throw new NotFoundError('This verification link is unknown.');
  await withTx(async (client) => {
    await markAddressVerified(client, row.userId, row.email);
    if (user.email.toLowerCase() === row.email.toLowerCase() && !user.emailVerifiedAt)
      await updateUserColumns(client, user.id, { emailVerifiedAt: new Date() });
    await audit(client, { id: user.id, username: user.username, isSuperuser: false, interface: via }, 'verifyEmail', user.id, { email: row.email });
  });
  await createInstanceWhenVerified(user.id, via);
  return { userId: user.id, verifiedEmail: row.email };
}

async function createInstanceWhenVerified(userId: string, via: Actor['interface']): Promise<void> {
  if ((await unverifiedAddresses(pool, userId)).length) return;
  const application = await applicationOfUser(pool, userId);
  if (!application || application.status !== 'PENDING' || application.instanceId) return;
  const user = (await loadUser(pool, userId))!;
  const cfg = config();
  const actor: Actor = { id: user.id, username: user.username, isSuperuser: false, interface: via, organizationId: null };
  try {
    await createInstance(
      actor,
      {
        name: application.instanceName,
        subDomain: application.subdomain,
        profile: 'PRODUCTION',
        email: application.publicContactEmail,
        databaseMode: cfg.registrationDatabaseMode,
        provisioningFailureEmails: cfg.admins,
      },
      {
        deploy: true,
        forApplication: true,
        ownerOrganizationId: null,
        spawn: { type: 'REGISTRATION', numAttempts: 2, activateOnSuccess: true },
        inTransaction: async (client, instanceId) => {
          if (!(await linkApplicationInstance(client, application.id, instanceId))) throw new ConflictError('The application already has an instance.');
        },
      },
    );
  } catch (e) {
    // Two verifications finishing at once: the other one created the instance.
    if (e instanceof ConflictError) return;
    if (e instanceof ValidationError && e.field === 'subDomain') {
      logger.warn('registration: the subdomain was taken before the instance was created', { applicationId: application.id });
      return;
    }
    throw e;
  }
}

/** Called by the deployment evaluation in its transaction on HEALTHY; returns the welcome mail to send after commit. */
export async function acceptOnHealthy(client: Queryable, instanceId: string): Promise<(() => Promise<void>) | null> {
  const accepted = await acceptApplicationOfInstance(client, instanceId);
  if (!accepted) return null;
  await audit(client, null, 'acceptBetaTestApplication', accepted.id, { reason: 'first healthy deployment' });
  return () => sendWelcome(instanceId, accepted);
}

async function sendWelcome(instanceId: string, a: { email: string; publicContactEmail: string; fullName: string }): Promise<void> {
  const cfg = config();
  const { loadInstance } = await import('../data/instances.ts');
  const inst = await loadInstance(pool, instanceId);
  if (!inst) return;
  const scheme = cfg.loadBalancerProvider === 'local' ? new URL(cfg.publicUrl).protocol : 'https:';
  const port = cfg.loadBalancerProvider === 'local' && new URL(cfg.publicUrl).port ? `:${new URL(cfg.publicUrl).port}` : '';
  const text = [
    `Hello ${a.fullName},`,
    '',
    'Your Open edX instance is ready:',
    '',
    `LMS: ${scheme}//${inst.internalLmsDomain}${port}/`,
    `Studio: ${scheme}//${inst.internalStudioDomain}${port}/`,
    '',
    cfg.betatestEmailSignature,
  ].join('\n');
  for (const to of new Set([a.email, a.publicContactEmail])) await sendMail(to, 'Your Open edX instance is ready', text);
}

/** Staff decision: ACCEPTED, or REJECTED (archiving the instance, if any). */
export async function decideApplication(actor: Actor, id: string, decision: 'ACCEPTED' | 'REJECTED'): Promise<string> {
  const instanceId = await withTx(async (client) => {
    const app = await lockApplication(client, id);
    if (!app) throw new NotFoundError('No application with this id.');
    await setApplicationStatus(client, id, decision);
    await audit(client, actor, decision === 'ACCEPTED' ? 'acceptBetaTestApplication' : 'rejectBetaTestApplication', id, null);
    return app.instanceId;
  });
  if (decision === 'REJECTED' && instanceId) {
    try {
      await archiveInstance(actor, instanceId);
    } catch (e) {
      if (!(e instanceof InvalidStateError)) throw e; // already archived
    }
  }
  return id;
}
