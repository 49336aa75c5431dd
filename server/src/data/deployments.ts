import { advisoryXactLock, prisma, type Queryable } from '../db.ts';
import type { Deployment } from '../generated/prisma/client.ts';

export async function loadDeployment(db: Queryable, id: string): Promise<Deployment | null> {
  return ((await db.query('SELECT * FROM deployment WHERE id = $1', [id])).rows[0] as Deployment | undefined) ?? null;
}

export async function lockDeployment(db: Queryable, id: string): Promise<any> {
  return (await db.query(`SELECT * FROM deployment WHERE id = $1 FOR UPDATE`, [id])).rows[0] ?? null;
}

/** Locks the deployment and reads what a cancel checks, with its instance's archive stamps. */
export async function lockDeploymentForCancel(
  db: Queryable,
  id: string,
): Promise<{ instanceId: string; status: string; cancelledAt: Date | null; archivedAt: Date | null; archiveRequestedAt: Date | null } | null> {
  const res = await db.query(
    `SELECT d."instanceId", d.status, d."cancelledAt", i."archivedAt", i."archiveRequestedAt" FROM deployment d JOIN instance i ON i.id = d."instanceId"
     WHERE d.id = $1 FOR UPDATE OF d`,
    [id],
  );
  return res.rows[0] ?? null;
}

export async function lockDeploymentStart(db: Queryable, id: string): Promise<{ cancelledAt: Date | null; startedAt: Date | null }> {
  return (await db.query(`SELECT "cancelledAt", "startedAt" FROM deployment WHERE id = $1 FOR UPDATE`, [id])).rows[0];
}

