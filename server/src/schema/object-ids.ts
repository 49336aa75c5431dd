import SchemaBuilder, { BasePlugin, PothosValidationError, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';
import { NotFoundError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The relay plugin's decoding, refusing ids that cannot name a row (every table is keyed by uuid). */
export function decodeObjectId(globalId: string): { typename: string; id: string } {
  const decoded = decodeGlobalID(globalId);
  if (!UUID.test(String(decoded.id))) throw new PothosValidationError(`Invalid global ID: ${globalId}`);
  return { typename: decoded.typename, id: String(decoded.id) };
}

/** Why an id argument was refused, in the words of the types it may name. */
function notFound(globalId: unknown, types: string[]): NotFoundError {
  const names = types
    .join(' or ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return new NotFoundError(`No ${names} with id ${JSON.stringify(globalId)}.`);
}

function refusedId(args: Record<string, unknown>, idArgs: { name: string; types: string[] }[]): NotFoundError | null {
  for (const { name, types } of idArgs) {
    const value = args[name];
    if (value === null || value === undefined) continue;
    try {
      if (types.includes(decodeObjectId(String(value)).typename)) continue;
    } catch {
      /* malformed: refused below */
    }
    return notFound(value, types);
  }
  return null;
}

/**
 * `t.arg.globalID({ for })` refuses a malformed or foreign id before the resolver runs, with a
 * Pothos validation error that no union holds. This turns it into a NotFoundError naming the
 * expected type, inside the errors plugin's reach (it is listed after that plugin).
 */
class ObjectIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    const idArgs = Object.entries(fieldConfig.args).flatMap(([name, arg]) => {
      const forTypes = arg.extensions?.relayGlobalIDFor as { typename: string }[] | null | undefined;
      return forTypes ? [{ name, types: forTypes.map((t) => t.typename) }] : [];
    });
    if (!resolver || idArgs.length === 0) return resolver;
    const explain = (error: unknown, args: object) =>
      error instanceof PothosValidationError ? (refusedId(args as Record<string, unknown>, idArgs) ?? error) : error;
    return (parent, args, context, info) => {
      try {
        const result = resolver(parent, args, context, info);
        return result instanceof Promise ? result.catch((e) => Promise.reject(explain(e, args))) : result;
      } catch (e) {
        throw explain(e, args);
      }
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      objectIds: ObjectIdsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('objectIds', ObjectIdsPlugin);
