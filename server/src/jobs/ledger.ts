import { pool } from '../db.ts';
import type { ResourceLedgerCallbacks } from '../integrations/compute/types.ts';

/**
 * The resource ledger (SPEC.md §9.8): an intent row is committed before the outside call, the
 * external id after, so a crash between the two leaves a planned row that a retry looks up.
 */
export function ledgerFor(owner: { instanceId?: string | null; appServerId?: string | null }): ResourceLedgerCallbacks {
  return {
    async onIntent(kind, name) {
      await pool.query(
        `INSERT INTO provisioned_resource (kind, name, "instanceId", "appServerId") VALUES ($1, $2, $3, $4)
         ON CONFLICT (kind, name) DO UPDATE SET state = 'PLANNED', "updatedAt" = now()
           WHERE provisioned_resource.state IN ('DELETED', 'FAILED')`,
        [kind, name, owner.instanceId ?? null, owner.appServerId ?? null],
      );
    },
    async onCreated(kind, name, externalId) {
      await pool.query(
        `UPDATE provisioned_resource SET state = 'PRESENT', "externalRef" = $3, "lastError" = NULL, "updatedAt" = now() WHERE kind = $1 AND name = $2`,
        [kind, name, externalId],
      );
    },
    async onDeleted(kind, name) {
      await pool.query(`UPDATE provisioned_resource SET state = 'DELETED', "updatedAt" = now() WHERE kind = $1 AND name = $2`, [kind, name]);
    },
  };
}
