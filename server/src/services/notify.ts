import type pg from 'pg';
import { CHANGE_CHANNEL, changePayload, type ChangeKind } from '../events.ts';

/** Announces a changed row at commit; subscribers read the row after. */
export async function announce(client: pg.PoolClient, kind: ChangeKind, id: string, instanceId: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, changePayload(kind, id, instanceId)]);
}
