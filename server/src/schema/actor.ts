import type { Context } from './builder.ts';
import type { Actor } from '../services/audit.ts';

/** Who a mutation acts for, as the audit log and the services name them. */
export function actorOf(ctx: Context): Actor {
  const u = ctx.user!;
  return { id: u.id, username: u.username, isSuperuser: u.isSuperuser, interface: ctx.interface, organizationId: u.organizationId };
}
