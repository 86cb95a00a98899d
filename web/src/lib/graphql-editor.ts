import { GraphQLError, type GraphQLSchema, Kind, parse, validate } from 'graphql';

/**
 * The workbench's checks on a document, shown under the editor: syntax and schema errors
 * (graphql-js) and the tool's own rule that the workbench only reads. Colouring and completion
 * are CodeMirror's (cm6-graphql) in GraphQLEditor.svelte.
 */

export interface Problem {
  message: string;
  line: number;
  column: number;
}

/** What is wrong with a document for the workbench: syntax, schema, or a write. */
export function validateDocument(schema: GraphQLSchema | null, text: string): Problem[] {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof GraphQLError) {
      const at = error.locations?.[0];
      return [{ message: error.message.replace(/^Syntax Error: /, 'Syntax: '), line: at?.line ?? 1, column: at?.column ?? 1 }];
    }
    throw error;
  }
  const problems: Problem[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== 'query') {
      const at = definition.loc?.startToken;
      problems.push({
        message: `The workbench runs read-only queries: "${definition.operation}" is refused.`,
        line: at?.line ?? 1,
        column: at?.column ?? 1,
      });
    }
  }
  if (schema) {
    for (const error of validate(schema, document)) {
      const at = error.locations?.[0];
      problems.push({ message: error.message, line: at?.line ?? 1, column: at?.column ?? 1 });
    }
  }
  return problems;
}
