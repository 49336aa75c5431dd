import { pool, withTx } from '../db.ts';
import { apiTokenByHash, insertApiToken, recordTokenUse } from '../data/api-tokens.ts';
import { clearLoginFailures, countFailuresSince, insertLoginFailure, lockLoginPair } from '../data/login-failures.ts';
import { deleteSessionByHash, insertSession, recordSessionUse, sessionByHash } from '../data/sessions.ts';
import { insertSuperuser, loadUser, recordLogin, userByUsername, userByUsernameOrEmail } from '../data/users.ts';
import { hashPassword, hashToken, newToken, passwordProblem, verifyPassword } from './passwords.ts';
import type { User } from '../generated/prisma/client.ts';
import { insertAuditEvent } from '../data/audit-events.ts';

export class UserInputError extends Error {}

export async function createSuperuser(username: string, email: string, password: string): Promise<User> {
  if (!/^[\w.+-]{1,150}$/.test(username)) throw new UserInputError('Usernames use letters, digits and . + - _ (at most 150).');
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(problem);
  const existing = await userByUsernameOrEmail(pool, username, email);
  if (existing) throw new UserInputError(`A user named ${username} or with email ${email} already exists.`);
  const user = await insertSuperuser(pool, { username, email, passwordHash: await hashPassword(password) });
  await insertAuditEvent(pool, { actorId: null, interface: 'cli', action: 'createSuperuser', target: user.id, input: { username, email }, result: 'ok' });
  return user;
}

export async function createApiToken(username: string, name: string, expiresAt?: Date): Promise<string> {
  const user = await userByUsername(pool, username);
  if (!user) throw new UserInputError(`No user named ${username}.`);
  const token = newToken('im_');
  const id = await insertApiToken(pool, { userId: user.id, name, tokenHash: hashToken(token), expiresAt: expiresAt ?? null });
  await insertAuditEvent(pool, {
    actorId: null,
    interface: 'cli',
    action: 'createApiToken',
    target: id,
    input: { username, name, expiresAt: expiresAt ?? null },
    result: 'ok',
  });
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
  const booked = await withTx(async (client) => {
    await lockLoginPair(client, key, ip);
    const failures = await countFailuresSince(client, key, ip, since);
    if (failures >= LOGIN_BLOCK_FAILURES) return false;
    await insertLoginFailure(client, key, ip);
    return true;
  });
  if (!booked) throw new LoginBlockedError();
  const user = await userByUsernameOrEmail(pool, login, login);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (ok && user?.isActive) {
    await clearLoginFailures(pool, key, ip);
    return user;
  }
  return null;
}

export async function userForApiToken(token: string): Promise<User | null> {
  const row = await apiTokenByHash(pool, hashToken(token));
  const user = row && (await loadUser(pool, row.userId));
  if (!row || !user?.isActive) return null;
  if (row.expiresAt && row.expiresAt < new Date()) return null;
  // Last use at minute resolution: one write per token per minute at most.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await recordTokenUse(pool, row.id);
  }
  return user;
}

export async function createSession(userId: string, maxAgeDays: number, ip: string, userAgent: string): Promise<string> {
  const token = newToken('');
  await insertSession(pool, {
    userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + maxAgeDays * 86_400_000),
    ip,
    userAgent: userAgent.slice(0, 500),
  });
  await recordLogin(pool, userId);
  return token;
}

/** Sliding expiry: each use pushes it out again (written at most once a minute). */
export async function userForSession(token: string, maxAgeDays: number): Promise<User | null> {
  const row = await sessionByHash(pool, hashToken(token));
  const user = row && (await loadUser(pool, row.userId));
  if (!row || row.expiresAt < new Date() || !user?.isActive) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await recordSessionUse(pool, row.id, new Date(Date.now() + maxAgeDays * 86_400_000));
  }
  return user;
}

export async function deleteSession(token: string): Promise<void> {
  await deleteSessionByHash(pool, hashToken(token));
}
