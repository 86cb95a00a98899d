import { randomUUID } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { GatewayContext, Viewer } from '../context';
import { AppError, InputError, NotFoundError } from '../errors';
import { LOG_EVENTS } from '../log-events';
import { logEvent, logger } from '../logger';
import { findDistrict } from '../services/districts';
import { withSpan } from '../tracing';
import { type ExecutedQuery, executeToolDocument } from './execute-document';
import { type Candidate, countByKind, type DiagnosticStatus, type Finding, type FindingKind } from './findings';
import { type RunActor, recordRun, type StoredRun } from './history/run-history';
import type { CommonInput, DiagnosticTool, QueryRunner, SanityCounts, ScannedCount } from './tool';

/** A tool's answer: what the mutation returns and what the history keeps. */
export interface DiagnosticRunModel {
  /** The history id; `unrecorded-…` when the history could not be written. */
  id: string;
  recorded: boolean;
  tool: string;
  status: DiagnosticStatus;
  summary: string;
  findings: Finding[];
  remediation: string[];
  candidates: Candidate[];
  /** Exact counts per kind (complete even when `findings` is capped). */
  counts: Partial<Record<FindingKind, number>>;
  findingTotal: number;
  sanityCounts: SanityCounts[] | null;
  durationMs: number;
  districtId: string;
  environment: BookmarkedEnvironment;
  ticketId: string | null;
  input: Record<string, unknown>;
  createdAt: string;
  actor: RunActor;
  evidence: RunEvidence;
}

export interface RunEvidence {
  /** Every document the run executed, with its variables and the records each system returned. */
  queries: ExecutedQuery[];
  /** Whole-district scans (the district report): records read per system. */
  scanned: ScannedCount[];
}

export const actorOf = (viewer: Viewer): RunActor => ({ id: viewer.id, name: viewer.name, kind: viewer.kind });

export interface RunToolOptions {
  tool: DiagnosticTool;
  input: unknown;
  context: GatewayContext;
  /** The gateway schema (the resolver's `info.schema`), so documents run against exactly what clients see. */
  schema: GraphQLSchema;
}

/** Failures that are the caller's (an invalid input, an unknown district): answered, not counted as tool failures. */
const CALLER_ERROR_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

/**
 * Runs one tool for one request: validates the input, executes the tool's documents
 * in-process with the request's context, applies its comparator, and records the run. A
 * history write failure is logged and the answer still returned.
 *
 * Every run is one `diagnostic.run` span and one log event: `tool.run` with its verdict and
 * duration, or `tool.failed` with the error's code (log-events.ts; CloudWatch counts both).
 */
export function runDiagnosticTool(options: RunToolOptions): Promise<DiagnosticRunModel> {
  const { tool } = options;
  const started = performance.now();
  return withSpan('diagnostic.run', { attributes: { 'cdt.tool': tool.name } }, async (span) => {
    try {
      const run = await runTool(options, started);
      span.setAttributes({ 'cdt.tool.status': run.status, 'cdt.district_id': run.districtId });
      logEvent(LOG_EVENTS.toolRun, {
        tool: run.tool,
        status: run.status,
        durationMs: run.durationMs,
        districtId: run.districtId,
        environment: run.environment,
      });
      return run;
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'ERROR';
      const durationMs = Math.round(performance.now() - started);
      if (CALLER_ERROR_CODES.has(code)) logger.info({ tool: tool.name, code, durationMs }, 'diagnostic tool refused the input');
      else logEvent(LOG_EVENTS.toolFailed, { tool: tool.name, durationMs, code });
      throw error;
    }
  });
}

