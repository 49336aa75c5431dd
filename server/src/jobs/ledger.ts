import { pool } from '../db.ts';
import { markResourceDeleted, markResourcePresent, planResource } from '../data/provisioned-resources.ts';
import type { ResourceLedgerCallbacks } from '../integrations/compute/types.ts';

/**
 * The resource ledger (SPEC.md §9.8): an intent row is committed before the outside call, the
 * external id after, so a crash between the two leaves a planned row that a retry looks up.
 */
export function ledgerFor(owner: { instanceId?: string | null; appServerId?: string | null }): ResourceLedgerCallbacks {
  return {
    async onIntent(kind, name) {
      await planResource(pool, kind, name, { instanceId: owner.instanceId ?? null, appServerId: owner.appServerId ?? null });
    },
    async onCreated(kind, name, externalId) {
      await markResourcePresent(pool, kind, name, externalId);
    },
    async onDeleted(kind, name) {
      await markResourceDeleted(pool, kind, name);
    },
  };
}
