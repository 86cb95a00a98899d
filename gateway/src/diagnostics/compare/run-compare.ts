import { randomUUID } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../../context';
import { InputError } from '../../errors';
import { logger } from '../../logger';
import { executeReadOnlyDocument } from '../execute-document';
import { type RunActor, recordRun, type StoredRun } from '../history/run-history';
import { actorOf } from '../run-tool';
import { DIFF_DEFAULT_LIMIT, type DiffNormalization, type DiffResult, diffRecords } from './diff-records';
import { recordsAt } from './result-paths';

/** Records kept per list in the history; the counts stay complete. */
export const HISTORY_DIFF_LIMIT = 200;
export const DIFF_MAX_LIMIT = 10_000;

export interface ComparisonRequest {
  document: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  leftPath: string;
  rightPath: string;
  keyField: string;
  fields: string[];
  normalization: DiffNormalization;
  /** Records listed per kind of difference in the answer. */
  limit: number;
  ticketId: string | null;
  savedComparison: { id: string; name: string } | null;
}

export interface ComparisonRunModel extends DiffResult {
  id: string;
  recorded: boolean;
  request: ComparisonRequest;
  districtId: string | null;
  environment: string | null;
  durationMs: number;
  queryDurationMs: number;
  createdAt: string;
  actor: RunActor;
}

export function comparisonRequest(input: {
  document: string;
  variables?: unknown;
  operationName?: string | null;
  leftPath: string;
  rightPath: string;
  keyField: string;
  fields: readonly string[];
  normalization?: DiffNormalization | null;
  limit?: number | null;
  ticketId?: string | null;
  savedComparison?: { id: string; name: string } | null;
}): ComparisonRequest {
  const variables = input.variables ?? {};
  if (typeof variables !== 'object' || Array.isArray(variables))
    throw new InputError('variables: expected a JSON object of variable values.');
  const fields = input.fields.map((f) => f.trim()).filter(Boolean);
  if (!input.keyField.trim()) throw new InputError('keyField is empty: name the field records are joined by (e.g. sourcedId).');
  if (fields.length === 0) throw new InputError('fields is empty: name at least one field to compare.');
  return {
    document: input.document,
    variables: variables as Record<string, unknown>,
    operationName: input.operationName ?? null,
    leftPath: input.leftPath.trim(),
    rightPath: input.rightPath.trim(),
    keyField: input.keyField.trim(),
    fields,
    normalization: input.normalization ?? 'EXACT',
    limit: Math.min(Math.max(input.limit ?? DIFF_DEFAULT_LIMIT, 0), DIFF_MAX_LIMIT),
    ticketId: input.ticketId?.trim() || null,
    savedComparison: input.savedComparison ?? null,
  };
}

/**
 * Runs an engineer's read-only document in-process with the request's context, picks the two
 * record lists, diffs them and records the run. A history write failure loses nothing.
 */
