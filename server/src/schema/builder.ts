import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ErrorsPlugin from '@pothos/plugin-errors';
import { GraphQLError } from 'graphql';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import { prisma } from '../db.ts';
import type { User } from '../generated/prisma/client.ts';
import { decodeObjectId } from './object-ids.ts';
import './audit-refusals.ts';
import { mayReadObject } from '../services/access.ts';

export interface Context {
  user: User | null;
  interface: 'console' | 'api';
  /** Set by login/logout for the HTTP layer to turn into a Set-Cookie header. */
  cookies: { set?: string; clear?: boolean };
  /** The console session's token, when the request came with the cookie (logout deletes it). */
  sessionToken?: string;
  ip: string;
  userAgent: string;
  /**
   * Reads the user again from the credentials this operation came with: null once the token is
   * revoked, the session ended or the user deactivated. Long subscriptions call it at each event.
   */
  reauthenticate?: () => Promise<User | null>;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { signedIn: boolean; staff: boolean; superuser: boolean };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  defaultFieldNullability: false,
  plugins: ['auditRefusals', ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ErrorsPlugin, 'objectIds'],
  scopeAuth: {
    // Checked when a subscription starts, not at each event: an anonymous stream must never open.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      signedIn: Boolean(ctx.user),
      staff: Boolean(ctx.user?.isActive && (ctx.user.isStaff || ctx.user.isSuperuser)),
      superuser: Boolean(ctx.user?.isActive && ctx.user.isSuperuser),
    }),
    unauthorizedError: (_parent, context) =>
      context.user
        ? new GraphQLError('You are not allowed to do this.', { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError('Sign in first.', { extensions: { code: 'UNAUTHENTICATED' } }),
  },
  prisma: {
    // Read lazily: the client is created at start-up, after this module loads.
    get client() {
      return prisma;
    },
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
  } as any,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    decodeGlobalID: decodeObjectId,
    // Forbidden objects read as not found (SPEC §2): null, like an id that names no row.
    nodeQueryOptions: {
      resolve: async (_root, { id }, ctx, _info, resolveNode) =>
        (await mayReadObject(ctx.user, id.typename, String(id.id))) ? resolveNode(id as never) : null,
    },
    nodesQueryOptions: {
      resolve: async (_root, { ids }, ctx, _info, resolveNodes) => {
        const visible = await Promise.all(ids.map((id) => mayReadObject(ctx.user, id.typename, String(id.id))));
        const shown = ids.filter((_, i) => visible[i]);
        const nodes = shown.length ? await resolveNodes(shown as never) : [];
        let next = 0;
        return visible.map((v) => (v ? (nodes[next++] ?? null) : null));
      },
    },
  },
  // Lets a typed error union hold a refused id argument (see object-ids.ts).
  errors: { defaultTypes: [], unsafelyHandleInputErrors: true },
});

builder.queryType({ authScopes: { signedIn: true } });
builder.mutationType({ authScopes: { signedIn: true } });
builder.subscriptionType({ authScopes: { signedIn: true } });

builder.scalarType('DateTime', {
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  // Only ISO 8601 text: Date() would also take numbers and lists ("1,2" reads as a date in V8).
  parseValue: (value) => {
    const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime())) {
      throw new GraphQLError('Dates are ISO 8601 text, e.g. 2026-11-30T12:00:00Z.', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return d;
  },
});
