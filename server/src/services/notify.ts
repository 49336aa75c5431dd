import { notify, type Queryable } from '../db.ts';
import { CHANGE_CHANNEL, changePayload, type ChangeKind } from '../events.ts';

/** Announces a changed row at commit; subscribers read the row after. */
export async function announce(client: Queryable, kind: ChangeKind, id: string, instanceId: string): Promise<void> {
  await notify(client, CHANGE_CHANNEL, changePayload(kind, id, instanceId));
}
