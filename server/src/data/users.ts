import { prisma, type Queryable } from '../db.ts';
import type { User } from '../generated/prisma/client.ts';

export async function loadUser(db: Queryable, id: string): Promise<User | null> {
  return ((await db.query(`SELECT * FROM "user" WHERE id = $1`, [id])).rows[0] as User | undefined) ?? null;
}

export async function userByUsername(db: Queryable, username: string): Promise<User | null> {
  return ((await db.query(`SELECT * FROM "user" WHERE username = $1`, [username])).rows[0] as User | undefined) ?? null;
}

/** The user whose username is `username` or whose email is `email` (the first found). */
export async function userByUsernameOrEmail(db: Queryable, username: string, email: string): Promise<User | null> {
  return ((await db.query(`SELECT * FROM "user" WHERE username = $1 OR email = $2 LIMIT 1`, [username, email])).rows[0] as User | undefined) ?? null;
}

export async function insertSuperuser(db: Queryable, u: { username: string; email: string; passwordHash: string }): Promise<User> {
  const res = await db.query(
    `INSERT INTO "user" (username, email, "passwordHash", "isSuperuser", "isStaff", "emailVerifiedAt") VALUES ($1, $2, $3, true, true, now()) RETURNING *`,
    [u.username, u.email, u.passwordHash],
  );
  return res.rows[0] as User;
}

export async function recordLogin(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE "user" SET "lastLoginAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findUserOrThrowForGraphQL(query: object, id: string) {
  return prisma.user.findUniqueOrThrow({ ...query, where: { id } });
}

/** The user whose GitHub login this is (case-insensitive), with their organization. */
export async function userByGithubUsername(db: Queryable, login: string): Promise<{ id: string; organizationId: string | null } | null> {
  const res = await db.query(`SELECT id, "organizationId" FROM "user" WHERE lower("githubUsername") = lower($1) AND "isActive" LIMIT 1`, [login]);
  return res.rows[0] ?? null;
}

/** GitHub logins granted SSH on an instance's app servers (SPEC §7.2): superusers and the owning organization's users. */
export async function githubLoginsToGrant(db: Queryable, organizationId: string | null): Promise<string[]> {
  const res = await db.query(
    `SELECT DISTINCT "githubUsername" AS login FROM "user"
     WHERE "isActive" AND "githubUsername" IS NOT NULL AND ("isSuperuser" OR "organizationId" = $1::uuid) ORDER BY 1`,
    [organizationId],
  );
  return res.rows.map((r) => r.login as string);
}

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  fullName: string;
  organizationId: string | null;
  isStaff: boolean;
  isSuperuser: boolean;
  canManageOwnInstances: boolean;
  canManageAllInstances: boolean;
}

export async function insertUser(db: Queryable, u: NewUser): Promise<User> {
  const res = await db.query(
    `INSERT INTO "user" (username, email, "passwordHash", "fullName", "organizationId", "isStaff", "isSuperuser", "canManageOwnInstances", "canManageAllInstances")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [u.username, u.email, u.passwordHash, u.fullName, u.organizationId, u.isStaff, u.isSuperuser, u.canManageOwnInstances, u.canManageAllInstances],
  );
  return res.rows[0] as User;
}

/** The user another one than `exceptId` already has this username or email (case-insensitive email). */
export async function userTakingNameOrEmail(db: Queryable, username: string, email: string, exceptId: string | null): Promise<{ username: string } | null> {
  return (
    (
      await db.query(`SELECT username FROM "user" WHERE (username = $1 OR lower(email) = lower($2)) AND id IS DISTINCT FROM $3::uuid LIMIT 1`, [
        username,
        email,
        exceptId,
      ])
    ).rows[0] ?? null
  );
}

const USER_COLUMNS = new Set([
  'email',
  'fullName',
  'organizationId',
  'isStaff',
  'isSuperuser',
  'isActive',
  'canManageOwnInstances',
  'canManageAllInstances',
  'passwordHash',
]);

export async function updateUserColumns(db: Queryable, id: string, changed: Record<string, unknown>): Promise<void> {
  const names = Object.keys(changed).filter((k) => USER_COLUMNS.has(k));
  if (!names.length) return;
  await db.query(`UPDATE "user" SET ${names.map((k, i) => `"${k}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [
    id,
    ...names.map((k) => changed[k]),
  ]);
}

export async function lockUser(db: Queryable, id: string): Promise<User | null> {
  return ((await db.query(`SELECT * FROM "user" WHERE id = $1 FOR UPDATE`, [id])).rows[0] as User | undefined) ?? null;
}

export function findUsersForGraphQL(query: object) {
  return prisma.user.findMany({ ...query, orderBy: [{ username: 'asc' }, { id: 'asc' }] });
}
