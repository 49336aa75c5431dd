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

/** The organization named `name` (or with that GitHub handle), created with the handle when missing. */
export async function ensureOrganization(db: Queryable, name: string): Promise<string> {
  const found = await db.query(`SELECT id FROM organization WHERE name = $1 OR lower("githubHandle") = lower($1) ORDER BY (name = $1) DESC LIMIT 1`, [name]);
  if (found.rows[0]) return found.rows[0].id as string;
  const res = await db.query(
    `INSERT INTO organization (name, "githubHandle", "updatedAt") VALUES ($1, $1, now())
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [name],
  );
  return res.rows[0].id as string;
}
