import type { Queryable } from '../db.ts';

export async function insertSession(db: Queryable, s: { userId: string; tokenHash: string; expiresAt: Date; ip: string; userAgent: string }): Promise<void> {
  await db.query(`INSERT INTO session ("userId", "tokenHash", "expiresAt", ip, "userAgent") VALUES ($1, $2, $3, $4, $5)`, [
    s.userId,
    s.tokenHash,
    s.expiresAt,
    s.ip,
    s.userAgent,
  ]);
}

export async function sessionByHash(db: Queryable, tokenHash: string): Promise<{ id: string; userId: string; expiresAt: Date; lastSeenAt: Date } | null> {
  return (await db.query(`SELECT id, "userId", "expiresAt", "lastSeenAt" FROM session WHERE "tokenHash" = $1`, [tokenHash])).rows[0] ?? null;
}

/** Sliding expiry: a use pushes the expiry out again. */
export async function recordSessionUse(db: Queryable, id: string, expiresAt: Date): Promise<void> {
  await db.query(`UPDATE session SET "lastSeenAt" = now(), "expiresAt" = $2, "updatedAt" = now() WHERE id = $1`, [id, expiresAt]);
}

export async function deleteSessionByHash(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(`DELETE FROM session WHERE "tokenHash" = $1`, [tokenHash]);
}

/** Ends the user's console sessions, all but the one whose token hash is `keepHash`. */
export async function deleteSessionsOfUser(db: Queryable, userId: string, keepHash: string | null = null): Promise<number> {
  return (await db.query(`DELETE FROM session WHERE "userId" = $1 AND "tokenHash" IS DISTINCT FROM $2`, [userId, keepHash])).rowCount ?? 0;
}
