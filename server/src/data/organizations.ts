import { prisma, type Queryable } from '../db.ts';
import type { Organization } from '../generated/prisma/client.ts';

export async function organizationExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM organization WHERE id = $1`, [id])).rowCount === 1;
}

/** Inserts the organization; null when the name (or GitHub handle) is taken. */
export async function insertOrganization(db: Queryable, o: { name: string; githubHandle: string | null }): Promise<Organization | null> {
  const res = await db.query(`INSERT INTO organization (name, "githubHandle") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING *`, [o.name, o.githubHandle]);
  return (res.rows[0] as Organization | undefined) ?? null;
}

/** Renames; false when the name or handle is taken by another organization or the row is gone. */
export async function updateOrganizationRow(db: Queryable, id: string, o: { name: string; githubHandle: string | null }): Promise<boolean> {
  const taken = await db.query(`SELECT 1 FROM organization WHERE id <> $1 AND (name = $2 OR "githubHandle" = $3)`, [id, o.name, o.githubHandle]);
  if (taken.rowCount) return false;
  const res = await db.query(`UPDATE organization SET name = $2, "githubHandle" = $3, "updatedAt" = now() WHERE id = $1`, [id, o.name, o.githubHandle]);
  return res.rowCount === 1;
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findOrganizationsForGraphQL(query: object) {
  return prisma.organization.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export function findOrganizationOrThrowForGraphQL(query: object, id: string) {
  return prisma.organization.findUniqueOrThrow({ ...query, where: { id } });
}
