import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../errors.ts';
import type { Context } from './builder.ts';
import type { Actor } from '../services/audit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a Relay global ID of the expected type; anything else reads as "not found". */
export function idOf(globalId: string, ...types: string[]): { type: string; id: string } {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    if (types.includes(typename) && UUID.test(id)) return { type: typename, id };
  } catch {
    /* not a global id */
  }
  throw new NotFoundError(`No ${types.join(' or ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} with id ${JSON.stringify(globalId)}.`);
}

export function actorOf(ctx: Context): Actor {
  const u = ctx.user!;
  return { id: u.id, username: u.username, isSuperuser: u.isSuperuser, interface: ctx.interface };
}
