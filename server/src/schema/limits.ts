import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export const MAX_DEPTH = 12;
export const MAX_PAGE_SIZE = 100;
export const MAX_BODY_BYTES = 1024 * 1024;

/** Refuses operations nested deeper than MAX_DEPTH fields (fragments followed, cycles cut). */
export function depthLimitRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  function depth(set: SelectionSetNode | undefined, seen: Set<string>): number {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) max = Math.max(max, sel.name.value.startsWith('__') ? 0 : 1 + depth(sel.selectionSet, seen));
      else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depth(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) {
        const next = new Set(seen).add(sel.name.value);
        max = Math.max(max, depth(fragments.get(sel.name.value)?.selectionSet, next));
      }
    }
    return max;
  }

  return {
    OperationDefinition(node) {
      const d = depth(node.selectionSet, new Set());
      if (d > MAX_DEPTH) context.reportError(new GraphQLError(`The query is ${d} levels deep; at most ${MAX_DEPTH} are allowed.`, { nodes: [node], extensions: { code: 'QUERY_TOO_DEEP' } }));
    },
    Field(node) {
      for (const arg of node.arguments ?? []) {
        if ((arg.name.value === 'first' || arg.name.value === 'last') && arg.value.kind === Kind.INT && Number(arg.value.value) > MAX_PAGE_SIZE) {
          context.reportError(new GraphQLError(`Pages hold at most ${MAX_PAGE_SIZE} items.`, { nodes: [arg], extensions: { code: 'BAD_USER_INPUT' } }));
        }
      }
    },
  };
}
