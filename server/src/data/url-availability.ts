import type { Queryable } from '../db.ts';

/** One watched URL's state between availability runs (SPEC §9.7). */
export interface UrlAvailabilityRow {
  instanceId: string;
  url: string;
  up: boolean;
  consecutiveFailures: number;
  alerted: boolean;
  lastStatus: number | null;
  lastError: string | null;
  downSince: Date | null;
  lastCheckedAt: Date;
}

export async function urlStatesOfInstance(db: Queryable, instanceId: string): Promise<UrlAvailabilityRow[]> {
  return (
    await db.query(
      `SELECT "instanceId", url, up, "consecutiveFailures", alerted, "lastStatus", "lastError", "downSince", "lastCheckedAt"
       FROM url_availability WHERE "instanceId" = $1 ORDER BY url`,
      [instanceId],
    )
  ).rows;
}

/** Locks the instance's URL states, so two overlapping runs apply their results one after the other. */
export async function lockUrlStatesOfInstance(db: Queryable, instanceId: string): Promise<UrlAvailabilityRow[]> {
  return (
    await db.query(
      `SELECT "instanceId", url, up, "consecutiveFailures", alerted, "lastStatus", "lastError", "downSince", "lastCheckedAt"
       FROM url_availability WHERE "instanceId" = $1 ORDER BY url FOR UPDATE`,
      [instanceId],
    )
  ).rows;
}

export async function saveUrlState(db: Queryable, row: UrlAvailabilityRow): Promise<void> {
  await db.query(
    `INSERT INTO url_availability ("instanceId", url, up, "consecutiveFailures", alerted, "lastStatus", "lastError", "downSince", "lastCheckedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT ("instanceId", url) DO UPDATE SET up = $3, "consecutiveFailures" = $4, alerted = $5, "lastStatus" = $6, "lastError" = $7,
       "downSince" = $8, "lastCheckedAt" = $9`,
    [row.instanceId, row.url, row.up, row.consecutiveFailures, row.alerted, row.lastStatus, row.lastError, row.downSince, row.lastCheckedAt],
  );
}

/** URLs no longer watched (a changed domain) are forgotten, so they neither alert nor show. */
export async function forgetOtherUrls(db: Queryable, instanceId: string, urls: string[]): Promise<void> {
  await db.query(`DELETE FROM url_availability WHERE "instanceId" = $1 AND NOT (url = ANY($2::text[]))`, [instanceId, urls]);
}
