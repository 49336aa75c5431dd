import type { Queryable } from '../db.ts';

/** The watch after an automatic switch (SPEC §16). */
export interface ActivationWatchRow {
  instanceId: string;
  deploymentId: string;
  switchedAt: Date;
  newAppServerIds: string[];
  previousAppServerIds: string[];
  consecutiveFailures: number;
  lastRunAt: Date | null;
  rolledBackAt: Date | null;
}

/** Starts (or restarts: the latest switch is the one watched) the instance's watch. */
export async function startWatch(
  db: Queryable,
  w: { instanceId: string; deploymentId: string; newAppServerIds: string[]; previousAppServerIds: string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO activation_watch ("instanceId", "deploymentId", "switchedAt", "newAppServerIds", "previousAppServerIds")
     VALUES ($1, $2, now(), $3::uuid[], $4::uuid[])
     ON CONFLICT ("instanceId") DO UPDATE SET "deploymentId" = $2, "switchedAt" = now(), "newAppServerIds" = $3::uuid[],
       "previousAppServerIds" = $4::uuid[], "consecutiveFailures" = 0, "lastRunAt" = NULL, "rolledBackAt" = NULL`,
    [w.instanceId, w.deploymentId, w.newAppServerIds, w.previousAppServerIds],
  );
}

export async function lockWatch(db: Queryable, instanceId: string): Promise<ActivationWatchRow | null> {
  return (await db.query(`SELECT * FROM activation_watch WHERE "instanceId" = $1 FOR UPDATE`, [instanceId])).rows[0] ?? null;
}

export async function watchOf(db: Queryable, instanceId: string): Promise<ActivationWatchRow | null> {
  return (await db.query(`SELECT * FROM activation_watch WHERE "instanceId" = $1`, [instanceId])).rows[0] ?? null;
}

export async function recordWatchRun(db: Queryable, instanceId: string, consecutiveFailures: number, at: Date): Promise<void> {
  await db.query(`UPDATE activation_watch SET "consecutiveFailures" = $2, "lastRunAt" = $3 WHERE "instanceId" = $1`, [instanceId, consecutiveFailures, at]);
}

export async function markRolledBack(db: Queryable, instanceId: string): Promise<void> {
  await db.query(`UPDATE activation_watch SET "rolledBackAt" = now() WHERE "instanceId" = $1`, [instanceId]);
}

/** An operator's own activation or deactivation ends the watch: what is active now is their choice. */
export async function endWatch(db: Queryable, instanceId: string): Promise<void> {
  await db.query(`DELETE FROM activation_watch WHERE "instanceId" = $1`, [instanceId]);
}
