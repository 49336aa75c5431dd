import { GraphQLError, MaxIntrospectionDepthRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ConflictError, InvalidStateError, NotFoundError, ValidationError, AuthenticationError, ForbiddenError } from '../errors.ts';
import { documentProblems, MAX_SUBSCRIPTIONS_PER_USER, MAX_TOKENS, operationProblems, textProblems, usesIntrospection } from './limits.ts';
import type { Context } from './builder.ts';

export interface GuardOptions {
  production: boolean;
  complexityBudget: number;
  logLimit: number;
}

function unauthenticated(): GraphQLError {
  return new GraphQLError('Sign in first.', { extensions: { code: 'UNAUTHENTICATED' } });
}

/**
 * The request limits of SPEC.md §14 and the refusal of text Postgres cannot store, as one envelop
 * plugin: Yoga runs it for HTTP, and graphql-ws runs it through `yoga.getEnveloped`, so both
 * transports refuse the same operations with the same errors.
 */
export function useOperationGuards(options: GuardOptions): Plugin<Partial<Context>> {
  const openSubscriptions = new Map<string, number>();
  const release = (userId: string) => {
    const n = (openSubscriptions.get(userId) ?? 1) - 1;
    if (n > 0) openSubscriptions.set(userId, n);
    else openSubscriptions.delete(userId);
  };
  const checkOperation = (
    args: { schema: any; document: any; operationName?: string | null; variableValues?: any; contextValue: any },
    subscription: boolean,
  ): GraphQLError[] => {
    const user = (args.contextValue as Partial<Context>)?.user;
    // Before subscribing: an anonymous stream would otherwise exist, and reveal ids, until its first event.
    if (subscription && !user) return [unauthenticated()];
    if (options.production && !user && usesIntrospection(args.document)) return [unauthenticated()];
    const text = textProblems(args.document, args.variableValues);
    if (text.length) return text;
    return operationProblems(args.schema, args.document, args.operationName, args.variableValues, {
      budget: options.complexityBudget,
      logLimit: options.logLimit,
    });
  };
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, parseOptions) => {
        try {
          return parseFn(source, { ...parseOptions, maxTokens: MAX_TOKENS });
        } catch (e) {
          if (e instanceof RangeError) throw new GraphQLError('The query is nested too deeply.', { extensions: { code: 'QUERY_TOO_DEEP' } });
          throw e;
        }
      });
    },
    onValidate({ params, setResult, addValidationRule }) {
      // Results here are cached per document by Yoga: only checks that depend on the document alone.
      const problems = documentProblems(params.documentAST);
      if (problems.length) setResult(problems);
      else addValidationRule(MaxIntrospectionDepthRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const errors = checkOperation(args, false);
      if (errors.length) setResultAndStopExecution({ errors });
      return { onExecuteDone: ({ result }) => codeInputErrors(result) };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = checkOperation(args, true);
      if (errors.length) {
        setResultAndStopExecution({ errors });
        return;
      }
      // Booked before subscribing, so parallel requests cannot all pass the count.
      const userId = (args.contextValue as Context).user!.id;
      const open = openSubscriptions.get(userId) ?? 0;
      if (open >= MAX_SUBSCRIPTIONS_PER_USER) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`You have ${open} open subscriptions; at most ${MAX_SUBSCRIPTIONS_PER_USER} at once. Close some first.`, {
              extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ],
        });
        return;
      }
      openSubscriptions.set(userId, open + 1);
      return {
        onSubscribeResult: ({ result }) => {
          codeInputErrors(result);
          if (!isAsyncIterable(result)) {
            release(userId);
            return;
          }
          return { onEnd: () => release(userId) };
        },
        onSubscribeError: () => release(userId),
      };
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * graphql-js refuses bad variables (wrong type, null for non-null, unknown fields) and Pothos
 * refuses malformed global ids with GraphQL errors that carry no code: they are the caller's
 * mistake, so they get BAD_USER_INPUT. Errors the masking owns (a non-GraphQL original) are left.
 */
function codeInputErrors(result: unknown): void {
  const errors = (result as { errors?: readonly GraphQLError[] } | null)?.errors;
  if (!Array.isArray(errors)) return;
  for (const error of errors) {
    if (!(error instanceof Error) || (error as GraphQLError).extensions?.code) continue;
    const original = (error as GraphQLError).originalError;
    if (original && !(original instanceof GraphQLError) && original.name !== 'GraphQLError') continue;
    if (error.message === 'Unexpected error.') continue;
    const extensions = ((error as unknown as { extensions: Record<string, unknown> }).extensions ??= {});
    extensions.code = 'BAD_USER_INPUT';
  }
}

const TYPED_CODES: [new (...args: any[]) => Error, string][] = [
  [ValidationError, 'BAD_USER_INPUT'],
  [NotFoundError, 'NOT_FOUND'],
  [InvalidStateError, 'INVALID_STATE'],
  [ConflictError, 'CONFLICT'],
  [AuthenticationError, 'UNAUTHENTICATED'],
  [ForbiddenError, 'FORBIDDEN'],
];

/** Prisma's "the record was not found", e.g. a Relay node whose row does not exist. */
const PRISMA_NOT_FOUND = 'P2025';

// Prisma's codes for a value the column cannot hold (too long, malformed, out of range, not a uuid).
const PRISMA_INPUT_CODES = new Set(['P2000', 'P2006', 'P2007', 'P2009', 'P2019', 'P2020', 'P2023', 'P2033']);

/** A Postgres "data exception" (SQLSTATE class 22) or Prisma's input codes, anywhere in the cause chain. */
function isDataException(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as Record<string, unknown>;
  for (const key of ['code', 'originalCode']) {
    const code = e[key];
    if (typeof code === 'string' && (/^22[0-9A-Z]{3}$/.test(code) || PRISMA_INPUT_CODES.has(code))) return true;
  }
  return ['cause', 'meta', 'driverAdapterError', 'originalError'].some((key) => isDataException(e[key], depth + 1));
}

/**
 * Turns an expected failure that reached the error masking (a typed error thrown where no union
 * holds it, a value the database refused) into a GraphQL error with a code and a human message.
 * Everything else stays masked as "Unexpected error.": it is a bug, and is logged.
 */
export function userFacingError(error: unknown): GraphQLError | null {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  for (const [type, code] of TYPED_CODES) {
    if (original instanceof type) {
      const extensions: Record<string, unknown> = { code };
      if (original instanceof ValidationError) extensions.field = original.field;
      if (original instanceof InvalidStateError) extensions.currentState = original.currentState;
      return new GraphQLError(original.message, { extensions, path: (error as GraphQLError).path });
    }
  }
  if ((original as { code?: unknown })?.code === PRISMA_NOT_FOUND) {
    return new GraphQLError('Not found.', { extensions: { code: 'NOT_FOUND' }, path: (error as GraphQLError).path });
  }
  if (isDataException(original)) {
    return new GraphQLError('A value in the request cannot be stored: it is malformed, too long or out of range.', {
      extensions: { code: 'BAD_USER_INPUT' },
      path: (error as GraphQLError).path,
    });
  }
  return null;
}
