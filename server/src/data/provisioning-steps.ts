import type { Queryable } from '../db.ts';
import type { ProvisioningStep } from '../generated/prisma/client.ts';

/** A step belongs to an app server or, for the deployment-wide steps, to a deployment. */
export type StepOwnerColumn = 'appServerId' | 'deploymentId';

export interface ClaimedStep {
  id: string;
  name: string;
  status: string;
  startedAt: Date;
  deadline: Date | null;
  cursor: any;
  lease: string;
}

/**
 * Claims the step row with a fresh lease: inserts it, or takes it over while PENDING or RUNNING.
 * The first claim sets the deadline; a later one keeps it. Null when the step already finished.
 */
export async function claimStepLease(
  db: Queryable,
  owner: { column: StepOwnerColumn; id: string },
  step: { name: string; attempt: number; lease: string; budgetSeconds: number | null },
): Promise<ClaimedStep | null> {
  const column = `"${owner.column}"`;
  const res = await db.query(
    `INSERT INTO provisioning_step (${column}, name, attempt, status, "startedAt", lease, deadline)
     VALUES ($1, $2, $3, 'RUNNING', now(), $4, now() + make_interval(secs => $5::int))
     ON CONFLICT (${column}, name, attempt) DO UPDATE
       SET lease = EXCLUDED.lease, status = 'RUNNING', "updatedAt" = now(),
         deadline = COALESCE(provisioning_step.deadline, EXCLUDED.deadline)
       WHERE provisioning_step.status IN ('PENDING', 'RUNNING')
     RETURNING id, name, status, "startedAt", deadline, cursor, lease`,
    [owner.id, step.name, step.attempt, step.lease, step.budgetSeconds],
  );
  return res.rowCount === 1 ? res.rows[0] : null;
}

/** Records a step with nothing to do as skipped (first attempt); an existing row is left alone. */
export async function insertSkippedStep(db: Queryable, owner: { column: StepOwnerColumn; id: string }, name: string): Promise<void> {
  await db.query(
    `INSERT INTO provisioning_step ("${owner.column}", name, attempt, status, "startedAt", "finishedAt")
     VALUES ($1, $2, 1, 'SKIPPED', now(), now()) ON CONFLICT DO NOTHING`,
    [owner.id, name],
  );
}

// Lease compare-and-set: each write of a run happens only while its lease is the step's and the
// step is RUNNING, so a superseded run changes nothing. Each returns false when the lease was lost.

async function updateIfLeaseHeld(db: Queryable, id: string, lease: string, set: string, extra: unknown[] = []): Promise<boolean> {
  const res = await db.query(`UPDATE provisioning_step SET ${set}, "updatedAt" = now() WHERE id = $1 AND lease = $2 AND status = 'RUNNING'`, [
    id,
    lease,
    ...extra,
  ]);
  return res.rowCount === 1;
}

export function succeedStepIfLeaseHeld(db: Queryable, id: string, lease: string): Promise<boolean> {
  return updateIfLeaseHeld(db, id, lease, `status = 'SUCCEEDED', "finishedAt" = now(), error = NULL`);
}

export function failStepIfLeaseHeld(db: Queryable, id: string, lease: string, error: string): Promise<boolean> {
  return updateIfLeaseHeld(db, id, lease, `status = 'FAILED', "finishedAt" = now(), error = $3`, [error]);
}

/** Progress of a run: its cursor and/or its deadline. */
export function saveStepIfLeaseHeld(db: Queryable, id: string, lease: string, patch: { cursor?: unknown; deadline?: Date }): Promise<boolean> {
  const sets: string[] = [];
  const values: unknown[] = [];
  if (patch.cursor !== undefined) {
    values.push(JSON.stringify(patch.cursor));
    sets.push(`cursor = $${values.length + 2}::jsonb`);
  }
  if (patch.deadline !== undefined) {
    values.push(patch.deadline);
    sets.push(`deadline = $${values.length + 2}`);
  }
  return updateIfLeaseHeld(db, id, lease, sets.join(', '), values);
}

/** SUCCEEDED ends the step; PENDING leaves it waiting for another run. */
export function settleStepIfLeaseHeld(db: Queryable, id: string, lease: string, status: 'SUCCEEDED' | 'PENDING'): Promise<boolean> {
  return updateIfLeaseHeld(db, id, lease, `status = $3::"StepStatus", "finishedAt" = CASE WHEN $3 = 'SUCCEEDED' THEN now() END`, [status]);
}

/** Writes nothing but fails the caller's transaction's check when the lease was lost. */
export function leaseStillHeld(db: Queryable, id: string, lease: string): Promise<boolean> {
  return updateIfLeaseHeld(db, id, lease, 'lease = lease');
}

/** A read-only look, outside any transaction. */
export async function stepStillOwned(db: Queryable, id: string, lease: string): Promise<boolean> {
  const res = await db.query(`SELECT 1 FROM provisioning_step WHERE id = $1 AND lease = $2 AND status = 'RUNNING'`, [id, lease]);
  return res.rowCount === 1;
}

/** A finished step (SUCCEEDED or FAILED) with its duration and where its log line goes; null otherwise. */
export async function finishedStepSummary(
  db: Queryable,
  id: string,
): Promise<{
  name: string;
  attempt: number;
  status: string;
  error: string | null;
  appServerId: string | null;
  instanceId: string | null;
  seconds: number;
} | null> {
  const res = await db.query(
    `SELECT s.name, s.attempt, s.status, s.error, s."appServerId", d."instanceId",
       extract(epoch FROM s."finishedAt" - s."startedAt")::float8 AS seconds
     FROM provisioning_step s LEFT JOIN deployment d ON d.id = s."deploymentId"
     WHERE s.id = $1 AND s.status IN ('SUCCEEDED', 'FAILED')`,
    [id],
  );
  return res.rows[0] ?? null;
}