async function runTool(options: RunToolOptions, started: number): Promise<DiagnosticRunModel> {
  const { tool, context, schema } = options;
  const parsed = tool.inputSchema.safeParse(options.input);
  if (!parsed.success) {
    throw new InputError(
      `${tool.inputTypeName}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ')}`,
    );
  }
  const input = parsed.data as CommonInput & Record<string, unknown>;
  const environmentName = input.environment.toUpperCase();
  const district = await findDistrict(context.services, { id: input.districtId, environment: input.environment });
  if (!district)
    throw new NotFoundError(`No Bookmarked district has id "${input.districtId}" in ${environmentName}.`, {
      districtId: input.districtId,
    });

  const queries: ExecutedQuery[] = [];
  const query: QueryRunner = async <Data>(document: Parameters<QueryRunner>[0], variables: Record<string, unknown> = {}) => {
    const { data, executed } = await executeToolDocument({
      schema,
      context,
      document,
      variables: { districtId: district.id, environment: environmentName, ...variables },
    });
    queries.push(executed);
    return data as Data;
  };
  const views = async () => {
    const [source, bookmarked] = await Promise.all([
      context.rosters.view({ district, environment: input.environment, system: 'SOURCE' }),
      context.rosters.view({ district, environment: input.environment, system: 'BOOKMARKED' }),
    ]);
    return { source, bookmarked };
  };

  const data = await tool.gather({ input, district, environment: input.environment, query, views });
  const verdict = tool.compare({ input, data, district });
  const counts = verdict.counts ?? countByKind(verdict.findings);
  const run: DiagnosticRunModel = {
    id: '',
    recorded: false,
    tool: tool.name,
    status: verdict.status,
    summary: verdict.summary,
    findings: verdict.findings,
    remediation: verdict.remediation,
    candidates: verdict.candidates ?? [],
    counts,
    findingTotal: Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0),
    sanityCounts: verdict.sanityCounts ?? null,
    durationMs: Math.round(performance.now() - started),
    districtId: district.id,
    environment: input.environment,
    ticketId: input.ticketId,
    input,
    createdAt: new Date().toISOString(),
    actor: actorOf(context.viewer),
    evidence: { queries, scanned: verdict.scanned ?? [] },
  };
  return recordToolRun({ run, context });
}

async function recordToolRun(options: { run: DiagnosticRunModel; context: GatewayContext }): Promise<DiagnosticRunModel> {
  const { run, context } = options;
  try {
    const stored = await recordRun(context.services.appDatabase, {
      kind: 'tool',
      tool: run.tool,
      status: run.status,
      summary: run.summary,
      districtId: run.districtId,
      environment: run.environment,
      input: run.input,
      findings: run.findings,
      remediation: run.remediation,
      evidence: run.evidence,
      findingCounts: run.counts,
      findingTotal: run.findingTotal,
      candidates: run.candidates,
      details: run.sanityCounts ? { sanityCounts: run.sanityCounts } : null,
      ticketId: run.ticketId,
      actor: run.actor,
      durationMs: run.durationMs,
    });
    return { ...run, id: stored.id, recorded: true, createdAt: stored.createdAt };
  } catch (error) {
    // The answer matters more than its history: log, and hand it back unrecorded.
    logger.error({ err: error, requestId: context.requestId, tool: run.tool }, 'could not record the diagnostic run');
    return { ...run, id: `unrecorded-${randomUUID()}`, recorded: false };
  }
}

/** A stored tool run as the mutation returned it. */
export function diagnosticRunFromHistory(stored: StoredRun): DiagnosticRunModel | null {
  if (stored.kind !== 'tool' || !stored.status) return null;
  const details = (stored.details ?? {}) as { sanityCounts?: SanityCounts[] };
  const evidence = (stored.evidence ?? {}) as Partial<RunEvidence>;
  return {
    id: stored.id,
    recorded: true,
    tool: stored.tool,
    status: stored.status,
    summary: stored.summary,
    findings: stored.findings as Finding[],
    remediation: stored.remediation as string[],
    candidates: stored.candidates as Candidate[],
    counts: stored.findingCounts,
    findingTotal: stored.findingTotal,
    sanityCounts: details.sanityCounts ?? null,
    durationMs: stored.durationMs,
    districtId: stored.districtId ?? '',
    environment: (stored.environment ?? 'staging') as BookmarkedEnvironment,
    ticketId: stored.ticketId,
    input: (stored.input ?? {}) as Record<string, unknown>,
    createdAt: stored.createdAt,
    actor: stored.actor,
    evidence: { queries: evidence.queries ?? [], scanned: evidence.scanned ?? [] },
  };
}
