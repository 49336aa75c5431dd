import {
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

// SPEC.md §14: depth ≤ 12, a complexity budget, pages ≤ 100, body ≤ 1 MB.
export const MAX_DEPTH = 12;
/** getIntrospectionQuery() is 15 levels deep (its `ofType` chain); GraphiQL needs it. */
export const MAX_INTROSPECTION_DEPTH = 16;
export const MAX_PAGE_SIZE = 100;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_ALIASES = 30;
/** Longest text accepted in any argument or variable; longer values are refused before execution. */
export const MAX_TEXT_LENGTH = 65_536;
/** The parser stops here, well before its recursion could exhaust the stack. */
export const MAX_TOKENS = 50_000;
export const DEFAULT_COMPLEXITY_BUDGET = 20_000;
/** Open subscriptions of one user in one web process, over HTTP and WebSocket together. */
export const MAX_SUBSCRIPTIONS_PER_USER = 100;
/** What a mutation field costs: each one writes rows and may start jobs. */
export const MUTATION_COST = 1_000;
/** Items assumed for a list field that takes no size argument (active app servers, a deployment's). */
const LIST_ESTIMATE = 10;
const DEFAULT_LOG_ENTRIES = 500;

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

interface Shape {
  /** Nesting of the product's own fields; introspection subtrees are measured apart. */
  depth: number;
  /** Nesting of every field, introspection included. */
  full: number;
  introspection: number;
  aliases: number;
}

const EMPTY: Shape = { depth: 0, full: 0, introspection: 0, aliases: 0 };

/**
 * Checks that need neither the schema nor the variables, run before validation so that a hostile
 * document (thousands of aliases, fragment fan-out) never reaches the quadratic validation rules.
 * Fragments are measured once each, so fan-out costs linear time here.
 */
export function documentProblems(document: DocumentNode): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const measured = new Map<string, Shape>();
  const inProgress = new Set<string>();

  function shape(set: SelectionSetNode | undefined): Shape {
    if (!set) return EMPTY;
    const out = { ...EMPTY };
    const merge = (s: Shape) => {
      out.depth = Math.max(out.depth, s.depth);
      out.full = Math.max(out.full, s.full);
      out.introspection = Math.max(out.introspection, s.introspection);
      out.aliases += s.aliases;
    };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const child = shape(sel.selectionSet);
        const name = sel.name.value;
        const aliases = child.aliases + (sel.alias ? 1 : 0);
        if (name === '__schema' || name === '__type') merge({ depth: 0, full: 1 + child.full, introspection: 1 + child.full, aliases });
        else if (name.startsWith('__')) merge({ depth: 0, full: 1, introspection: 0, aliases });
        else merge({ depth: 1 + child.depth, full: 1 + child.full, introspection: child.introspection, aliases });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        merge(shape(sel.selectionSet));
      } else {
        const name = sel.name.value;
        let s = measured.get(name);
        if (!s) {
          // A cycle is refused by validation (NoFragmentCyclesRule); here it only must not loop.
          if (inProgress.has(name)) continue;
          inProgress.add(name);
          s = shape(fragments.get(name)?.selectionSet);
          inProgress.delete(name);
          measured.set(name, s);
        }
        merge(s);
      }
    }
    return out;
  }

  const problems: GraphQLError[] = [];
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const s = shape(def.selectionSet);
    if (s.depth > MAX_DEPTH) problems.push(refusal(`The query is ${s.depth} levels deep; at most ${MAX_DEPTH} are allowed.`, 'QUERY_TOO_DEEP'));
    if (s.introspection > MAX_INTROSPECTION_DEPTH) {
      problems.push(refusal(`The introspection query is ${s.introspection} levels deep; at most ${MAX_INTROSPECTION_DEPTH} are allowed.`, 'QUERY_TOO_DEEP'));
    }
    if (s.aliases > MAX_ALIASES) problems.push(refusal(`The operation uses ${s.aliases} aliases; at most ${MAX_ALIASES} are allowed.`, 'TOO_MANY_ALIASES'));
  }
  return problems;
}

/** True when the document asks for the schema itself (`__schema` or `__type`; `__typename` is not introspection). */
export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

export interface CostOptions {
  budget: number;
  logLimit: number;
}

/**
 * Checks that need the schema and the variables: page sizes however they are given, and the
 * complexity budget. The cost of an operation is the number of objects it may return (a list
 * counts its page size, `limit` or ids; other lists LIST_ESTIMATE), plus MUTATION_COST per
 * mutation field. Scalars are free: aliases and depth bound them.
 */
