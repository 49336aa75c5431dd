/**
 * Users, organizations, API tokens and passwords (SPEC §2, §3): superusers administer users and
 * organizations; every user keeps their own tokens and password. Each change is audited, without
 * secrets (no password, no token, no hash).
 */
import { withTx } from '../db.ts';
import { deleteApiTokenOfUser, deleteApiTokensOfUser, insertApiToken } from '../data/api-tokens.ts';
import { insertOrganization, organizationExists, updateOrganizationRow } from '../data/organizations.ts';
import { deleteSessionsOfUser } from '../data/sessions.ts';
import { insertUser, lockUser, updateUserColumns, userTakingNameOrEmail } from '../data/users.ts';
import { hashPassword, hashToken, newToken, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { audit, type Actor } from './audit.ts';

const USERNAME = /^[\w.+-]{1,150}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

export interface UserPermissions {
  organizationId?: string | null;
  isStaff?: boolean | null;
  isSuperuser?: boolean | null;
  canManageOwnInstances?: boolean | null;
  canManageAllInstances?: boolean | null;
}

export interface NewUserInput extends UserPermissions {
  username: string;
  email: string;
  password: string;
  fullName?: string | null;
}

export interface UserPatch extends UserPermissions {
  email?: string | null;
  fullName?: string | null;
  isActive?: boolean | null;
  password?: string | null;
}

function checkEmail(email: string): string {
  const e = email.trim();
  if (!EMAIL.test(e)) throw new ValidationError('email', 'Enter an email address such as ada@example.com.');
  return e;
}

function checkFullName(name: string | null | undefined): string | undefined {
  if (name === null || name === undefined) return undefined;
  if (name.length > 250) throw new ValidationError('fullName', 'At most 250 characters.');
  return name.trim();
}

function checkPassword(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError(field, problem);
}

async function checkOrganization(client: Parameters<typeof organizationExists>[0], id: string | null | undefined): Promise<void> {
  if (id && !(await organizationExists(client, id))) throw new ValidationError('organizationId', 'No such organization.');
}

/** Boolean permission flags given in the input (null = left out). */
function flags(p: UserPermissions): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const k of ['isStaff', 'isSuperuser', 'canManageOwnInstances', 'canManageAllInstances'] as const) {
    if (p[k] !== null && p[k] !== undefined) out[k] = p[k]!;
  }
  return out;
}

export async function createUser(actor: Actor, input: NewUserInput): Promise<string> {
  const username = input.username.trim();
  if (!USERNAME.test(username)) throw new ValidationError('username', 'Usernames use letters, digits and . + - _ (at most 150).');
  const email = checkEmail(input.email);
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return withTx(async (client) => {
    if (await userTakingNameOrEmail(client, username, email, null)) throw new ValidationError('username', 'This username or email is already used.');
    await checkOrganization(client, input.organizationId);
    const f = flags(input);
    const user = await insertUser(client, {
      username,
      email,
      passwordHash,
      fullName: checkFullName(input.fullName) ?? '',
      organizationId: input.organizationId ?? null,
      isStaff: f.isStaff ?? false,
      isSuperuser: f.isSuperuser ?? false,
      canManageOwnInstances: f.canManageOwnInstances ?? false,
      canManageAllInstances: f.canManageAllInstances ?? false,
    });
    await audit(client, actor, 'createUser', user.id, { username, email, organizationId: user.organizationId, ...f });
    return user.id;
  });
}

/**
 * Changes a user. Deactivating ends their sessions at once (their tokens stop working because
 * every request re-reads `isActive`); a new password ends their sessions too.
 */
