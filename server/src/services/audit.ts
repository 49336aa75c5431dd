import type { Queryable } from '../db.ts';
import { insertAuditEvent } from '../data/audit-events.ts';

export interface Actor {
  id: string;
  username: string;
  isSuperuser: boolean;
  interface: 'console' | 'api' | 'cli' | 'github' | 'scheduler';
  organizationId?: string | null;
}

/** An action GitHub caused (a webhook or the reconcile seeing a PR change): no user did it. */
export const GITHUB_ACTOR = 'github' as const;

/** Records who did what; `input` must already be free of secrets. Null is the scheduler. */
export async function audit(
  client: Queryable,
  actor: Actor | typeof GITHUB_ACTOR | null,
  action: string,
  target: string | null,
  input: unknown,
  result = 'ok',
): Promise<void> {
  if (actor === GITHUB_ACTOR) {
    await insertAuditEvent(client, { actorId: null, interface: 'github', action, target, input, result });
    return;
  }
  await insertAuditEvent(client, { actorId: actor?.id ?? null, interface: actor?.interface ?? 'scheduler', action, target, input, result });
}
