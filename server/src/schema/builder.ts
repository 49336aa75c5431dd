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

export interface Context {
  user: User | null;
  interface: 'console' | 'api';
  /** Set by login/logout for the HTTP layer to turn into a Set-Cookie header. */
  cookies: { set?: string; clear?: boolean };
  /** The console session's token, when the request came with the cookie (logout deletes it). */
  sessionToken?: string;
  ip: string;
  userAgent: string;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { signedIn: boolean; superuser: boolean };
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ErrorsPlugin],
  scopeAuth: {
    // Checked when a subscription starts, not at each event: an anonymous stream must never open.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ signedIn: Boolean(ctx.user), superuser: Boolean(ctx.user?.isSuperuser) }),
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
  },
  errors: { defaultTypes: [] },
});

builder.queryType({ authScopes: { signedIn: true } });
builder.mutationType({ authScopes: { signedIn: true } });
builder.subscriptionType({ authScopes: { signedIn: true } });

builder.scalarType('DateTime', {
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: (value) => {
    const d = new Date(value as string);
    if (Number.isNaN(d.getTime())) throw new GraphQLError('Invalid date', { extensions: { code: 'BAD_USER_INPUT' } });
    return d;
  },
});