export async function updateUser(actor: Actor, id: string, patch: UserPatch): Promise<string> {
  const changed: Record<string, unknown> = { ...flags(patch) };
  if (patch.email !== null && patch.email !== undefined) changed.email = checkEmail(patch.email);
  const fullName = checkFullName(patch.fullName);
  if (fullName !== undefined) changed.fullName = fullName;
  if (patch.organizationId !== undefined) changed.organizationId = patch.organizationId;
  if (patch.isActive !== null && patch.isActive !== undefined) changed.isActive = patch.isActive;
  if (patch.password) {
    checkPassword(patch.password);
    changed.passwordHash = await hashPassword(patch.password);
  }
  if (id === actor.id && (changed.isActive === false || changed.isSuperuser === false)) {
    throw new ValidationError(changed.isActive === false ? 'isActive' : 'isSuperuser', 'You cannot take this away from yourself; ask another superuser.');
  }
  return withTx(async (client) => {
    const user = await lockUser(client, id);
    if (!user) throw new NotFoundError('No user with this id.');
    if (typeof changed.email === 'string' && (await userTakingNameOrEmail(client, user.username, changed.email, id))) {
      throw new ValidationError('email', 'This email is already used.');
    }
    await checkOrganization(client, changed.organizationId as string | null | undefined);
    await updateUserColumns(client, id, changed);
    if (changed.isActive === false || changed.passwordHash) await deleteSessionsOfUser(client, id);
    const { passwordHash, ...auditable } = changed;
    await audit(client, actor, 'updateUser', id, { ...auditable, ...(passwordHash ? { passwordChanged: true } : {}) });
    return id;
  });
}

/** The signed-in user's own password: the current one is checked; every other session ends. */
export async function changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string, keepSessionToken: string | null): Promise<void> {
  checkPassword(newPassword, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  await withTx(async (client) => {
    const user = await lockUser(client, actor.id);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw new ValidationError('currentPassword', 'The current password is wrong.');
    await updateUserColumns(client, actor.id, { passwordHash });
    await deleteSessionsOfUser(client, actor.id, keepSessionToken ? hashToken(keepSessionToken) : null);
    await audit(client, actor, 'changePassword', actor.id, null);
  });
}

function checkOrganizationFields(o: { name: string; githubHandle?: string | null }): { name: string; githubHandle: string | null } {
  const name = o.name.trim();
  if (!name || name.length > 250) throw new ValidationError('name', 'Give a name of 1 to 250 characters.');
  const handle = o.githubHandle?.trim() || null;
  if (handle && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(handle)) throw new ValidationError('githubHandle', 'A GitHub login: letters, digits and hyphens.');
  return { name, githubHandle: handle };
}

export async function createOrganization(actor: Actor, input: { name: string; githubHandle?: string | null }): Promise<string> {
  const fields = checkOrganizationFields(input);
  return withTx(async (client) => {
    const org = await insertOrganization(client, fields);
    if (!org) throw new ValidationError('name', 'An organization with this name or GitHub handle exists.');
    await audit(client, actor, 'createOrganization', org.id, fields);
    return org.id;
  });
}

export async function updateOrganization(actor: Actor, id: string, input: { name: string; githubHandle?: string | null }): Promise<string> {
  const fields = checkOrganizationFields(input);
  return withTx(async (client) => {
    if (!(await organizationExists(client, id))) throw new NotFoundError('No organization with this id.');
    if (!(await updateOrganizationRow(client, id, fields))) throw new ValidationError('name', 'An organization with this name or GitHub handle exists.');
    await audit(client, actor, 'updateOrganization', id, fields);
    return id;
  });
}

/** A new token for the actor, returned once; only its SHA-256 is stored. */
export async function createOwnApiToken(actor: Actor, name: string, expiresAt: Date | null): Promise<{ id: string; token: string }> {
  const clean = name.trim();
  if (!clean || clean.length > 100) throw new ValidationError('name', 'Name the token (1 to 100 characters), e.g. "laptop".');
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new ValidationError('expiresAt', 'The expiry must be in the future.');
  const token = newToken('im_');
  const id = await withTx(async (client) => {
    const id = await insertApiToken(client, { userId: actor.id, name: clean, tokenHash: hashToken(token), expiresAt });
    await audit(client, actor, 'createApiToken', id, { name: clean, expiresAt });
    return id;
  });
  return { id, token };
}

export async function revokeOwnApiToken(actor: Actor, id: string): Promise<void> {
  await withTx(async (client) => {
    const gone = await deleteApiTokenOfUser(client, id, actor.id);
    if (!gone) throw new NotFoundError('No token of yours with this id.');
    await audit(client, actor, 'revokeApiToken', id, { name: gone.name });
  });
}

/** For administrators: every token of a user stops working. */
export async function revokeAllApiTokens(actor: Actor, userId: string): Promise<number> {
  return withTx(async (client) => {
    const n = await deleteApiTokensOfUser(client, userId);
    await audit(client, actor, 'revokeAllApiTokens', userId, { count: n });
    return n;
  });
}
