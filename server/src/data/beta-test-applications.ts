import { prisma, type Queryable } from '../db.ts';
import type { BetaTestApplication, Prisma } from '../generated/prisma/client.ts';

export async function insertBetaTestApplication(
  db: Queryable,
  a: { userId: string; subdomain: string; instanceName: string; publicContactEmail: string; projectDescription: string },
): Promise<BetaTestApplication | null> {
  const res = await db.query(
    `INSERT INTO beta_test_application ("userId", subdomain, "instanceName", "publicContactEmail", "projectDescription") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING *`,
    [a.userId, a.subdomain, a.instanceName, a.publicContactEmail, a.projectDescription],
  );
  return (res.rows[0] as BetaTestApplication | undefined) ?? null;
}

export async function subdomainApplied(db: Queryable, subdomain: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM beta_test_application WHERE subdomain = $1`, [subdomain])).rowCount === 1;
}

export async function applicationOfUser(db: Queryable, userId: string): Promise<BetaTestApplication | null> {
  return ((await db.query(`SELECT * FROM beta_test_application WHERE "userId" = $1`, [userId])).rows[0] as BetaTestApplication | undefined) ?? null;
}

export async function lockApplication(db: Queryable, id: string): Promise<BetaTestApplication | null> {
  return ((await db.query(`SELECT * FROM beta_test_application WHERE id = $1 FOR UPDATE`, [id])).rows[0] as BetaTestApplication | undefined) ?? null;
}

/** Links the instance created for a PENDING application that has none; false when another verification did first. */
export async function linkApplicationInstance(db: Queryable, id: string, instanceId: string): Promise<boolean> {
  const res = await db.query(
    `UPDATE beta_test_application SET "instanceId" = $2, "updatedAt" = now() WHERE id = $1 AND "instanceId" IS NULL AND status = 'PENDING'`,
    [id, instanceId],
  );
  return res.rowCount === 1;
}

/** On the instance's first HEALTHY deployment: PENDING → ACCEPTED; the accepted application, or null. */
export async function acceptApplicationOfInstance(
  db: Queryable,
  instanceId: string,
): Promise<{ id: string; userId: string; publicContactEmail: string; email: string; fullName: string } | null> {
  const res = await db.query(
    `UPDATE beta_test_application b SET status = 'ACCEPTED', "updatedAt" = now() FROM "user" u
     WHERE b."instanceId" = $1 AND b.status = 'PENDING' AND u.id = b."userId"
     RETURNING b.id, b."userId", b."publicContactEmail", u.email, u."fullName"`,
    [instanceId],
  );
  return res.rows[0] ?? null;
}

/** The application an instance was created for, with its applicant, or null (most instances). */
export async function applicationOfInstance(
  db: Queryable,
  instanceId: string,
): Promise<{ id: string; subdomain: string; status: string; username: string; email: string } | null> {
  const res = await db.query(
    `SELECT b.id, b.subdomain, b.status, u.username, u.email FROM beta_test_application b JOIN "user" u ON u.id = b."userId" WHERE b."instanceId" = $1`,
    [instanceId],
  );
  return res.rows[0] ?? null;
}

export async function setApplicationStatus(db: Queryable, id: string, status: 'PENDING' | 'ACCEPTED' | 'REJECTED'): Promise<void> {
  await db.query(`UPDATE beta_test_application SET status = $2, "updatedAt" = now() WHERE id = $1`, [id, status]);
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findApplicationsForGraphQL(query: object, where: Prisma.BetaTestApplicationWhereInput) {
  return prisma.betaTestApplication.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export function findApplicationOfUserForGraphQL(query: object, userId: string) {
  return prisma.betaTestApplication.findUnique({ ...query, where: { userId } });
}

export function findApplicationOrThrowForGraphQL(query: object, id: string) {
  return prisma.betaTestApplication.findUniqueOrThrow({ ...query, where: { id } });
}
