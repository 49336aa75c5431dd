import { prisma, type Queryable } from '../db.ts';
import type { AppServer, Deployment, Instance, Server } from '../generated/prisma/client.ts';
import { loadDeployment } from './deployments.ts';
import { loadInstance } from './instances.ts';
import { loadServer } from './servers.ts';

// Columns copied from the instance into each app server when it is created (SPEC.md §3).
export const SNAPSHOT_FIELDS = [
  'name',
  'internalLmsDomain',
  'internalPreviewDomain',
  'internalStudioDomain',
  'profile',
  'recipe',
  'email',
  'openedxRelease',
  'configurationSourceRepoUrl',
  'configurationVersion',
  'configurationExtraSettings',
  'edxPlatformRepositoryUrl',
  'edxPlatformCommit',
  'databaseMode',
  'flavor',
  'image',
  'sshKeyName',
  'additionalSecurityGroups',
] as const;
export const SNAPSHOT_COLUMNS = SNAPSHOT_FIELDS.map((c) => `"${c}"`).join(', ');

/**
 * Inserts the next-numbered app server with the instance's current configuration, or with the
 * snapshot of `retryOf`. The caller holds the instance row's lock, so numbers go one at a time.
 * Null when the instance (or the app server to retry) does not exist.
 */
export async function insertAppServerRow(
  db: Queryable,
  r: { instanceId: string; deploymentId: string; slot: number; attempt: number; retryOf?: string },
): Promise<string | null> {
  const res = await db.query(
    `INSERT INTO app_server (number, "instanceId", "deploymentId", slot, attempt, ${SNAPSHOT_COLUMNS})
     SELECT COALESCE((SELECT max(number) FROM app_server WHERE "instanceId" = $1), 0) + 1, $1, $2, $3, $4, ${SNAPSHOT_COLUMNS}
     FROM ${r.retryOf ? 'app_server WHERE id = $5' : 'instance WHERE id = $1'}
     RETURNING id`,
    r.retryOf ? [r.instanceId, r.deploymentId, r.slot, r.attempt, r.retryOf] : [r.instanceId, r.deploymentId, r.slot, r.attempt],
  );
  return res.rowCount === 1 ? (res.rows[0].id as string) : null;
}

export async function appServerExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM app_server WHERE id = $1', [id])).rowCount === 1;
}

export async function instanceIdOfAppServer(db: Queryable, id: string): Promise<string | null> {
  return (await db.query(`SELECT "instanceId" FROM app_server WHERE id = $1`, [id])).rows[0]?.instanceId ?? null;
}

export async function loadAppServerRow(db: Queryable, id: string): Promise<AppServer | null> {
  return ((await db.query('SELECT * FROM app_server WHERE id = $1', [id])).rows[0] as AppServer | undefined) ?? null;
}

export type AppServerWithServer = AppServer & { server: Server | null };

export async function loadAppServerWithServer(db: Queryable, id: string): Promise<AppServerWithServer | null> {
  const a = await loadAppServerRow(db, id);
  if (!a) return null;
  return { ...a, server: a.serverId ? await loadServer(db, a.serverId) : null };
}

export type AppServerWithRelations = AppServerWithServer & { deployment: Deployment; instance: Instance };

/** An app server with its server, deployment and instance, as the pipeline's steps read it. */
export async function loadAppServerWithRelations(db: Queryable, id: string): Promise<AppServerWithRelations | null> {
  const a = await loadAppServerWithServer(db, id);
  if (!a) return null;
  const [deployment, instance] = await Promise.all([loadDeployment(db, a.deploymentId), loadInstance(db, a.instanceId)]);
  return { ...a, deployment: deployment!, instance: instance! };
}

/** The app server's rendered settings (encrypted) and its instance, for the redacted view. */
export async function renderedSettingsOf(db: Queryable, id: string): Promise<{ renderedSettingsEnc: string | null; instance: Instance } | null> {
  const a = (await db.query(`SELECT "renderedSettingsEnc", "instanceId" FROM app_server WHERE id = $1`, [id])).rows[0];
  if (!a) return null;
  return { renderedSettingsEnc: a.renderedSettingsEnc, instance: (await loadInstance(db, a.instanceId))! };
}

/** Locks the app server and reads it with its server's status and its instance's archive stamp. */
export async function lockAppServerWithContext(db: Queryable, id: string): Promise<any> {
  const res = await db.query(
    `SELECT a.*, s.status AS "serverStatus", i."archivedAt" FROM app_server a
       LEFT JOIN server s ON s.id = a."serverId" JOIN instance i ON i.id = a."instanceId"
     WHERE a.id = $1 FOR UPDATE OF a`,
    [id],
  );
  return res.rows[0] ?? null;
}

