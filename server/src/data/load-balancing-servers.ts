import { prisma, type Queryable } from '../db.ts';

// HAProxy load balancers (SPEC §3, §9.4). `configurationVersion` counts changes of what the
// load balancer should serve; `deployedConfigurationVersion` is the last one it accepted.

export interface LoadBalancingServerRow {
  id: string;
  domain: string;
  sshUsername: string;
  fragmentNamePostfix: string;
  configurationVersion: number;
  deployedConfigurationVersion: number;
  lastError: string | null;
  hostKey: string | null;
}

const COLUMNS = `id, domain, "sshUsername", "fragmentNamePostfix", "configurationVersion", "deployedConfigurationVersion", "lastError", "hostKey"`;

export async function listLoadBalancingServers(db: Queryable): Promise<LoadBalancingServerRow[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM load_balancing_server ORDER BY domain`)).rows;
}

export async function loadLoadBalancingServer(db: Queryable, id: string): Promise<LoadBalancingServerRow | null> {
  return (await db.query(`SELECT ${COLUMNS} FROM load_balancing_server WHERE id = $1`, [id])).rows[0] ?? null;
}

/** Inserts one; null when the domain (or, very unlikely, the postfix) is taken. */
export async function insertLoadBalancingServer(
  db: Queryable,
  row: { domain: string; sshUsername: string; fragmentNamePostfix: string },
): Promise<string | null> {
  const res = await db.query(
    `INSERT INTO load_balancing_server (domain, "sshUsername", "fragmentNamePostfix") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
    [row.domain, row.sshUsername, row.fragmentNamePostfix],
  );
  return res.rows[0]?.id ?? null;
}

/** The seed from DEFAULT_LOAD_BALANCING_SERVER: one row per domain, however many processes start at once. */
export async function ensureLoadBalancingServer(db: Queryable, row: { domain: string; sshUsername: string; fragmentNamePostfix: string }): Promise<void> {
  await db.query(`INSERT INTO load_balancing_server (domain, "sshUsername", "fragmentNamePostfix") VALUES ($1, $2, $3) ON CONFLICT (domain) DO NOTHING`, [
    row.domain,
    row.sshUsername,
    row.fragmentNamePostfix,
  ]);
}

export async function domainTakenByAnotherLoadBalancer(db: Queryable, domain: string, exceptId: string | null): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM load_balancing_server WHERE domain = $1 AND id IS DISTINCT FROM $2::uuid`, [domain, exceptId])).rowCount === 1;
}

/** A changed address or user is a change of what must be applied: the version moves too. */
export async function updateLoadBalancingServer(db: Queryable, id: string, changed: { domain?: string; sshUsername?: string }): Promise<boolean> {
  const res = await db.query(
    `UPDATE load_balancing_server SET domain = COALESCE($2, domain), "hostKey" = CASE WHEN $2::text IS DISTINCT FROM NULL AND $2 <> domain THEN NULL ELSE "hostKey" END, "sshUsername" = COALESCE($3, "sshUsername"),
       "configurationVersion" = "configurationVersion" + 1, "updatedAt" = now() WHERE id = $1`,
    [id, changed.domain ?? null, changed.sshUsername ?? null],
  );
  return res.rowCount === 1;
}

/** Deletes a load balancer no instance uses (archived ones included: they keep theirs); false otherwise. */
export async function deleteUnusedLoadBalancingServer(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query(
    `DELETE FROM load_balancing_server l WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM instance i WHERE i."loadBalancingServerId" = l.id)`,
    [id],
  );
  return res.rowCount === 1;
}

export async function instancesUsingLoadBalancer(db: Queryable, id: string): Promise<number> {
  return Number((await db.query(`SELECT count(*)::int AS n FROM instance WHERE "loadBalancingServerId" = $1`, [id])).rows[0].n);
}

/** A change to serve: the caller enqueues the apply in the same transaction. */
export async function bumpConfigurationVersion(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE load_balancing_server SET "configurationVersion" = "configurationVersion" + 1, "updatedAt" = now() WHERE id = $1`, [id]);
}

export async function recordApplied(db: Queryable, id: string, version: number): Promise<void> {
  await db.query(
    `UPDATE load_balancing_server SET "deployedConfigurationVersion" = GREATEST("deployedConfigurationVersion", $2), "lastError" = NULL, "updatedAt" = now() WHERE id = $1`,
    [id, version],
  );
}

