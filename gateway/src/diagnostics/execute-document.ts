import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import type { GatewayContext } from '../context';
import { AppError, InputError } from '../errors';
import type { ToolDocument } from './tool';

/**
 * Runs documents against the gateway's own schema in-process, with the request's context, so
 * every document of a run shares the request's DataLoaders. Nothing goes over HTTP.
 */

/** A document a run executed, kept as evidence so it can be re-run in GraphiQL. */
export interface ExecutedQuery {
  operationName: string;
  document: string;
  variables: Record<string, unknown>;
  durationMs: number;
  /** `district.source` of the answer: the SIS records compared. */
  source: unknown;
  /** `district.bookmarked` of the answer: the Bookmarked records compared. */
  bookmarked: unknown;
}

const toolDocuments = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();

/** Parses and validates a tool's own document once per schema; a failure here is a bug in the tool. */
function toolDocumentNode(schema: GraphQLSchema, document: ToolDocument): DocumentNode {
  let cache = toolDocuments.get(schema);
  if (!cache) {
    cache = new Map();
    toolDocuments.set(schema, cache);
  }
  let node = cache.get(document.text);
  if (!node) {
    node = parse(document.text);
    const errors = validate(schema, node);
    if (errors.length) {
      throw new Error(
        `Tool document ${document.operationName} does not validate against the gateway schema: ${errors.map((e) => e.message).join('; ')}`,
      );
    }
    cache.set(document.text, node);
  }
  return node;
}

export async function executeToolDocument(options: {
  schema: GraphQLSchema;
  context: GatewayContext;
  document: ToolDocument;
  variables: Record<string, unknown>;
}): Promise<{ data: unknown; executed: ExecutedQuery }> {
  const { schema, context, document, variables } = options;
  const started = performance.now();
  const result = await execute({
    schema,
    document: toolDocumentNode(schema, document),
    operationName: document.operationName,
    variableValues: variables,
    contextValue: context,
  });
  if (result.errors?.length) throw executionFailure(document.operationName, result);
  const data = result.data as { district?: { source?: unknown; bookmarked?: unknown } | null } | null | undefined;
  return {
    data,
    executed: {
      operationName: document.operationName,
      document: document.text,
      variables,
      durationMs: Math.round(performance.now() - started),
      source: data?.district?.source ?? null,
      bookmarked: data?.district?.bookmarked ?? null,
    },
  };
}

/**
 * The error a failed execution stands for: an AppError a resolver threw (source not
 * configured, Bookmarked unreachable…) keeps its code and message; anything else is thrown
 * as is, for the gateway's error masking.
 */
function executionFailure(operationName: string, result: ExecutionResult): Error {
  const errors = result.errors ?? [];
  const appError = errors.map((e) => e.originalError).find((e): e is AppError => e instanceof AppError);
  if (appError) return appError;
  const original = errors.map((e) => e.originalError).find((e): e is Error => e instanceof Error);
  if (original) return original;
  return new Error(`${operationName} failed: ${errors.map((e) => e.message).join('; ')}`);
}

/**
 * Parses an engineer's document and picks its operation; refuses anything but queries, so a
 * comparison can never write.
 */
export function assertReadOnlyDocument(
  text: string,
  operationName?: string | null,
): { document: DocumentNode; operation: OperationDefinitionNode } {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    throw new InputError(`The comparison's document is not valid GraphQL: ${(error as Error).message}`);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const refused = operations.find((o) => o.operation !== 'query');
  if (refused) {
    throw new InputError(
      `Comparisons only read: the document holds a ${refused.operation}${refused.name ? ` (${refused.name.value})` : ''}; use a query.`,
    );
  }
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) {
    throw new InputError(
      operationName
        ? `The document has no operation named ${operationName}; it has ${operations.map((o) => o.name?.value ?? '(anonymous)').join(', ') || 'none'}.`
        : `The document must hold exactly one operation (or name one with operationName); it has ${operations.length}.`,
    );
  }
  return { document, operation };
}

/**
 * Runs an engineer's read-only document (ad-hoc comparisons): refuses anything but a query,
 * and reports syntax, validation and resolver errors as input errors that say where.
 */
export async function executeReadOnlyDocument(options: {
  schema: GraphQLSchema;
  context: GatewayContext;
  text: string;
  variables: Record<string, unknown>;
  operationName?: string | null;
}): Promise<{ data: Record<string, unknown>; operationName: string | null; durationMs: number }> {
  const { schema, context, text, variables } = options;
  const { document, operation } = assertReadOnlyDocument(text, options.operationName);
  const invalid = validate(schema, document);
  if (invalid.length)
    throw new InputError(`The comparison's document does not validate: ${invalid.map(describeGraphQLError).join('; ')}`);
  const started = performance.now();
  const result = await execute({
    schema,
    document,
    operationName: operation.name?.value,
    variableValues: variables,
    contextValue: context,
  });
  if (result.errors?.length) {
    const appError = result.errors.map((e) => e.originalError).find((e): e is AppError => e instanceof AppError);
    if (appError) throw appError;
    const original = result.errors
      .map((e) => e.originalError)
      .find((e): e is Error => e instanceof Error && !(e instanceof GraphQLError));
    if (original) throw original;
    throw new InputError(`The comparison's query failed: ${result.errors.map(describeGraphQLError).join('; ')}`);
  }
  return {
    data: (result.data ?? {}) as Record<string, unknown>,
    operationName: operation.name?.value ?? null,
    durationMs: Math.round(performance.now() - started),
  };
}

function describeGraphQLError(error: GraphQLError): string {
  const where = error.locations?.[0] ? ` (line ${error.locations[0].line}, column ${error.locations[0].column})` : '';
  return `${error.message}${where}`;
}
