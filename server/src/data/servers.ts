import type { Queryable } from '../db.ts';
import type { Server } from '../generated/prisma/client.ts';

export async function loadServer(db: Queryable, id: string): Promise<Server | null> {
  return ((await db.query('SELECT * FROM server WHERE id = $1', [id])).rows[0] as Server | undefined) ?? null;
}

export async function insertServer(
  db: Queryable,
  s: { provider: string; name: string; region: string; hostKey: string | null; hostPrivateKeyEnc: string | null },
): Promise<string> {
  const res = await db.query(`INSERT INTO server (provider, name, region, "hostKey", "hostPrivateKeyEnc") VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    s.provider,
    s.name,
    s.region,
    s.hostKey,
    s.hostPrivateKeyEnc,
  ]);
  return res.rows[0].id as string;
}

/**
 * Compare-and-set of the state machine: moves the server from `from` to `to` (writing `set` too)
 * only if it is still in `from`; false when it was not.
 */
export async function compareAndSetServerStatus(db: Queryable, id: string, from: string, to: string, set: Record<string, unknown> = {}): Promise<boolean> {
  const keys = Object.keys(set);
  const extra = keys.map((k, i) => `, "${k}" = $${i + 4}`).join('');
  const res = await db.query(
    `UPDATE server SET status = $3::"ServerStatus", "statusChangedAt" = now(), "updatedAt" = now()${extra} WHERE id = $1 AND status = $2::"ServerStatus"`,
    [id, from, to, ...Object.values(set)],
  );
  return res.rowCount === 1;
}

export async function serverStatus(db: Queryable, id: string): Promise<string | null> {
  return (await db.query(`SELECT status FROM server WHERE id = $1`, [id])).rows[0]?.status ?? null;
}

export async function lockServerStatus(db: Queryable, id: string): Promise<string | null> {
  return (await db.query(`SELECT status FROM server WHERE id = $1 FOR UPDATE`, [id])).rows[0]?.status ?? null;
}

export async function updateServerColumns(db: Queryable, id: string, set: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(set);
  if (!keys.length) return;
  await db.query(`UPDATE server SET ${keys.map((k, i) => `"${k}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [id, ...Object.values(set)]);
}

/** Trust on first use: records a host key unless one is known. */
export async function recordFirstHostKey(db: Queryable, id: string, publicKey: string): Promise<void> {
  await db.query(`UPDATE server SET "hostKey" = $2, "updatedAt" = now() WHERE id = $1 AND "hostKey" IS NULL`, [id, publicKey]);
}

export async function recordExternalId(db: Queryable, id: string, externalId: string, httpPort: number | null): Promise<void> {
  await db.query(`UPDATE server SET "externalId" = $2, "httpPort" = COALESCE($3, "httpPort"), "updatedAt" = now() WHERE id = $1`, [id, externalId, httpPort]);
}

export async function forgetHostPrivateKey(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE server SET "hostPrivateKeyEnc" = NULL WHERE id = $1`, [id]);
}

/** Local servers that are Ready under a Running app server: their services belong to this worker. */
export async function localServersToReadopt(db: Queryable): Promise<Server[]> {
  return (
    await db.query(
      `SELECT s.* FROM server s JOIN app_server a ON a."serverId" = s.id WHERE s.provider = 'local' AND s.status = 'READY' AND a.status = 'RUNNING'`,
    )
  ).rows;
}

export async function localServersNotTerminated(db: Queryable): Promise<Server[]> {
  return (await db.query(`SELECT * FROM server WHERE provider = 'local' AND status <> 'TERMINATED'`)).rows;
}
