import type { Queryable } from '../db.ts';

/** Records a webhook delivery; false when its id was taken before (a redelivery). */
export async function recordDelivery(db: Queryable, deliveryId: string, event: string): Promise<boolean> {
  const res = await db.query(`INSERT INTO github_delivery ("deliveryId", event) VALUES ($1, $2) ON CONFLICT ("deliveryId") DO NOTHING`, [deliveryId, event]);
  return res.rowCount === 1;
}

/** Forgets delivery ids older than `days` (SPEC §13 github-deliveries-prune); returns how many. */
export async function pruneDeliveries(db: Queryable, days: number): Promise<number> {
  const res = await db.query(`DELETE FROM github_delivery WHERE "receivedAt" < now() - make_interval(days => $1)`, [days]);
  return res.rowCount ?? 0;
}
