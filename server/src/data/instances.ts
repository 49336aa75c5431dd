import { advisoryXactLock, prisma, type Queryable } from '../db.ts';
import type { Instance, Prisma } from '../generated/prisma/client.ts';

export async function instanceExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM instance WHERE id = $1', [id])).rowCount === 1;
}

export async function loadInstance(db: Queryable, id: string): Promise<Instance | null> {
  return ((await db.query('SELECT * FROM instance WHERE id = $1', [id])).rows[0] as Instance | undefined) ?? null;
}

/** Whether an instance has this internal LMS domain (archived ones too: the domain stays taken). */
export async function lmsDomainTaken(db: Queryable, domain: string): Promise<boolean> {
  return (await db.query('SELECT id FROM instance WHERE "internalLmsDomain" = $1 LIMIT 1', [domain])).rowCount === 1;
}

/** Whether a live instance other than `instanceId` answers to `domain` (internal, external or derived). */
export async function domainUsedByAnother(
  db: Queryable,
  domain: string,
  instanceId: string | null,
  prefixes: { studio: string; preview: string },
): Promise<boolean> {
  const res = await db.query(
    `SELECT 1 FROM instance WHERE "archivedAt" IS NULL AND id IS DISTINCT FROM $2::uuid AND $1 IN ("internalLmsDomain", "internalStudioDomain", "internalPreviewDomain",
       lower("externalLmsDomain"), lower("externalStudioDomain"), lower("externalPreviewDomain"),
       $3 || lower("externalLmsDomain"), $4 || lower("externalLmsDomain"))`,
    [domain, instanceId, prefixes.studio, prefixes.preview],
  );
  return Boolean(res.rowCount);
}

/** Creations pick database names one at a time, until the caller's transaction ends. */
export function lockDatabaseNames(db: Queryable): Promise<void> {
  return advisoryXactLock(db, 'instance.databaseName');
}

export async function databaseNamesStartingWith(db: Queryable, prefix: string): Promise<string[]> {
  const res = await db.query(`SELECT "databaseName" FROM instance WHERE starts_with("databaseName", $1)`, [prefix]);
  return res.rows.map((r) => r.databaseName as string);
}

/** Inserts the instance; null when another one already has its internal LMS domain. */
export async function insertInstance(db: Queryable, columns: Record<string, unknown>): Promise<string | null> {
  const names = Object.keys(columns);
  const res = await db.query(
    `INSERT INTO instance (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT ("internalLmsDomain") DO NOTHING RETURNING id`,
    Object.values(columns),
  );
  return res.rowCount === 1 ? (res.rows[0].id as string) : null;
}

export async function lockInstance(db: Queryable, id: string): Promise<any> {
  return (await db.query(`SELECT * FROM instance WHERE id = $1 FOR UPDATE`, [id])).rows[0] ?? null;
}

/** Locks the row and reads what a spawn checks; the lock also hands out app-server numbers one at a time. */
export async function lockInstanceForSpawn(
  db: Queryable,
  id: string,
): Promise<{ archivedAt: Date | null; archiveRequestedAt: Date | null; appServerCount: number } | null> {
  return (await db.query(`SELECT "archivedAt", "archiveRequestedAt", "appServerCount" FROM instance WHERE id = $1 FOR UPDATE`, [id])).rows[0] ?? null;
}

export async function lockInstanceArchiveState(db: Queryable, id: string): Promise<{ archivedAt: Date | null; archiveRequestedAt: Date | null } | null> {
  return (await db.query(`SELECT "archivedAt", "archiveRequestedAt" FROM instance WHERE id = $1 FOR UPDATE`, [id])).rows[0] ?? null;
}

export async function lockInstanceRow(db: Queryable, id: string): Promise<void> {
  await db.query(`SELECT 1 FROM instance WHERE id = $1 FOR UPDATE`, [id]);
}

export async function updateInstanceColumns(db: Queryable, id: string, changed: Record<string, unknown>): Promise<void> {
  const names = Object.keys(changed);
  await db.query(`UPDATE instance SET ${names.map((k, i) => `"${k}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [
    id,
    ...Object.values(changed),
  ]);
}

