import type { Queryable } from '../db.ts';

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
