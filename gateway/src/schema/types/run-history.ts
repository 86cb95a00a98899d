import type { GatewayContext } from '../../context';
import { comparisonRunFromHistory } from '../../diagnostics/compare/run-compare';
import type { DiagnosticStatus, FindingKind } from '../../diagnostics/findings';
import { type DashboardStats, dashboardStats, listRuns, runById, type StoredRun } from '../../diagnostics/history/run-history';
import { diagnosticRunFromHistory } from '../../diagnostics/run-tool';
import { InputError } from '../../errors';
import { canReadEnvironment } from '../../security/policy';
import { builder } from '../builder';
import { ComparisonRunRef } from './comparison';
import { DiagnosticRunRef, DiagnosticStatusEnum, FindingKindCountRef, RunActorRef, toKindCounts } from './diagnostic';
import { EnvironmentEnum } from './enums';

/** The run history: every tool run and comparison, who ran it, and the dashboard's figures. */

const RunKindEnum = builder.enumType('RunKind', {
  values: { TOOL: { value: 'tool' as const }, COMPARE: { value: 'compare' as const } },
});

/**
 * A production run's details are production data: its summary, input and answer (findings,
 * evidence records) are shown only to those who may read production now — the support role,
 * and for web sessions a recent step-up. Others see the row (who, when, which tool, counts)
 * with `restricted: true`, so a history page still lists everything. A run whose environment
 * is unknown (a comparison without an `environment` variable) counts as production.
 */
const isRestricted = (run: StoredRun, context: GatewayContext) => !canReadEnvironment(context, run.environment);
export const RESTRICTED_SUMMARY =
  'Production run: details hidden (they need the support role and, in the web app, a recent re-authentication).';

/** A list row leaves the heavy columns out: read the whole run before answering details. */
async function completeRun(run: StoredRun, context: GatewayContext): Promise<StoredRun | null> {
  return run.complete ? run : runById(context.services.appDatabase, run.id);
}

const RecordedRunRef = builder.objectRef<StoredRun>('RecordedRun');
RecordedRunRef.implement({
  description: 'One entry of the run history: a diagnostic tool run or an ad-hoc comparison.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: RunKindEnum, resolve: (run) => run.kind }),
    tool: t.exposeString('tool', { description: "The tool's name, or `compare`." }),
    status: t.field({
      type: DiagnosticStatusEnum,
      nullable: true,
      description: 'Null for comparisons.',
      resolve: (run) => run.status,
    }),
    summary: t.string({ resolve: (run, _args, context) => (isRestricted(run, context) ? RESTRICTED_SUMMARY : run.summary) }),
    restricted: t.boolean({
      description:
        'True when this is a production run and the viewer may not read production now: summary, input, diagnostic and comparison are then withheld.',
      resolve: (run, _args, context) => isRestricted(run, context),
    }),
    districtId: t.exposeID('districtId', { nullable: true }),
    environment: t.field({
      type: EnvironmentEnum,
      nullable: true,
      resolve: (run) => run.environment as 'staging' | 'production' | null,
    }),
    ticketId: t.exposeString('ticketId', { nullable: true }),
    actor: t.field({ type: RunActorRef, resolve: (run) => run.actor }),
    createdAt: t.exposeString('createdAt'),
    durationMs: t.exposeInt('durationMs'),
    findingTotal: t.exposeInt('findingTotal', { description: 'Findings of a tool run; differences of a comparison.' }),
    findingCounts: t.field({ type: [FindingKindCountRef], resolve: (run) => toKindCounts(run.findingCounts) }),
    input: t.field({ type: 'JSON', resolve: (run, _args, context) => (isRestricted(run, context) ? {} : run.input) }),
    diagnostic: t.field({
      type: DiagnosticRunRef,
      nullable: true,
      description: 'The tool run as its mutation answered (findings capped at 2,000). Null for comparisons.',
      resolve: async (run, _args, context) => {
        if (run.kind !== 'tool' || isRestricted(run, context)) return null;
        const full = await completeRun(run, context);
        return full ? diagnosticRunFromHistory(full) : null;
      },
    }),
    comparison: t.field({
      type: ComparisonRunRef,
      nullable: true,
      description: 'The comparison as it answered (lists capped at 200 records each). Null for tool runs.',
      resolve: async (run, _args, context) => {
        if (run.kind !== 'compare' || isRestricted(run, context)) return null;
        const full = await completeRun(run, context);
        return full ? comparisonRunFromHistory(full) : null;
      },
    }),
  }),
});

