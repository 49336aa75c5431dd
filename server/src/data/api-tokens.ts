import { prisma, type Queryable } from '../db.ts';

export async function insertApiToken(db: Queryable, t: { userId: string; name: string; tokenHash: string; expiresAt: Date | null }): Promise<string> {
  const res = await db.query(`INSERT INTO api_token ("userId", name, "tokenHash", "expiresAt") VALUES ($1, $2, $3, $4) RETURNING id`, [
    t.userId,
    t.name,
    t.tokenHash,
    t.expiresAt,
  ]);
  return res.rows[0].id as string;
}

export async function apiTokenByHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: string; userId: string; expiresAt: Date | null; lastUsedAt: Date | null } | null> {
  return (await db.query(`SELECT id, "userId", "expiresAt", "lastUsedAt" FROM api_token WHERE "tokenHash" = $1`, [tokenHash])).rows[0] ?? null;
}

export async function recordTokenUse(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE api_token SET "lastUsedAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
}

/** Deletes one of the user's tokens; false when they have no token with this id. */
export async function deleteApiTokenOfUser(db: Queryable, id: string, userId: string): Promise<{ name: string } | null> {
  return (await db.query(`DELETE FROM api_token WHERE id = $1 AND "userId" = $2 RETURNING name`, [id, userId])).rows[0] ?? null;
}

export async function deleteApiTokensOfUser(db: Queryable, userId: string): Promise<number> {
  return (await db.query(`DELETE FROM api_token WHERE "userId" = $1`, [userId])).rowCount ?? 0;
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findApiTokensOfUserForGraphQL(query: object, userId: string) {
  return prisma.apiToken.findMany({ ...query, where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export function findApiTokenOrThrowForGraphQL(query: object, id: string) {
  return prisma.apiToken.findUniqueOrThrow({ ...query, where: { id } });
}
