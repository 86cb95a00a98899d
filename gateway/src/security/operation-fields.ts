import { type DocumentNode, type FragmentDefinitionNode, getOperationAST, Kind, type SelectionSetNode } from 'graphql';

/**
 * The root fields an operation selects (by field name, not alias), through fragments and
 * inline fragments: `a: studentSearch(…) b: studentSearch(…)` is two tool runs. Fragment
 * cycles (invalid anyway) are followed once.
 */
export function rootFields(
  document: DocumentNode,
  operationName?: string | null,
): { operation: string | null; name: string | null; fields: string[] } {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return { operation: null, name: null, fields: [] };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields: string[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return { operation: operation.operation, name: operation.name?.value ?? null, fields };
}
