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
