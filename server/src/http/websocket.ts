import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../schema/builder.ts';

type Enveloped = ReturnType<YogaServerInstance<any, any>['getEnveloped']>;

/** graphql-ws runs what this prepares through `rootValue`: Yoga's enveloped execute and subscribe. */
export const executeEnveloped = (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args);
export const subscribeEnveloped = (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args);

/**
 * Prepares a graphql-ws operation through Yoga's envelop (Yoga's graphql-ws recipe), so the socket
 * gets the same parsing limits, validation, guards, context and error masking as HTTP. The user
 * was authenticated in onConnect and stored on `extra`.
 */
export async function envelopedOperation(
  yoga: YogaServerInstance<any, any>,
  ctx: WsContext<
    Record<string, unknown> | undefined,
    Extra & { user?: Context['user']; interface?: Context['interface']; sessionToken?: string; reauthenticate?: () => Promise<Context['user']> }
  >,
  payload: SubscribePayload,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  if (ctx.extra.reauthenticate) {
    ctx.extra.user = await ctx.extra.reauthenticate();
    if (!ctx.extra.user) return [new GraphQLError('Sign in first.', { extensions: { code: 'UNAUTHENTICATED' } })];
  }
  const enveloped = yoga.getEnveloped({
    req: ctx.extra.request,
    cookies: {},
    user: ctx.extra.user ?? null,
    interface: ctx.extra.interface ?? 'api',
    sessionToken: ctx.extra.sessionToken,
    reauthenticate: ctx.extra.reauthenticate,
    params: payload,
  });
  let document;
  try {
    document = enveloped.parse(payload.query);
  } catch (e) {
    if (!(e instanceof GraphQLError)) return [new GraphQLError('The query cannot be parsed.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    (e.extensions as Record<string, unknown>).code ??= 'GRAPHQL_PARSE_FAILED';
    return [e];
  }
  const errors = enveloped.validate(enveloped.schema, document);
  if (errors.length) return errors;
  return {
    schema: enveloped.schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
    contextValue: await enveloped.contextFactory(),
    rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
  };
}
