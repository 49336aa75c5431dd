import type { Queryable } from '../db.ts';

export async function insertApiToken(db: Queryable, t: { userId: string; name: string; tokenHash: string; expiresAt: Date | null }): Promise<void> {
  await db.query(`INSERT INTO api_token ("userId", name, "tokenHash", "expiresAt") VALUES ($1, $2, $3, $4)`, [t.userId, t.name, t.tokenHash, t.expiresAt]);
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