export async function runComparison(options: {
  request: ComparisonRequest;
  context: GatewayContext;
  schema: GraphQLSchema;
}): Promise<ComparisonRunModel> {
  const { request, context, schema } = options;
  const started = performance.now();
  const answer = await executeReadOnlyDocument({
    schema,
    context,
    text: request.document,
    variables: request.variables,
    operationName: request.operationName,
  });
  const left = recordsAt({ data: answer.data, path: request.leftPath, side: 'leftPath' });
  const right = recordsAt({ data: answer.data, path: request.rightPath, side: 'rightPath' });
  const diff = diffRecords({
    left,
    right,
    key: request.keyField,
    fields: request.fields,
    normalization: request.normalization,
    limit: request.limit,
  });
  const districtId =
    typeof request.variables.districtId === 'string' || typeof request.variables.districtId === 'number'
      ? String(request.variables.districtId)
      : null;
  const named = typeof request.variables.environment === 'string' ? request.variables.environment.toLowerCase() : null;
  const environment = named === 'staging' || named === 'production' ? named : null;
  const run: ComparisonRunModel = {
    ...diff,
    id: '',
    recorded: false,
    request,
    districtId,
    environment,
    durationMs: Math.round(performance.now() - started),
    queryDurationMs: answer.durationMs,
    createdAt: new Date().toISOString(),
    actor: actorOf(context.viewer),
  };
  try {
    const stored = await recordRun(context.services.appDatabase, {
      kind: 'compare',
      tool: 'compare',
      status: null,
      summary: summarizeDiff(run),
      districtId,
      environment,
      input: { ...request, document: undefined },
      findings: [],
      remediation: [],
      evidence: {
        queries: [
          {
            operationName: answer.operationName,
            document: request.document,
            variables: request.variables,
            durationMs: answer.durationMs,
          },
        ],
      },
      findingCounts: {},
      findingTotal: diff.onlyLeftCount + diff.onlyRightCount + diff.changedCount,
      candidates: [],
      details: {
        ...diff,
        onlyLeft: diff.onlyLeft.slice(0, HISTORY_DIFF_LIMIT),
        onlyRight: diff.onlyRight.slice(0, HISTORY_DIFF_LIMIT),
        changed: diff.changed.slice(0, HISTORY_DIFF_LIMIT),
      },
      ticketId: request.ticketId,
      actor: run.actor,
      durationMs: run.durationMs,
    });
    return { ...run, id: stored.id, recorded: true, createdAt: stored.createdAt };
  } catch (error) {
    logger.error({ err: error, requestId: context.requestId }, 'could not record the comparison run');
    return { ...run, id: `unrecorded-${randomUUID()}` };
  }
}

export function summarizeDiff(
  diff: Pick<DiffResult, 'leftCount' | 'rightCount' | 'onlyLeftCount' | 'onlyRightCount' | 'changedCount' | 'identicalCount'>,
): string {
  return `${diff.leftCount} left, ${diff.rightCount} right: ${diff.onlyLeftCount} only left, ${diff.onlyRightCount} only right, ${diff.changedCount} changed, ${diff.identicalCount} identical.`;
}

/** A stored comparison run, as `runComparison` returned it (lists capped at HISTORY_DIFF_LIMIT). */
export function comparisonRunFromHistory(stored: StoredRun): ComparisonRunModel | null {
  if (stored.kind !== 'compare') return null;
  const details = (stored.details ?? {}) as Partial<DiffResult>;
  const input = (stored.input ?? {}) as Partial<ComparisonRequest>;
  const evidence = (stored.evidence ?? {}) as { queries?: { document?: string; durationMs?: number }[] };
  const query = evidence.queries?.[0];
  return {
    leftCount: details.leftCount ?? 0,
    rightCount: details.rightCount ?? 0,
    onlyLeft: details.onlyLeft ?? [],
    onlyLeftCount: details.onlyLeftCount ?? 0,
    onlyRight: details.onlyRight ?? [],
    onlyRightCount: details.onlyRightCount ?? 0,
    changed: details.changed ?? [],
    changedCount: details.changedCount ?? 0,
    identicalCount: details.identicalCount ?? 0,
    fieldChangeCounts: details.fieldChangeCounts ?? [],
    unkeyed: details.unkeyed ?? { left: 0, right: 0 },
    duplicateKeys: details.duplicateKeys ?? { left: [], right: [] },
    id: stored.id,
    recorded: true,
    request: {
      document: query?.document ?? '',
      variables: input.variables ?? {},
      operationName: input.operationName ?? null,
      leftPath: input.leftPath ?? '',
      rightPath: input.rightPath ?? '',
      keyField: input.keyField ?? '',
      fields: input.fields ?? [],
      normalization: input.normalization ?? 'EXACT',
      limit: input.limit ?? DIFF_DEFAULT_LIMIT,
      ticketId: stored.ticketId,
      savedComparison: input.savedComparison ?? null,
    },
    districtId: stored.districtId,
    environment: stored.environment,
    durationMs: stored.durationMs,
    queryDurationMs: query?.durationMs ?? 0,
    createdAt: stored.createdAt,
    actor: stored.actor,
  };
}
