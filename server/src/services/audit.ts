import type { Queryable } from '../db.ts';
import { insertAuditEvent } from '../data/audit-events.ts';

export interface Actor {
  id: string;
  username: string;
  isSuperuser: boolean;
  interface: 'console' | 'api' | 'cli' | 'github' | 'scheduler';
  organizationId?: string | null;
}

/** Records who did what; `input` must already be free of secrets. */
export async function audit(client: Queryable, actor: Actor | null, action: string, target: string | null, input: unknown, result = 'ok'): Promise<void> {
  await insertAuditEvent(client, { actorId: actor?.id ?? null, interface: actor?.interface ?? 'scheduler', action, target, input, result });
}
