import type { Queryable } from '../db.ts';

// The resource ledger (SPEC.md §9.8): an intent row is committed before the outside call, the
// external id after, so a crash between the two leaves a planned row that a retry looks up.

/** Plans a resource; one deleted or failed before is planned again. */
export async function planResource(db: Queryable, kind: string, name: string, owner: { instanceId: string | null; appServerId: string | null }): Promise<void> {
  await db.query(
    `INSERT INTO provisioned_resource (kind, name, "instanceId", "appServerId") VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, name) DO UPDATE SET state = 'PLANNED', "updatedAt" = now()
       WHERE provisioned_resource.state IN ('DELETED', 'FAILED')`,
    [kind, name, owner.instanceId, owner.appServerId],
  );
}

export async function markResourcePresent(db: Queryable, kind: string, name: string, externalRef: string): Promise<void> {
  await db.query(
    `UPDATE provisioned_resource SET state = 'PRESENT', "externalRef" = $3, "lastError" = NULL, "updatedAt" = now() WHERE kind = $1 AND name = $2`,
    [kind, name, externalRef],
  );
}

export async function markResourceDeleted(db: Queryable, kind: string, name: string): Promise<void> {
  await db.query(`UPDATE provisioned_resource SET state = 'DELETED', "updatedAt" = now() WHERE kind = $1 AND name = $2`, [kind, name]);
}

/** A VM's row is named by its server id; a planned VM keeps its first row. */
export async function planVm(db: Queryable, serverId: string, instanceId: string, appServerId: string): Promise<void> {
  await db.query(`INSERT INTO provisioned_resource (kind, name, "instanceId", "appServerId") VALUES ('vm', $1, $2, $3) ON CONFLICT (kind, name) DO NOTHING`, [
    serverId,
    instanceId,
    appServerId,
  ]);
}

export async function markVmPresent(db: Queryable, serverId: string, externalRef: string): Promise<void> {
  await db.query(
    `UPDATE provisioned_resource SET state = 'PRESENT', "externalRef" = $2, "updatedAt" = now() WHERE kind = 'vm' AND name = $1 AND state IN ('PLANNED', 'FAILED')`,
    [serverId, externalRef],
  );
}

export async function markVmFailed(db: Queryable, serverId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE provisioned_resource SET state = 'FAILED', "lastError" = $2, "updatedAt" = now() WHERE kind = 'vm' AND name = $1 AND state = 'PLANNED'`,
    [serverId, error],
  );
}

/** Before the delete call (§9.8), so a crash during it leaves a row that says so. */
export async function markVmDeleting(db: Queryable, serverId: string): Promise<void> {
  await db.query(`UPDATE provisioned_resource SET state = 'DELETING', "updatedAt" = now() WHERE kind = 'vm' AND name = $1 AND state <> 'DELETED'`, [serverId]);
}

export async function vmInLedger(db: Queryable, serverId: string): Promise<boolean> {
  return (await db.query(`SELECT state FROM provisioned_resource WHERE kind = 'vm' AND name = $1`, [serverId])).rowCount === 1;
}

/** Before deprovisioning an instance's resources of these kinds (§9.8): a crash in the call leaves rows that say so. */
export async function markInstanceResourcesDeleting(db: Queryable, instanceId: string, kinds: readonly string[]): Promise<void> {
  await db.query(
    `UPDATE provisioned_resource SET state = 'DELETING', "updatedAt" = now() WHERE "instanceId" = $1 AND kind = ANY($2::text[]) AND state <> 'DELETED'`,
    [instanceId, kinds],
  );
}

/** After a deprovisioning call that removes everything of these kinds, planned rows included. */
export async function markInstanceResourcesDeleted(db: Queryable, instanceId: string, kinds: readonly string[]): Promise<void> {
  await db.query(
    `UPDATE provisioned_resource SET state = 'DELETED', "lastError" = NULL, "updatedAt" = now() WHERE "instanceId" = $1 AND kind = ANY($2::text[]) AND state <> 'DELETED'`,
    [instanceId, kinds],
  );
}

export async function markInstanceResourcesFailed(db: Queryable, instanceId: string, kinds: readonly string[], error: string): Promise<void> {
  await db.query(
    `UPDATE provisioned_resource SET state = 'FAILED', "lastError" = $3, "updatedAt" = now() WHERE "instanceId" = $1 AND kind = ANY($2::text[]) AND state = 'DELETING'`,
    [instanceId, kinds, error],
  );
}

/** The instance's ledger rows that are not deleted yet (its app servers' included). */
export async function liveResourcesOfInstance(db: Queryable, instanceId: string): Promise<{ kind: string; name: string; state: string }[]> {
  const res = await db.query(
    `SELECT kind, name, state FROM provisioned_resource WHERE "instanceId" = $1 AND state <> 'DELETED' ORDER BY "createdAt", kind, name`,
    [instanceId],
  );
  return res.rows;
}

// Routing resources of an instance (SPEC §9.8): `lb-backend` rows named `<load balancer id>/<instance id>`,
// `dns-cname` rows named by the record's domain.

export interface LedgerRow {
  kind: string;
  name: string;
  state: 'PLANNED' | 'PRESENT' | 'DELETING' | 'DELETED' | 'FAILED';
  externalRef: string | null;
  instanceId: string | null;
}

export async function resourcesOfInstance(db: Queryable, instanceId: string, kind: string): Promise<LedgerRow[]> {
  return (
    await db.query(`SELECT kind, name, state, "externalRef", "instanceId" FROM provisioned_resource WHERE "instanceId" = $1 AND kind = $2 ORDER BY name`, [
      instanceId,
      kind,
    ])
  ).rows;
}

export async function markResourceDeletedWithNote(db: Queryable, kind: string, name: string, note: string): Promise<void> {
  await db.query(`UPDATE provisioned_resource SET state = 'DELETED', "lastError" = $3, "updatedAt" = now() WHERE kind = $1 AND name = $2`, [kind, name, note]);
}

export async function markResourceError(db: Queryable, kind: string, name: string, error: string): Promise<void> {
  await db.query(`UPDATE provisioned_resource SET "lastError" = $3, "updatedAt" = now() WHERE kind = $1 AND name = $2`, [kind, name, error]);
}

/** The `lb-backend` rows of one load balancer (their names start with its id). */
export async function backendRowsOfLoadBalancer(db: Queryable, lbId: string): Promise<LedgerRow[]> {
  return (
    await db.query(
      `SELECT kind, name, state, "externalRef", "instanceId" FROM provisioned_resource WHERE kind = 'lb-backend' AND starts_with(name, $1) AND state <> 'DELETED'`,
      [`${lbId}/`],
    )
  ).rows;
}

/** The written `dns-cname` rows of the instances on one load balancer: what points at its domain. */
export async function cnameRowsOfLoadBalancer(db: Queryable, lbId: string): Promise<LedgerRow[]> {
  return (
    await db.query(
      `SELECT r.kind, r.name, r.state, r."externalRef", r."instanceId" FROM provisioned_resource r JOIN instance i ON i.id = r."instanceId"
        WHERE r.kind = 'dns-cname' AND r.state = 'PRESENT' AND i."loadBalancingServerId" = $1 ORDER BY r.name`,
      [lbId],
    )
  ).rows;
}