export function operationProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  options: CostOptions,
): GraphQLError[] {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return [];
  const root = schema.getRootType(operation.operation);
  if (!root) return [];
  const vars = variables ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const problems = new Map<string, GraphQLError>();
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  function argument(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string): unknown {
    const def = field.args.find((a) => a.name === name);
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!def || !arg) return undefined;
    return valueFromAST(arg.value, def.type, vars as Record<string, unknown>);
  }

  function checkPage(value: unknown, name: string): void {
    if (typeof value !== 'number') return;
    if (value > MAX_PAGE_SIZE) problems.set('page', refusal(`Pages hold at most ${MAX_PAGE_SIZE} items.`, 'BAD_USER_INPUT'));
    if (value < 0) problems.set('page-negative', refusal(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`, 'BAD_USER_INPUT'));
  }

  /** Cost of one selection set, for one parent object; callers multiply by how many parents. */
  function cost(set: SelectionSetNode | undefined, parent: GraphQLCompositeType, pageSize: number | null): number {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += cost(sel.selectionSet, type, pageSize);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(sel.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isCompositeType(type)) continue;
        const key = `${fragment.name.value}@${pageSize}`;
        let c = memo.get(key);
        if (c === undefined) {
          if (inProgress.has(key)) continue;
          inProgress.add(key);
          c = cost(fragment.selectionSet, type, pageSize);
          inProgress.delete(key);
          memo.set(key, c);
        }
        total += c;
        continue;
      }
      if (sel.name.value.startsWith('__')) continue;
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const field = parent.getFields()[sel.name.value];
      if (!field) continue;
      if (parent === root && operation!.operation === 'mutation') total += MUTATION_COST;
      const first = argument(field, sel, 'first');
      const last = argument(field, sel, 'last');
      checkPage(first, 'first');
      checkPage(last, 'last');
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      // Only a connection's own edges take its page size; lists further down have their own.
      let childPage: number | null = null;
      if (field.args.some((a) => a.name === 'first' || a.name === 'last')) {
        const given = [first, last].filter((v): v is number => typeof v === 'number');
        childPage = given.length ? Math.min(Math.max(...given), MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
      }
      let items = 1;
      if (isListType(getNullableType(field.type))) {
        const limit = argument(field, sel, 'limit');
        const ids = argument(field, sel, 'ids');
        if (field.args.some((a) => a.name === 'limit'))
          items = typeof limit === 'number' && limit > 0 ? Math.min(limit, options.logLimit) : DEFAULT_LOG_ENTRIES;
        else if (Array.isArray(ids)) items = ids.length;
        else items = pageSize ?? LIST_ESTIMATE;
      }
      total += items * (1 + cost(sel.selectionSet, named, childPage));
    }
    return total;
  }

  const total = cost(operation.selectionSet, root, null);
  if (total > options.budget) {
    problems.set(
      'cost',
      refusal(
        `The operation could return about ${Math.round(total).toLocaleString('en')} objects; the budget is ${options.budget.toLocaleString('en')}. Ask for smaller pages or fewer fields.`,
        'QUERY_TOO_COMPLEX',
      ),
    );
  }
  return [...problems.values()];
}

/**
 * Text that Postgres cannot store (NUL) or that is not valid Unicode (a lone surrogate), and
 * overlong text, anywhere in the variables or in the document's string literals.
 */
export function textProblems(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError[] {
  const problems: GraphQLError[] = [];
  const check = (value: string, where: string) => {
    if (problems.length >= 5) return;
    if (value.includes('\u0000') || !value.isWellFormed()) {
      problems.push(refusal(`${where} contains a NUL character or an unpaired surrogate; text must be valid Unicode without NUL.`, 'BAD_USER_INPUT'));
    } else if (value.length > MAX_TEXT_LENGTH) {
      problems.push(
        refusal(
          `${where} is ${value.length.toLocaleString('en')} characters long; text values are limited to ${MAX_TEXT_LENGTH.toLocaleString('en')}.`,
          'BAD_USER_INPUT',
        ),
      );
    }
  };
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > 20) return;
    if (typeof value === 'string') check(value, `The variable ${path}`);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        check(k, `A key in ${path}`);
        walk(v, `${path}.${k}`, depth + 1);
      }
    }
  };
  if (variables && typeof variables === 'object') for (const [k, v] of Object.entries(variables)) walk(v, `$${k}`, 0);
  visit(document, {
    StringValue(node) {
      check(node.value, `A text value at line ${node.loc ? lineOf(node.loc.source.body, node.loc.start) : '?'}`);
    },
  });
  return problems;
}

function lineOf(body: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < body.length; i++) if (body.charCodeAt(i) === 10) line++;
  return line;
}