export async function lockAppServerStatus(db: Queryable, id: string): Promise<{ status: string; active: boolean }> {
  return (await db.query(`SELECT status, active FROM app_server WHERE id = $1 FOR UPDATE`, [id])).rows[0];
}

export async function markActive(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE app_server SET active = true, "lastActivatedAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
}

/** Activation by a deployment: only if the app server is still Running. */
export async function markActiveIfRunning(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE app_server SET active = true, "lastActivatedAt" = now(), "updatedAt" = now() WHERE id = $1 AND status = 'RUNNING'`, [id]);
}

export async function markInactive(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE app_server SET active = false, "updatedAt" = now() WHERE id = $1`, [id]);
}

export async function markTerminationRequested(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE app_server SET "terminationRequestedAt" = COALESCE("terminationRequestedAt", now()), "updatedAt" = now() WHERE id = $1`, [id]);
}

/** A cancelled deployment's inactive, unterminated app servers are to be terminated; returns their ids. */
export async function requestTerminationOfDeployment(db: Queryable, deploymentId: string): Promise<string[]> {
  const res = await db.query(
    `UPDATE app_server SET "terminationRequestedAt" = COALESCE("terminationRequestedAt", now()), "updatedAt" = now()
     WHERE "deploymentId" = $1 AND status <> 'TERMINATED' AND NOT active RETURNING id`,
    [deploymentId],
  );
  return res.rows.map((r) => r.id as string);
}

/** Gives up a termination that ended without terminating; false when there was none to give up. */
export async function clearTerminationRequest(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query(
    `UPDATE app_server SET "terminationRequestedAt" = NULL, "updatedAt" = now() WHERE id = $1 AND status <> 'TERMINATED' AND "terminationRequestedAt" IS NOT NULL`,
    [id],
  );
  return res.rowCount === 1;
}

/**
 * Compare-and-set of the state machine: moves the app server from `from` to `to` only if it is
 * still in `from`. Returns its instance id, or null when it was not in `from` (or does not exist).
 */
export async function compareAndSetAppServerStatus(db: Queryable, id: string, from: string, to: string, failureReason: string | null): Promise<string | null> {
  const res = await db.query(
    `UPDATE app_server SET status = $3::"AppServerStatus", "updatedAt" = now(),
       "runningAt" = CASE WHEN $3::text = 'RUNNING' THEN now() ELSE "runningAt" END,
       "terminatedAt" = CASE WHEN $3::text = 'TERMINATED' THEN now() ELSE "terminatedAt" END,
       "failureReason" = COALESCE($4, "failureReason")
     WHERE id = $1 AND status = $2::"AppServerStatus" RETURNING "instanceId"`,
    [id, from, to, failureReason],
  );
  return res.rowCount === 1 ? (res.rows[0].instanceId as string) : null;
}

export async function appServerStatus(db: Queryable, id: string): Promise<string | null> {
  return (await db.query(`SELECT status FROM app_server WHERE id = $1`, [id])).rows[0]?.status ?? null;
}

/** The app server a server belongs to; null when none (or, impossibly, several) do. */
export async function appServerOnServer(db: Queryable, serverId: string): Promise<{ id: string; instanceId: string } | null> {
  const res = await db.query(`SELECT id, "instanceId" FROM app_server WHERE "serverId" = $1`, [serverId]);
  return res.rowCount === 1 ? res.rows[0] : null;
}

export async function appServerNumbersOfDeployment(db: Queryable, deploymentId: string): Promise<{ number: number }[]> {
  return (await db.query(`SELECT number FROM app_server WHERE "deploymentId" = $1 ORDER BY number`, [deploymentId])).rows;
}

export async function appServersOfDeployment(
  db: Queryable,
  deploymentId: string,
): Promise<{ id: string; number: number; slot: number; attempt: number; status: string; runningAt: Date | null; serverId: string | null }[]> {
  return (
    await db.query(`SELECT id, number, slot, attempt, status, "runningAt", "serverId" FROM app_server WHERE "deploymentId" = $1 ORDER BY number`, [
      deploymentId,
    ])
  ).rows;
}

/** The newest Running app server of each slot of a deployment, with its server, for activation. */
export async function runningAppServersOfDeployment(db: Queryable, deploymentId: string): Promise<any[]> {
  return (
    await db.query(
      `SELECT DISTINCT ON (a.slot) a.id, a.number, a.recipe, a."instanceId", a."internalLmsDomain", a."internalStudioDomain", a."internalPreviewDomain", s.id AS "serverId", s.name, s."externalId", s."publicIp", s."httpPort", s."sshPort", s."hostKey"
       FROM app_server a JOIN server s ON s.id = a."serverId"
       WHERE a."deploymentId" = $1 AND a.status = 'RUNNING' AND a."terminationRequestedAt" IS NULL
       ORDER BY a.slot, a.number DESC`,
      [deploymentId],
    )
  ).rows;
}

export type SweptAppServer = { id: string; deploymentId: string; status: string; terminationRequestedAt: Date | null };

export async function lockAppServerForSweep(db: Queryable, id: string): Promise<SweptAppServer[]> {
  return (await db.query(`SELECT id, "deploymentId", status, "terminationRequestedAt" FROM app_server WHERE id = $1 FOR UPDATE`, [id])).rows;
}

export async function lockNewAppServersOfDeployment(db: Queryable, deploymentId: string): Promise<SweptAppServer[]> {
  return (
    await db.query(`SELECT id, "deploymentId", status, "terminationRequestedAt" FROM app_server WHERE "deploymentId" = $1 AND status = 'NEW' FOR UPDATE`, [
      deploymentId,
    ])
  ).rows;
}

/** App servers whose termination was requested and has not ended, oldest request first. */
export async function pendingTerminations(
  db: Queryable,
  overdueAfterSeconds: number,
  limit: number,
): Promise<{ id: string; instanceId: string; overdue: boolean }[]> {
  return (
    await db.query(
      `SELECT id, "instanceId", "terminationRequestedAt" < now() - make_interval(secs => $1::int) AS overdue
       FROM app_server WHERE "terminationRequestedAt" IS NOT NULL AND status <> 'TERMINATED' AND NOT active
       ORDER BY "terminationRequestedAt" LIMIT $2`,
      [overdueAfterSeconds, limit],
    )
  ).rows;
}

/** App servers holding provisioning capacity: still on their way up in a started, uncancelled deployment. */
export async function provisioningAppServerCount(db: Queryable): Promise<number> {
  const res = await db.query(
    `SELECT count(*)::int AS n FROM app_server a JOIN deployment d ON d.id = a."deploymentId"
     WHERE d."startedAt" IS NOT NULL AND d."cancelledAt" IS NULL AND a.status IN ('NEW', 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER')`,
  );
  return res.rows[0].n;
}