export async function recordApplyError(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE load_balancing_server SET "lastError" = $2, "updatedAt" = now() WHERE id = $1`, [id, error]);
}

/** Trust on first use: only the first key seen is kept. */
export async function pinLoadBalancerHostKey(db: Queryable, id: string, hostKey: string): Promise<void> {
  await db.query(`UPDATE load_balancing_server SET "hostKey" = $2 WHERE id = $1 AND "hostKey" IS NULL`, [id, hostKey]);
}

export async function laggingLoadBalancerIds(db: Queryable): Promise<string[]> {
  return (await db.query(`SELECT id FROM load_balancing_server WHERE "deployedConfigurationVersion" < "configurationVersion" ORDER BY id`)).rows.map(
    (r) => r.id as string,
  );
}

/** The one with the fewest live instances: where a new instance goes. */
export async function leastUsedLoadBalancerId(db: Queryable): Promise<string | null> {
  const res = await db.query(
    `SELECT l.id FROM load_balancing_server l LEFT JOIN instance i ON i."loadBalancingServerId" = l.id AND i."archivedAt" IS NULL
     GROUP BY l.id ORDER BY count(i.id), l."createdAt", l.id LIMIT 1`,
  );
  return res.rows[0]?.id ?? null;
}

/** The instance's load balancer, picked once (SPEC §3): the row lock makes two allocations agree. */
export async function assignLoadBalancer(db: Queryable, instanceId: string, candidateId: string): Promise<string | null> {
  await db.query(`UPDATE instance SET "loadBalancingServerId" = $2 WHERE id = $1 AND "loadBalancingServerId" IS NULL`, [instanceId, candidateId]);
  return (await db.query(`SELECT "loadBalancingServerId" FROM instance WHERE id = $1`, [instanceId])).rows[0]?.loadBalancingServerId ?? null;
}

export async function loadBalancerOfInstance(db: Queryable, instanceId: string): Promise<LoadBalancingServerRow | null> {
  return (
    (
      await db.query(
        `SELECT ${COLUMNS.split(', ')
          .map((c) => `l.${c}`)
          .join(', ')} FROM load_balancing_server l JOIN instance i ON i."loadBalancingServerId" = l.id WHERE i.id = $1`,
        [instanceId],
      )
    ).rows[0] ?? null
  );
}

/**
 * What the fragment of one load balancer holds: its live instances (archived ones are dropped)
 * with their domains and secrets, and one row per active running app server with an address.
 */
export async function routingStateRows(
  db: Queryable,
  lbId: string,
): Promise<
  {
    instanceId: string;
    databaseName: string;
    internalLmsDomain: string;
    internalStudioDomain: string;
    internalPreviewDomain: string;
    externalLmsDomain: string | null;
    externalStudioDomain: string | null;
    externalPreviewDomain: string | null;
    secretMasterEnc: string;
    appServerNumber: number | null;
    publicIp: string | null;
    httpPort: number | null;
  }[]
> {
  const res = await db.query(
    `SELECT i.id AS "instanceId", i."databaseName", i."internalLmsDomain", i."internalStudioDomain", i."internalPreviewDomain",
       i."externalLmsDomain", i."externalStudioDomain", i."externalPreviewDomain", i."secretMasterEnc",
       a.number AS "appServerNumber", s."publicIp", s."httpPort"
     FROM instance i
     LEFT JOIN app_server a ON a."instanceId" = i.id AND a.active AND a.status = 'RUNNING'
     LEFT JOIN server s ON s.id = a."serverId" AND s."publicIp" IS NOT NULL
     WHERE i."loadBalancingServerId" = $1 AND i."archivedAt" IS NULL AND i."archiveRequestedAt" IS NULL
     ORDER BY i."databaseName", a.number`,
    [lbId],
  );
  return res.rows;
}

// GraphQL reads.

export function findLoadBalancingServersForGraphQL(query: object) {
  return prisma.loadBalancingServer.findMany({ ...query, orderBy: [{ domain: 'asc' }] });
}

export function findLoadBalancingServerForGraphQL(query: object, id: string) {
  return prisma.loadBalancingServer.findUnique({ ...query, where: { id } });
}
