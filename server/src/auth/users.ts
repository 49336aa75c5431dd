import { prisma } from '../db.ts';
import { hashPassword, hashToken, newToken, passwordProblem, verifyPassword } from './passwords.ts';
import type { User } from '../generated/prisma/client.ts';

export class UserInputError extends Error {}

export async function createSuperuser(username: string, email: string, password: string): Promise<User> {
  if (!/^[\w.+-]{1,150}$/.test(username)) throw new UserInputError('Usernames use letters, digits and . + - _ (at most 150).');
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(problem);
  const existing = await prisma.user.findFirst({ where: { OR: [{ username }, { email }] } });
  if (existing) throw new UserInputError(`A user named ${username} or with email ${email} already exists.`);
  return prisma.user.create({
    data: { username, email, passwordHash: await hashPassword(password), isSuperuser: true, isStaff: true, emailVerifiedAt: new Date() },
  });
}

export async function createApiToken(username: string, name: string, expiresAt?: Date): Promise<string> {
  const user = await prisma.user.findUnique({ where: { username } });
  if (!user) throw new UserInputError(`No user named ${username}.`);
  const token = newToken('im_');
  await prisma.apiToken.create({ data: { userId: user.id, name, tokenHash: hashToken(token), expiresAt } });
  return token;
}

// Keeps the password check's timing the same whether or not the user exists.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const LOGIN_BLOCK_FAILURES = 10;
const LOGIN_BLOCK_MINUTES = 15;

export class LoginBlockedError extends Error {
  constructor() {
    super(`Too many failed sign-ins: try again in ${LOGIN_BLOCK_MINUTES} minutes.`);
  }
}

/**
 * Checks a username (or email) and password. After 10 failures of one login from one address in
 * 15 minutes, that pair is refused without checking the password until the window passes.
 * Each attempt first books a failure under a lock on the pair, and a right password removes the
 * pair's failures: parallel attempts cannot all pass the count before any of them is recorded.
 */
export async function checkCredentials(login: string, password: string, ip = ''): Promise<User | null> {
  // No username (≤ 150) or email (≤ 254) is longer: refused before anything is written.
  if (login.length > 254) return null;
  const key = login.toLowerCase();
  const since = new Date(Date.now() - LOGIN_BLOCK_MINUTES * 60_000);
  const booked = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`login:${key}:${ip}`}, 0))`;
      const failures = await tx.loginFailure.count({ where: { login: key, ip, createdAt: { gte: since } } });
      if (failures >= LOGIN_BLOCK_FAILURES) return null;
      return tx.loginFailure.create({ data: { login: key, ip }, select: { id: true } });
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
  if (!booked) throw new LoginBlockedError();
  const user = await prisma.user.findFirst({ where: { OR: [{ username: login }, { email: login }] } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (ok && user?.isActive) {
    await prisma.loginFailure.deleteMany({ where: { login: key, ip } });
    return user;
  }
  return null;
}

export async function userForApiToken(token: string): Promise<User | null> {
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || !row.user.isActive) return null;
  if (row.expiresAt && row.expiresAt < new Date()) return null;
  // Last use at minute resolution: one write per token per minute at most.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.user;
}

export async function createSession(userId: string, maxAgeDays: number, ip: string, userAgent: string): Promise<string> {
  const token = newToken('');
  await prisma.session.create({
    data: {
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + maxAgeDays * 86_400_000),
      ip,
      userAgent: userAgent.slice(0, 500),
    },
  });
  await prisma.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
  return token;
}

/** Sliding expiry: each use pushes it out again (written at most once a minute). */
export async function userForSession(token: string, maxAgeDays: number): Promise<User | null> {
  const row = await prisma.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.expiresAt < new Date() || !row.user.isActive) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await prisma.session.update({
      where: { id: row.id },
      data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() + maxAgeDays * 86_400_000) },
    });
  }
  return row.user;
}

export async function deleteSession(token: string): Promise<void> {
  await prisma.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
