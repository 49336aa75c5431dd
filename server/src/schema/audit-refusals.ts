import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { pool } from '../db.ts';
import { logger } from '../logger.ts';
import { audit } from '../services/audit.ts';
import { decodeObjectId } from './object-ids.ts';

// Anonymous forms and sign-in keep their own records (login failures, the applications): a refusal
// there has no actor to name, and logging every bad form would drown the operators' actions.
const NOT_AUDITED = new Set(['login', 'logout', 'registerBetaTest', 'resendVerificationEmail', 'verifyEmail']);

/**
 * A typed error the errors plugin made the field's result: a proxy of the thrown error, which does
 * not pass `instanceof Error` here, hence its shape (no row or payload has a stack).
 */
function isReturnedError(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (!value || typeof value !== 'object') return false;
  const e = value as { name?: unknown; message?: unknown; stack?: unknown };
  return typeof e.name === 'string' && e.name.endsWith('Error') && typeof e.message === 'string' && typeof e.stack === 'string';
}

/** The code a refusal is recorded with: the GraphQL code (FORBIDDEN…) or the typed error's name, plus the field of a ValidationError. */
function refusalCode(error: unknown): { code: string; field?: string } | null {
  if (!isReturnedError(error)) return null;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  if (typeof code === 'string') return { code };
  if (error.name === 'Error') return null; // a fault, not a refusal: the error log has it
  const field = (error as { field?: unknown }).field;
  return typeof field === 'string' ? { code: error.name, field } : { code: error.name };
}

/** The object acted on: the first id argument, as the successes record it (the row's id). */
function targetOf(args: Record<string, unknown>): string | null {
  for (const name of ['id', 'instanceId', 'appServerId', 'deploymentId']) {
    const value = args[name];
    if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
    if (typeof value === 'string') {
      try {
        return decodeObjectId(value).id;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Records refused mutations of signed-in users in the audit log (result `failure`, the error's code,
 * never the input: it may hold a password). Listed first, so it sees the role checks' refusals as
 * well as the typed errors the errors plugin turns into results.
 */
class AuditRefusalsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.parentType !== 'Mutation' || NOT_AUDITED.has(fieldConfig.name)) return resolver;
    const action = fieldConfig.name;
    const record = async (error: unknown, args: object, context: Types['Context']) => {
      const user = (context as { user?: { id: string; username: string; isSuperuser: boolean } | null }).user;
      const refusal = refusalCode(error);
      if (!user || !refusal) return;
      const via = (context as { interface?: 'console' | 'api' }).interface ?? 'api';
      try {
        await audit(
          pool,
          { id: user.id, username: user.username, isSuperuser: user.isSuperuser, interface: via },
          action,
          targetOf(args as Record<string, unknown>),
          refusal,
          'failure',
        );
      } catch (e) {
        logger.warn('refused operation not audited', { action, error: (e as Error).message });
      }
    };
    return async (parent, args, context, info) => {
      let result: unknown;
      try {
        result = await resolver(parent, args, context, info);
      } catch (e) {
        await record(e, args, context);
        throw e;
      }
      if (isReturnedError(result)) await record(result, args, context);
      return result;
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      auditRefusals: AuditRefusalsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('auditRefusals', AuditRefusalsPlugin);