export async function markArchiveRequested(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE instance SET "archiveRequestedAt" = COALESCE("archiveRequestedAt", now()), "updatedAt" = now() WHERE id = $1`, [id]);
}

export async function instanceArchivedAt(db: Queryable, id: string): Promise<{ archivedAt: Date | null } | null> {
  return (await db.query(`SELECT "archivedAt" FROM instance WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function markArchived(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE instance SET "archivedAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
}

export async function markProvisionedOnce(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE instance SET "successfullyProvisionedAt" = COALESCE("successfullyProvisionedAt", now()) WHERE id = $1`, [id]);
}

/**
 * The instance a host name belongs to, with the endpoints of its active, running app servers (one
 * row each; one row with null endpoints when there are none). A blank external Studio or preview
 * domain is the prefix + the external LMS domain.
 */
export async function routeRows(
  db: Queryable,
  hostname: string,
  prefixes: { studio: string; preview: string },
): Promise<{ name: string; publicIp: string | null; httpPort: number }[]> {
  const res = await db.query(
    `SELECT i.name, s."publicIp", s."httpPort"
     FROM instance i
     LEFT JOIN app_server a ON a."instanceId" = i.id AND a.active AND a.status = 'RUNNING'
     LEFT JOIN server s ON s.id = a."serverId"
     WHERE i."archivedAt" IS NULL AND $1 IN (i."internalLmsDomain", i."internalStudioDomain", i."internalPreviewDomain",
       lower(i."externalLmsDomain"), lower(COALESCE(i."externalStudioDomain", $2 || i."externalLmsDomain")),
       lower(COALESCE(i."externalPreviewDomain", $3 || i."externalLmsDomain")))`,
    [hostname, prefixes.studio, prefixes.preview],
  );
  return res.rows;
}

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findInstancesForGraphQL(query: object, where: Prisma.InstanceWhereInput) {
  return prisma.instance.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export function findInstanceForGraphQL(query: object, id: string) {
  return prisma.instance.findUnique({ ...query, where: { id } });
}

export function findInstanceOrThrowForGraphQL(query: object, id: string) {
  return prisma.instance.findUniqueOrThrow({ ...query, where: { id } });
}

/** Unpinned instances past their expiry and not archived (SPEC §16 TTL). */
export async function expiredUnpinnedInstances(db: Queryable): Promise<string[]> {
  const res = await db.query(
    `SELECT id FROM instance WHERE "expiresAt" <= now() AND NOT pinned AND "archivedAt" IS NULL AND "archiveRequestedAt" IS NULL ORDER BY "expiresAt"`,
  );
  return res.rows.map((r) => r.id as string);
}

/** Unarchive (SPEC §5): the instance is live again; the next spawn allocates what archive removed. */
export async function clearArchived(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE instance SET "archivedAt" = NULL, "archiveRequestedAt" = NULL, "updatedAt" = now() WHERE id = $1`, [id]);
}

/** Only the master secret's ciphertext, for the basic-auth reveal. */
export async function instanceSecretMaster(db: Queryable, id: string): Promise<{ secretMasterEnc: string } | null> {
  return (await db.query(`SELECT "secretMasterEnc" FROM instance WHERE id = $1`, [id])).rows[0] ?? null;
}

/** What notifications and monitoring need of an instance: its name, domains and recipients. */
export interface InstanceWatchFacts {
  id: string;
  name: string;
  internalLmsDomain: string;
  internalStudioDomain: string;
  internalPreviewDomain: string;
  externalLmsDomain: string | null;
  externalStudioDomain: string | null;
  externalPreviewDomain: string | null;
  monitoringEmails: string[];
  provisioningFailureEmails: string[];
  archivedAt: Date | null;
  hasActiveAppServer: boolean;
}

export async function instanceWatchFacts(db: Queryable, id: string): Promise<InstanceWatchFacts | null> {
  return (
    (
      await db.query(
        `SELECT i.id, i.name, i."internalLmsDomain", i."internalStudioDomain", i."internalPreviewDomain", i."externalLmsDomain",
           i."externalStudioDomain", i."externalPreviewDomain", COALESCE(i."monitoringEmails", '{}') AS "monitoringEmails",
           COALESCE(i."provisioningFailureEmails", '{}') AS "provisioningFailureEmails", i."archivedAt",
           EXISTS (SELECT 1 FROM app_server a WHERE a."instanceId" = i.id AND a.active AND a.status = 'RUNNING') AS "hasActiveAppServer"
         FROM instance i WHERE i.id = $1`,
        [id],
      )
    ).rows[0] ?? null
  );
}