export async function newAppServersOfDeployment(db: Queryable, deploymentId: string): Promise<{ id: string; attempt: number }[]> {
  return (
    await db.query(`SELECT id, attempt FROM app_server WHERE "deploymentId" = $1 AND status = 'NEW' AND "terminationRequestedAt" IS NULL`, [deploymentId])
  ).rows;
}

export async function lockLiveAppServersOfInstance(
  db: Queryable,
  instanceId: string,
): Promise<{ id: string; active: boolean; terminationRequestedAt: Date | null }[]> {
  return (
    await db.query(`SELECT id, active, "terminationRequestedAt" FROM app_server WHERE "instanceId" = $1 AND status <> 'TERMINATED' FOR UPDATE`, [instanceId])
  ).rows;
}

export async function setCurrentStep(db: Queryable, id: string, step: string | null): Promise<void> {
  if (step === null) await db.query(`UPDATE app_server SET "currentStep" = NULL WHERE id = $1`, [id]);
  else await db.query(`UPDATE app_server SET "currentStep" = $2 WHERE id = $1`, [id, step]);
}

export async function attachServer(db: Queryable, id: string, serverId: string, step: string): Promise<void> {
  await db.query(`UPDATE app_server SET "serverId" = $2, "currentStep" = $3, "updatedAt" = now() WHERE id = $1`, [id, serverId, step]);
}

/** Fixes the code reference and the settings once: a rerun keeps what the first run wrote. */
export async function fixSettingsOnce(
  db: Queryable,
  id: string,
  sha: string | null,
  layers: unknown,
  renderedSettingsEnc: string,
  grantedGithubLogins: string[] = [],
): Promise<void> {
  await db.query(
    `UPDATE app_server SET "edxPlatformSha" = COALESCE("edxPlatformSha", $2), "settingsLayers" = COALESCE("settingsLayers", $3::jsonb),
       "renderedSettingsEnc" = COALESCE("renderedSettingsEnc", $4),
       "grantedGithubLogins" = CASE WHEN cardinality("grantedGithubLogins") > 0 THEN "grantedGithubLogins" ELSE $5::text[] END,
       "updatedAt" = now() WHERE id = $1`,
    [id, sha, JSON.stringify(layers), renderedSettingsEnc, grantedGithubLogins],
  );
}