/** Re-opens a step that waits for its next poll (a run of the same attempt), with its cursor. */
export async function reopenStep(db: Queryable, id: string, cursor?: unknown): Promise<void> {
  if (cursor === undefined) await db.query(`UPDATE provisioning_step SET status = 'RUNNING', "finishedAt" = NULL WHERE id = $1`, [id]);
  else await db.query(`UPDATE provisioning_step SET status = 'RUNNING', "finishedAt" = NULL, cursor = $2::jsonb WHERE id = $1`, [id, JSON.stringify(cursor)]);
}

export async function markStepSkipped(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE provisioning_step SET status = 'SKIPPED' WHERE id = $1`, [id]);
}

/** A cancelled deployment's waiting and running steps end. */
export async function cancelStepsOfDeployment(db: Queryable, deploymentId: string): Promise<void> {
  await db.query(
    `UPDATE provisioning_step SET status = 'FAILED', error = 'cancelled', "finishedAt" = now(), lease = NULL, "updatedAt" = now()
     WHERE "deploymentId" = $1 AND status IN ('PENDING', 'RUNNING')`,
    [deploymentId],
  );
}

/** A terminated app server's waiting and running steps end. */
export async function endStepsOfTerminated(db: Queryable, appServerId: string): Promise<void> {
  await db.query(
    `UPDATE provisioning_step SET status = 'FAILED', error = 'terminated', "finishedAt" = now(), lease = NULL WHERE "appServerId" = $1 AND status IN ('PENDING', 'RUNNING')`,
    [appServerId],
  );
}

export async function stepsPastDeadline(db: Queryable, limit: number): Promise<string[]> {
  const res = await db.query(`SELECT id FROM provisioning_step WHERE status IN ('PENDING', 'RUNNING') AND deadline < now() ORDER BY deadline LIMIT $1`, [
    limit,
  ]);
  return res.rows.map((r) => r.id as string);
}

/** Fails a step whose deadline passed, if it still has not ended; returns it then. */
export async function failStepPastDeadline(
  db: Queryable,
  id: string,
): Promise<{ name: string; appServerId: string | null; deploymentId: string | null; deadline: Date } | null> {
  const res = await db.query(
    `UPDATE provisioning_step SET status = 'FAILED', error = 'deadline passed', "finishedAt" = now(), lease = NULL, "updatedAt" = now()
     WHERE id = $1 AND status IN ('PENDING', 'RUNNING') AND deadline < now()
     RETURNING name, "appServerId", "deploymentId", deadline`,
    [id],
  );
  return res.rowCount === 1 ? res.rows[0] : null;
}

/** Whether the deployment's start step waits for capacity. */
export async function deploymentStartWaits(db: Queryable, deploymentId: string): Promise<boolean> {
  const res = await db.query(`SELECT 1 FROM provisioning_step WHERE "deploymentId" = $1 AND name = 'deployment.start' AND status = 'PENDING'`, [deploymentId]);
  return Boolean(res.rowCount);
}

/** The deployment's start step is done (its own job, queued or waiting, then stops there). */
export async function succeedDeploymentStart(db: Queryable, deploymentId: string): Promise<void> {
  await db.query(
    `INSERT INTO provisioning_step ("deploymentId", name, attempt, status, "startedAt", "finishedAt")
     VALUES ($1, 'deployment.start', 1, 'SUCCEEDED', now(), now())
     ON CONFLICT ("deploymentId", name, attempt) DO UPDATE
       SET status = 'SUCCEEDED', "finishedAt" = now(), lease = NULL, error = NULL, "updatedAt" = now()`,
    [deploymentId],
  );
}

/** The cursor of the app server's newest recipe run (its process group), if any. */
export async function latestRecipeCursor(db: Queryable, appServerId: string): Promise<any> {
  const res = await db.query(`SELECT cursor FROM provisioning_step WHERE "appServerId" = $1 AND name = 'appserver.runRecipe' ORDER BY attempt DESC LIMIT 1`, [
    appServerId,
  ]);
  return res.rows[0]?.cursor;
}

/** The app server's steps in the order they started (never-started ones last). */
export async function stepsOfAppServer(db: Queryable, appServerId: string): Promise<ProvisioningStep[]> {
  return (await db.query(`SELECT * FROM provisioning_step WHERE "appServerId" = $1 ORDER BY "startedAt" ASC NULLS LAST, "createdAt" ASC`, [appServerId])).rows;
}

/** The steps of many app servers in one statement (a page of the API), each list in start order. */
export async function stepsOfAppServers(db: Queryable, appServerIds: string[]): Promise<Map<string, ProvisioningStep[]>> {
  const res = await db.query(`SELECT * FROM provisioning_step WHERE "appServerId" = ANY($1::uuid[]) ORDER BY "startedAt" ASC NULLS LAST, "createdAt" ASC`, [
    appServerIds,
  ]);
  const byAppServer = new Map<string, ProvisioningStep[]>(appServerIds.map((id) => [id, []]));
  for (const row of res.rows as ProvisioningStep[]) byAppServer.get(row.appServerId as string)?.push(row);
  return byAppServer;
}