/** Non-archived instances with an active, Running app server: the ones the availability checks watch. */
export async function instancesToCheck(db: Queryable): Promise<string[]> {
  return (
    await db.query(
      `SELECT i.id FROM instance i
       WHERE i."archivedAt" IS NULL AND i."archiveRequestedAt" IS NULL
         AND EXISTS (SELECT 1 FROM app_server a WHERE a."instanceId" = i.id AND a.active AND a.status = 'RUNNING')
       ORDER BY i."createdAt"`,
    )
  ).rows.map((r) => r.id);
}

// Persistent data (SPEC §3, §5): the bucket allocation set, and the rows delete removes.

export async function setInstanceStorage(
  db: Queryable,
  id: string,
  storage: { bucket: string; region: string; accessKeyIdEnc: string | null; secretKeyEnc: string | null },
): Promise<void> {
  await db.query(
    `UPDATE instance SET "storageBucket" = $2, "storageRegion" = $3, "storageAccessKeyIdEnc" = $4, "storageSecretKeyEnc" = $5, "updatedAt" = now() WHERE id = $1`,
    [id, storage.bucket, storage.region, storage.accessKeyIdEnc, storage.secretKeyEnc],
  );
}

/** The instance's state for deleteInstance, locked; null when it does not exist. */
export async function lockInstanceDeleteState(
  db: Queryable,
  id: string,
): Promise<{ internalLmsDomain: string; archivedAt: Date | null; archiveRequestedAt: Date | null; deleteRequestedAt: Date | null } | null> {
  const res = await db.query(`SELECT "internalLmsDomain", "archivedAt", "archiveRequestedAt", "deleteRequestedAt" FROM instance WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return res.rows[0] ?? null;
}

export async function markDeleteRequested(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE instance SET "deleteRequestedAt" = COALESCE("deleteRequestedAt", now()), "updatedAt" = now() WHERE id = $1`, [id]);
}

/**
 * Removes the instance and every row about it: its deployments, app servers, their steps and
 * servers, and all their log entries (the foreign keys cascade from instance, app server and
 * server). Audit events stay: they record who deleted it. The ledger rows stay too, `deleted`.
 */
export async function deleteInstanceRows(db: Queryable, id: string): Promise<void> {
  const servers = await db.query(`SELECT "serverId" AS id FROM app_server WHERE "instanceId" = $1 AND "serverId" IS NOT NULL`, [id]);
  await db.query(
    `DELETE FROM provisioning_step WHERE "appServerId" IN (SELECT id FROM app_server WHERE "instanceId" = $1)
       OR "deploymentId" IN (SELECT id FROM deployment WHERE "instanceId" = $1)`,
    [id],
  );
  await db.query(`DELETE FROM instance WHERE id = $1`, [id]);
  await db.query(`DELETE FROM server WHERE id = ANY($1::uuid[])`, [servers.rows.map((r) => r.id)]);
}

/**
 * The organization owning an object that belongs to an instance (the instance itself, one of its
 * app servers or deployments, or the server of one of its app servers); null when no such object.
 */
export async function owningInstanceOf(
  db: Queryable,
  typename: 'Instance' | 'AppServer' | 'Deployment' | 'Server',
  id: string,
): Promise<{ instanceId: string; ownerOrganizationId: string | null } | null> {
  const from = {
    Instance: `instance i WHERE i.id = $1`,
    AppServer: `instance i JOIN app_server a ON a."instanceId" = i.id WHERE a.id = $1`,
    Deployment: `instance i JOIN deployment d ON d."instanceId" = i.id WHERE d.id = $1`,
    Server: `instance i JOIN app_server a ON a."instanceId" = i.id WHERE a."serverId" = $1`,
  }[typename];
  return (await db.query(`SELECT i.id AS "instanceId", i."ownerOrganizationId" FROM ${from} LIMIT 1`, [id])).rows[0] ?? null;
}

/** The ids the audit log names for an instance's operations: the instance, its app servers and its deployments. */
export async function auditTargetsOfInstance(db: Queryable, id: string): Promise<string[]> {
  const res = await db.query(
    `SELECT $1::uuid::text AS id UNION ALL SELECT id::text FROM app_server WHERE "instanceId" = $1 UNION ALL SELECT id::text FROM deployment WHERE "instanceId" = $1`,
    [id],
  );
  return res.rows.map((r) => r.id as string);
}
