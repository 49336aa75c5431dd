import type { Queryable } from '../db.ts';

export async function insertEmailVerification(db: Queryable, v: { userId: string; email: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  await db.query(`INSERT INTO email_verification ("userId", email, "tokenHash", "expiresAt") VALUES ($1, $2, $3, $4)`, [
    v.userId,
    v.email,
    v.tokenHash,
    v.expiresAt,
  ]);
}

export async function verificationByHash(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: string; userId: string; email: string; tokenHash: string; expiresAt: Date; verifiedAt: Date | null } | null> {
  return (
    (await db.query(`SELECT id, "userId", email, "tokenHash", "expiresAt", "verifiedAt" FROM email_verification WHERE "tokenHash" = $1`, [tokenHash]))
      .rows[0] ?? null
  );
}

/** Marks the address verified for the user (every link sent to it counts). */
export async function markAddressVerified(db: Queryable, userId: string, email: string): Promise<void> {
  await db.query(
    `UPDATE email_verification SET "verifiedAt" = COALESCE("verifiedAt", now()), "updatedAt" = now() WHERE "userId" = $1 AND lower(email) = lower($2)`,
    [userId, email],
  );
}

/** The user's addresses still waiting for verification. */
export async function unverifiedAddresses(db: Queryable, userId: string): Promise<string[]> {
  const res = await db.query(
    `SELECT DISTINCT lower(email) AS email FROM email_verification v WHERE "userId" = $1
     AND NOT EXISTS (SELECT 1 FROM email_verification w WHERE w."userId" = v."userId" AND lower(w.email) = lower(v.email) AND w."verifiedAt" IS NOT NULL)`,
    [userId],
  );
  return res.rows.map((r) => r.email as string);
}

/** Users (and the address) with an unverified verification for `email`, as account or contact address. */
export async function pendingVerificationsFor(db: Queryable, email: string): Promise<{ userId: string; email: string }[]> {
  const res = await db.query(
    `SELECT DISTINCT "userId", lower(email) AS email FROM email_verification v WHERE lower(email) = lower($1)
     AND NOT EXISTS (SELECT 1 FROM email_verification w WHERE w."userId" = v."userId" AND lower(w.email) = lower(v.email) AND w."verifiedAt" IS NOT NULL)`,
    [email],
  );
  return res.rows;
}
