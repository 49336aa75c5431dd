import { advisoryXactLock, type Queryable } from '../db.ts';

/** One check of a login and address pair at a time, until the caller's transaction ends. */
export function lockLoginPair(db: Queryable, login: string, ip: string): Promise<void> {
  return advisoryXactLock(db, `login:${login}:${ip}`);
}

export async function countFailuresSince(db: Queryable, login: string, ip: string, since: Date): Promise<number> {
  const res = await db.query(`SELECT count(*)::int AS n FROM login_failure WHERE login = $1 AND ip = $2 AND "createdAt" >= $3`, [login, ip, since]);
  return res.rows[0].n;
}

export async function insertLoginFailure(db: Queryable, login: string, ip: string): Promise<void> {
  await db.query(`INSERT INTO login_failure (login, ip) VALUES ($1, $2)`, [login, ip]);
}

export async function clearLoginFailures(db: Queryable, login: string, ip: string): Promise<void> {
  await db.query(`DELETE FROM login_failure WHERE login = $1 AND ip = $2`, [login, ip]);
}