/** The reference for drift: the active app server, else the newest; its id and snapshot columns. */
export async function driftReference(db: Queryable, instanceId: string): Promise<Record<string, unknown> | null> {
  const res = await db.query(`SELECT id, ${SNAPSHOT_COLUMNS} FROM app_server WHERE "instanceId" = $1 ORDER BY active DESC, number DESC LIMIT 1`, [instanceId]);
  return res.rows[0] ?? null;
}

/** driftReference for many instances in one statement, keyed by instance id. */
export async function driftReferences(db: Queryable, instanceIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  const res = await db.query(
    `SELECT DISTINCT ON ("instanceId") "instanceId", id, ${SNAPSHOT_COLUMNS} FROM app_server
     WHERE "instanceId" = ANY($1::uuid[]) ORDER BY "instanceId", active DESC, number DESC`,
    [instanceIds],
  );
  return new Map(res.rows.map((row: Record<string, unknown>) => [row.instanceId as string, row]));
}

/** App servers and deployments counted by status, for the metrics endpoint. */
export async function statusCounts(db: Queryable): Promise<{ m: string; s: string; n: number }[]> {
  const res = await db.query(`SELECT 'app_servers' AS m, status::text AS s, count(*)::int AS n FROM app_server GROUP BY status
                                 UNION ALL SELECT 'deployments', status::text, count(*)::int FROM deployment GROUP BY status`);
  return res.rows;
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findAppServerForGraphQL(query: object, id: string) {
  return prisma.appServer.findUnique({ ...query, where: { id } });
}

export function findAppServerOrThrowForGraphQL(query: object, id: string) {
  return prisma.appServer.findUniqueOrThrow({ ...query, where: { id } });
}

/** The activation gate's result, kept for the app server's page (SPEC §16). */
export async function recordSmokeCheck(db: Queryable, id: string, result: { ok: boolean; summary: string; checks: unknown }): Promise<void> {
  await db.query(
    `UPDATE app_server SET "lastSmokeCheckAt" = now(), "lastSmokeCheckOk" = $2, "lastSmokeCheckSummary" = $3, "lastSmokeChecks" = $4::jsonb WHERE id = $1`,
    [id, result.ok, result.summary, JSON.stringify(result.checks)],
  );
}

export async function activeAppServerIdsOfInstance(db: Queryable, instanceId: string): Promise<string[]> {
  return (await db.query(`SELECT id FROM app_server WHERE "instanceId" = $1 AND active ORDER BY number`, [instanceId])).rows.map((r) => r.id);
}

/** Locks app servers for a rollback, with whether each may still serve (Running, not being terminated). */
export async function lockAppServersForRollback(
  db: Queryable,
  ids: string[],
): Promise<{ id: string; number: number; active: boolean; serviceable: boolean }[]> {
  return (
    await db.query(
      `SELECT id, number, active, (status = 'RUNNING' AND "terminationRequestedAt" IS NULL) AS serviceable
       FROM app_server WHERE id = ANY($1::uuid[]) ORDER BY number FOR UPDATE`,
      [ids],
    )
  ).rows;
}

/** Number, instance and the people to tell, for an app server's notifications. */
export async function appServerNotificationFacts(
  db: Queryable,
  id: string,
): Promise<{ number: number; instanceId: string; failureReason: string | null; status: string } | null> {
  return (await db.query(`SELECT number, "instanceId", "failureReason", status FROM app_server WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function appServerNumbers(db: Queryable, ids: string[]): Promise<{ id: string; number: number }[]> {
  return (await db.query(`SELECT id, number FROM app_server WHERE id = ANY($1::uuid[]) ORDER BY number`, [ids])).rows;
}

/** Whether an app server of the deployment was snapshotted PERSISTENT (SPEC §8: the mode applies per app server). */
export async function deploymentNeedsPersistentData(db: Queryable, deploymentId: string): Promise<boolean> {
  const res = await db.query(`SELECT 1 FROM app_server WHERE "deploymentId" = $1 AND "databaseMode" = 'PERSISTENT' LIMIT 1`, [deploymentId]);
  return Boolean(res.rowCount);
}