export async function deploymentCancelState(db: Queryable, id: string): Promise<{ instanceId: string; cancelledAt: Date | null } | null> {
  return (await db.query(`SELECT "instanceId", "cancelledAt" FROM deployment WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function markCancelled(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE deployment SET "cancelledAt" = now(), status = 'CANCELLED', "updatedAt" = now() WHERE id = $1 AND "cancelledAt" IS NULL`, [id]);
}

/** The instance's deployments still queued or provisioning. */
export async function pendingDeploymentIds(db: Queryable, instanceId: string): Promise<string[]> {
  return (await db.query(`SELECT id FROM deployment WHERE "instanceId" = $1 AND status IN ('QUEUED', 'PROVISIONING')`, [instanceId])).rows.map(
    (r) => r.id as string,
  );
}

/** The same, leaving out those already cancelled. */
export async function uncancelledPendingDeploymentIds(db: Queryable, instanceId: string): Promise<string[]> {
  return (
    await db.query(`SELECT id FROM deployment WHERE "instanceId" = $1 AND "cancelledAt" IS NULL AND status IN ('QUEUED', 'PROVISIONING')`, [instanceId])
  ).rows.map((r) => r.id as string);
}

/** Statuses of the instance's uncancelled queued or provisioning deployments, newest first. */
export async function inFlightStatuses(db: Queryable, instanceId: string): Promise<string[]> {
  return (
    await db.query(
      `SELECT status FROM deployment WHERE "instanceId" = $1 AND "cancelledAt" IS NULL AND status IN ('QUEUED', 'PROVISIONING') ORDER BY "createdAt" DESC`,
      [instanceId],
    )
  ).rows.map((r) => r.status as string);
}

export async function insertDeployment(
  db: Queryable,
  d: {
    instanceId: string;
    type: string;
    creatorId: string | null;
    targetCount: number;
    numAttempts: number;
    activateOnSuccess: boolean;
    headSha?: string | null;
  },
): Promise<string> {
  const res = await db.query(
    `INSERT INTO deployment ("instanceId", type, "creatorId", "targetCount", "numAttempts", "activateOnSuccess", "headSha")
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [d.instanceId, d.type, d.creatorId, d.targetCount, d.numAttempts, d.activateOnSuccess, d.headSha ?? null],
  );
  return res.rows[0].id as string;
}

// SPEC §6.2: waiting deployments start in FIFO order, ADMIN/USER/REGISTRATION ahead of PR/PERIODIC/BATCH.
const CLASS = `CASE WHEN type IN ('ADMIN', 'USER', 'REGISTRATION') THEN 0 ELSE 1 END`;

/**
 * A deployment that waits for capacity: QUEUED, never started, not cancelled or finished, of an
 * instance still in use. A stale row (evaluated to another status before it started, or of an
 * archived instance) will never start and must hold back nobody.
 */
function waiting(d: string): string {
  return `${d}."startedAt" IS NULL AND ${d}."cancelledAt" IS NULL AND ${d}."finishedAt" IS NULL AND ${d}.status = 'QUEUED'
    AND NOT EXISTS (SELECT 1 FROM instance w WHERE w.id = ${d}."instanceId" AND w."archivedAt" IS NOT NULL)`;
}

/** 1 for the next deployment to start, 2 for the one after…; null once started, cancelled or finished. */
export async function queuePosition(db: Queryable, deploymentId: string): Promise<number | null> {
  const res = await db.query(
    `SELECT (SELECT count(*)::int FROM deployment o
             WHERE ${waiting('o')}
               AND (${CLASS.replace(/type/g, 'o.type')}, o."createdAt", o.id) < (${CLASS.replace(/type/g, 'd.type')}, d."createdAt", d.id)) + 1 AS position
     FROM deployment d
     WHERE d.id = $1 AND d."startedAt" IS NULL AND d."cancelledAt" IS NULL AND d."finishedAt" IS NULL AND d.status = 'QUEUED'`,
    [deploymentId],
  );
  return res.rows[0]?.position ?? null;
}

/** queuePosition of many deployments in one statement; those not waiting are absent. */
export async function queuePositions(db: Queryable, deploymentIds: string[]): Promise<Map<string, number>> {
  const res = await db.query(
    `SELECT d.id, (SELECT count(*)::int FROM deployment o
             WHERE ${waiting('o')}
               AND (${CLASS.replace(/type/g, 'o.type')}, o."createdAt", o.id) < (${CLASS.replace(/type/g, 'd.type')}, d."createdAt", d.id)) + 1 AS position
     FROM deployment d
     WHERE d.id = ANY($1::uuid[]) AND d."startedAt" IS NULL AND d."cancelledAt" IS NULL AND d."finishedAt" IS NULL AND d.status = 'QUEUED'`,
    [deploymentIds],
  );
  return new Map(res.rows.map((row: { id: string; position: number }) => [row.id, row.position]));
}

/** SPEC §4.3: the app server's deployment turns PROVISIONING if it was QUEUED; returns its id when it did. */
export async function markProvisioningFor(db: Queryable, appServerId: string): Promise<string | null> {
  const res = await db.query(
    `UPDATE deployment d SET status = 'PROVISIONING', "updatedAt" = now() FROM app_server a
     WHERE a.id = $1 AND d.id = a."deploymentId" AND d.status = 'QUEUED' AND d."cancelledAt" IS NULL RETURNING d.id`,
    [appServerId],
  );
  return res.rowCount === 1 ? (res.rows[0].id as string) : null;
}

export async function setDeploymentStatus(db: Queryable, id: string, status: string, finished: boolean): Promise<void> {
  await db.query(
    `UPDATE deployment SET status = $2::"DeploymentStatus", "finishedAt" = CASE WHEN $3::boolean AND "finishedAt" IS NULL THEN now() ELSE "finishedAt" END, "updatedAt" = now() WHERE id = $1`,
    [id, status, finished],
  );
}

export async function recordFailureReason(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE deployment SET "failureReason" = COALESCE("failureReason", $2), "updatedAt" = now() WHERE id = $1`, [id, reason]);
}

/** Serialises capacity decisions until the caller's transaction ends, so two dispatches cannot both take the last unit. */
export function lockCapacity(db: Queryable): Promise<void> {
  return advisoryXactLock(db, 'capacity');
}

/**
 * Deployments waiting to start, in dispatch order: ADMIN/USER/REGISTRATION first, then taking
 * turns between instances, then oldest first.
 */
export async function queuedDeployments(db: Queryable, limit: number, maxPrSandboxes = 0): Promise<{ id: string; instanceId: string; targetCount: number }[]> {
  const res = await db.query(
    `SELECT id, "instanceId", "targetCount" FROM (
       SELECT id, "instanceId", "targetCount", "createdAt",
         CASE WHEN type IN ('ADMIN', 'USER', 'REGISTRATION') THEN 0 ELSE 1 END AS tier,
         row_number() OVER (PARTITION BY "instanceId" ORDER BY "createdAt", id) AS turn
       FROM deployment d WHERE ${waiting('d')}
         AND NOT (d.type = 'PR' AND $2::int > 0 AND d."instanceId" NOT IN (${PR_SANDBOXES_WITHIN_CAP}))
     ) q ORDER BY tier, turn, "createdAt", id LIMIT $1`,
    [limit, maxPrSandboxes],
  );
  return res.rows;
}

// SPEC §6.2: the first MAX_PR_SANDBOXES live PR sandboxes (oldest first) may deploy; the others wait.
const PR_SANDBOXES_WITHIN_CAP = `SELECT i.id FROM watched_pull_request p JOIN instance i ON i.id = p."instanceId"
  WHERE i."archivedAt" IS NULL AND i."archiveRequestedAt" IS NULL ORDER BY i."createdAt", i.id LIMIT $2::int`;

/** Whether the instance's PR deployments wait for the sandbox cap (MAX_PR_SANDBOXES; 0 = no cap). */
export async function beyondPrSandboxCap(db: Queryable, instanceId: string, maxPrSandboxes: number): Promise<boolean> {
  if (maxPrSandboxes <= 0) return false;
  const res = await db.query(`SELECT $1::uuid NOT IN (${PR_SANDBOXES_WITHIN_CAP}) AS beyond`, [instanceId, maxPrSandboxes]);
  return Boolean(res.rows[0].beyond);
}

/** Starts a deployment, recording which app servers of the instance were active; false if cancelled or started meanwhile. */
export async function markStarted(db: Queryable, id: string, instanceId: string): Promise<boolean> {
  const res = await db.query(
    `UPDATE deployment SET "startedAt" = now(), "updatedAt" = now(),
       "previouslyActiveAppServerIds" = ARRAY(SELECT id FROM app_server WHERE "instanceId" = $2 AND active)
     WHERE id = $1 AND "cancelledAt" IS NULL AND "startedAt" IS NULL`,
    [id, instanceId],
  );
  return res.rowCount === 1;
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findDeploymentOrThrowForGraphQL(query: object, id: string) {
  return prisma.deployment.findUniqueOrThrow({ ...query, where: { id } });
}

/** The instance's newest deployment, for what a PR reports. */
export async function newestDeploymentOf(db: Queryable, instanceId: string): Promise<Deployment | null> {
  const res = await db.query(`SELECT * FROM deployment WHERE "instanceId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 1`, [instanceId]);
  return (res.rows[0] as Deployment | undefined) ?? null;
}

/** The step the deployment's newest app server is at ("step k of 9"). */
export async function currentStepOfDeployment(db: Queryable, deploymentId: string): Promise<string | null> {
  const res = await db.query(`SELECT "currentStep" FROM app_server WHERE "deploymentId" = $1 ORDER BY attempt DESC, slot LIMIT 1`, [deploymentId]);
  return res.rows[0]?.currentStep ?? null;
}