const RecordedRunConnectionRef = builder.objectRef<{
  nodes: StoredRun[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}>('RecordedRunConnection');
RecordedRunConnectionRef.implement({
  fields: (t) => ({
    nodes: t.field({ type: [RecordedRunRef], resolve: (page) => page.nodes }),
    totalCount: t.exposeInt('totalCount', { description: 'Runs matching the filter, on every page.' }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next page.' }),
  }),
});

const RunFilterInput = builder.inputType('RunFilter', {
  fields: (t) => ({
    districtId: t.id({ required: false }),
    tool: t.string({ required: false, description: 'A tool name, or `compare`.' }),
    kind: t.field({ type: RunKindEnum, required: false }),
    status: t.field({ type: DiagnosticStatusEnum, required: false }),
    actorId: t.id({ required: false, description: "The runner's id (RunActor.id)." }),
    ticketId: t.string({ required: false }),
    from: t.string({ required: false, description: 'ISO date or timestamp, inclusive.' }),
    to: t.string({ required: false, description: 'ISO date or timestamp, exclusive.' }),
  }),
});

const StatusCountRef = builder.objectRef<{ status: DiagnosticStatus; count: number }>('StatusCount');
StatusCountRef.implement({
  fields: (t) => ({ status: t.field({ type: DiagnosticStatusEnum, resolve: (s) => s.status }), count: t.exposeInt('count') }),
});

const ToolTimingRef = builder.objectRef<DashboardStats['slowestTools'][number]>('ToolTiming');
ToolTimingRef.implement({
  fields: (t) => ({
    tool: t.exposeString('tool'),
    runs: t.exposeInt('runs'),
    averageMs: t.exposeInt('averageMs'),
    maxMs: t.exposeInt('maxMs'),
  }),
});

const DashboardStatsRef = builder.objectRef<DashboardStats>('DashboardStats');
DashboardStatsRef.implement({
  fields: (t) => ({
    days: t.exposeInt('days', { description: 'The period the figures other than runsToday cover.' }),
    runsToday: t.exposeInt('runsToday', { description: 'Runs since midnight UTC.' }),
    runsInPeriod: t.exposeInt('runsInPeriod'),
    byStatus: t.field({ type: [StatusCountRef], description: 'Tool runs per status.', resolve: (s) => s.byStatus }),
    topFindingKinds: t.field({
      type: [FindingKindCountRef],
      description: 'The most frequent finding kinds, most frequent first.',
      resolve: (s) => s.topFindingKinds.map((k) => ({ kind: k.kind as FindingKind, count: k.count })),
    }),
    slowestTools: t.field({
      type: [ToolTimingRef],
      description: 'Tools by average duration, slowest first.',
      resolve: (s) => s.slowestTools,
    }),
  }),
});

/**
 * A `from`/`to` bound as an ISO timestamp. V8's Date.parse accepts odd strings ("$1" is the
 * year 2001) that PostgreSQL then refuses, so the bound is rewritten in a form both read alike.
 */
function isoTimestamp(value: string | null | undefined, field: string): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InputError(`${field}: expected an ISO date or timestamp, found "${value.slice(0, 80)}".`);
  return new Date(time).toISOString();
}

builder.queryFields((t) => ({
  runs: t.field({
    type: RecordedRunConnectionRef,
    description: 'The run history, newest first.',
    args: {
      filter: t.arg({ type: RunFilterInput, required: false }),
      first: t.arg.int({ required: false, defaultValue: 25 }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) =>
      listRuns(context.services.appDatabase, {
        filter: {
          ...args.filter,
          districtId: args.filter?.districtId ? String(args.filter.districtId) : null,
          actorId: args.filter?.actorId ? String(args.filter.actorId) : null,
          from: isoTimestamp(args.filter?.from, 'from'),
          to: isoTimestamp(args.filter?.to, 'to'),
        },
        first: args.first ?? 25,
        after: args.after,
      }),
  }),
  run: t.field({
    type: RecordedRunRef,
    nullable: true,
    description: 'One run of the history, with its full answer and evidence; null when no run has the id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => runById(context.services.appDatabase, String(args.id)),
  }),
  dashboardStats: t.field({
    type: DashboardStatsRef,
    description: 'Runs today, and per status, finding kind and tool over the last `days` days.',
    args: { days: t.arg.int({ required: false, defaultValue: 7 }) },
    resolve: (_root, args, context) => dashboardStats(context.services.appDatabase, { days: args.days ?? 7 }),
  }),
}));
