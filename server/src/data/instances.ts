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

/** Unarchives a PR sandbox whose archive finished (reopened PR, SPEC §10.3); false otherwise. */
export async function clearArchived(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query(
    `UPDATE instance SET "archivedAt" = NULL, "archiveRequestedAt" = NULL, "updatedAt" = now() WHERE id = $1 AND "archivedAt" IS NOT NULL`,
    [id],
  );
  return res.rowCount === 1;
}

/** Unpinned instances past their expiry and not archived (SPEC §16 TTL). */
export async function expiredUnpinnedInstances(db: Queryable): Promise<string[]> {
  const res = await db.query(
    `SELECT id FROM instance WHERE "expiresAt" <= now() AND NOT pinned AND "archivedAt" IS NULL AND "archiveRequestedAt" IS NULL ORDER BY "expiresAt"`,
  );
  return res.rows.map((r) => r.id as string);
}
