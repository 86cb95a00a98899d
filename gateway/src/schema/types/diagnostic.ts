import type { GatewayContext } from '../../context';
import type { ExecutedQuery } from '../../diagnostics/execute-document';
import type { Candidate, Finding, FindingKind } from '../../diagnostics/findings';
import type { RunActor } from '../../diagnostics/history/run-history';
import { DIAGNOSTIC_TOOLS, toolByName } from '../../diagnostics/registry';
import { type DiagnosticRunModel, type RunEvidence, runDiagnosticTool } from '../../diagnostics/run-tool';
import type { DiagnosticTool, SanityCounts, ScannedCount, ToolInputField } from '../../diagnostics/tool';
import { defaultEnvironment } from '../../services/districts';
import { resolveSourcePlan } from '../../settings/source-plan';
import { builder } from '../builder';
import { EnvironmentEnum, SystemEnum } from './enums';

/**
 * The diagnostics API: the contract's DiagnosticRun, Finding and enums, one mutation per
 * registered tool (built from `diagnostics/registry.ts`), and the `tools` query the web app
 * builds its forms and cards from.
 */

export const DiagnosticStatusEnum = builder.enumType('DiagnosticStatus', {
  description:
    'Where the fault lies. When both systems are wrong, ISSUE_IN_SOURCE wins: the sync would carry a source fault into Bookmarked again, so the fix starts at the source.\nINCONCLUSIVE: the subject could not be identified (not found in either system, or the inputs match several people and the tool cannot tell which one is meant).',
  values: {
    ISSUE_IN_SOURCE: {},
    ISSUE_IN_BOOKMARKED: {},
    NO_ISSUE: {},
    INCONCLUSIVE: {},
  } as const,
});

export const FindingKindEnum = builder.enumType('FindingKind', {
  values: {
    STUDENT_NOT_IN_SOURCE: { description: 'The person is not in the SIS data at all.' },
    STUDENT_NOT_IN_BOOKMARKED: { description: 'The SIS has the student; Bookmarked has no live record of it.' },
    IMPORT_REJECTED: { description: 'A Bookmarked sync tried to import the record and logged an error (sync_errors).' },
    PHANTOM_PARENT_LINK: { description: 'Bookmarked links parent and student; the SIS does not.' },
    PARENT_LINK_NOT_IN_BOOKMARKED: { description: 'The SIS links parent and student; Bookmarked does not.' },
    CLASS_NOT_IN_BOOKMARKED: { description: 'The SIS has the class; Bookmarked has no live record of it.' },
    ENROLLMENT_NOT_IN_SOURCE: { description: 'The student (or teacher) has no enrollment in the SIS.' },
    ENROLLMENT_NOT_IN_BOOKMARKED: { description: 'The SIS enrolls the person in a class; Bookmarked does not.' },
    PHANTOM_ENROLLMENT: { description: 'Bookmarked has a live enrollment that the SIS does not have (or has ended).' },
    TEACHER_MISMATCH: { description: 'The teacher of a class differs between the systems.' },
    STALE_SCHOOL_MEMBERSHIP: { description: 'Bookmarked keeps the person at a campus the SIS no longer lists for them.' },
    SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: {
      description: 'The SIS lists the person at a campus Bookmarked does not have for them.',
    },
    TRANSFER_NOT_IN_SOURCE: { description: 'The SIS still lists the person at the campus they are said to have left.' },
    DUPLICATE_EMAIL_IN_SOURCE: { description: 'Several distinct people in the SIS share one email address.' },
    MERGED_ACCOUNT_IN_BOOKMARKED: { description: 'One Bookmarked account stands for several distinct SIS people.' },
    DUPLICATE_ACCOUNT_IN_BOOKMARKED: { description: 'Several live Bookmarked accounts share one email address.' },
    FIELD_MISMATCH: { description: 'The same record has different field values in the two systems.' },
  } as const,
});

export const RemediationOwnerEnum = builder.enumType('RemediationOwner', {
  description: 'Who carries out a remediation step.',
  values: {
    DISTRICT_SIS_ADMIN: { description: "The district's SIS administrator: the SIS is the system of record." },
    BOOKMARKED_SUPPORT: { description: 'Bookmarked support staff (re-run the sync, fix or remove Bookmarked records).' },
  } as const,
});

export const FindingRef = builder.objectRef<Finding>('Finding');
FindingRef.implement({
  fields: (t) => ({
    kind: t.field({ type: FindingKindEnum, resolve: (f) => f.kind }),
    system: t.field({ type: SystemEnum, description: 'The system where the fault lies.', resolve: (f) => f.system }),
    sourcedIds: t.exposeStringList('sourcedIds', {
      description: 'OneRoster sourcedIds of every record involved (users, classes, orgs, enrollments).',
    }),
    message: t.exposeString('message'),
    remediation: t.exposeString('remediation', {
      description: 'What to do about this finding: which record, which system, who acts.',
    }),
    fixedBy: t.field({ type: RemediationOwnerEnum, resolve: (f) => f.fixedBy }),
  }),
});

export const CandidateRef = builder.objectRef<Candidate>('DiagnosticCandidate');
CandidateRef.implement({
  description: 'Someone the inputs could mean, listed when a run is INCONCLUSIVE.',
  fields: (t) => ({
    sourcedId: t.exposeString('sourcedId', { nullable: true }),
    bookmarkedId: t.exposeID('bookmarkedId', {
      nullable: true,
      description: 'The Bookmarked row id, when Bookmarked has the person.',
    }),
    name: t.exposeString('name'),
    systems: t.field({ type: [SystemEnum], resolve: (c) => c.systems }),
    detail: t.exposeString('detail', { nullable: true }),
  }),
});

export const FindingKindCountRef = builder.objectRef<{ kind: FindingKind; count: number }>('FindingKindCount');
FindingKindCountRef.implement({
  fields: (t) => ({
    kind: t.field({ type: FindingKindEnum, resolve: (c) => c.kind }),
    count: t.exposeInt('count'),
  }),
});

export const toKindCounts = (counts: Partial<Record<FindingKind, number>>) =>
  Object.entries(counts).map(([kind, count]) => ({ kind: kind as FindingKind, count: count ?? 0 }));

const SanityCountsRef = builder.objectRef<SanityCounts>('SanityCounts');
SanityCountsRef.implement({
  description: "ClassLink-style checks of one system's own consistency.",
  fields: (t) => ({
    system: t.field({ type: SystemEnum, resolve: (s) => s.system }),
    studentsWithoutEnrollments: t.exposeInt('studentsWithoutEnrollments'),
    classesWithoutStudents: t.exposeInt('classesWithoutStudents'),
    classesWithoutTeachers: t.exposeInt('classesWithoutTeachers'),
    enrollmentsWithUnknownClass: t.exposeInt('enrollmentsWithUnknownClass', {
      description: 'Enrollments whose class is not a live class of the district.',
    }),
    enrollmentsWithUnknownUser: t.exposeInt('enrollmentsWithUnknownUser', {
      description: 'Enrollments whose user is not a live person of the district.',
    }),
  }),
});

const ScannedCountRef = builder.objectRef<ScannedCount>('ScannedCount');
ScannedCountRef.implement({
  fields: (t) => ({
    system: t.field({ type: SystemEnum, resolve: (s) => s.system }),
    record: t.exposeString('record', {
      description: 'schools, people, classes, enrollments, memberships, guardianLinks or syncErrors.',
    }),
    count: t.exposeInt('count'),
  }),
});

const ExecutedQueryRef = builder.objectRef<ExecutedQuery>('ExecutedQuery');
ExecutedQueryRef.implement({
  description:
    'A document a run executed against this gateway: paste document and variables into GraphiQL to see the same answer.',
  fields: (t) => ({
    operationName: t.exposeString('operationName'),
    document: t.exposeString('document'),
    variables: t.field({ type: 'JSON', resolve: (q) => q.variables }),
    durationMs: t.exposeInt('durationMs'),
    source: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The SIS records in the answer (district.source).',
      resolve: (q) => q.source,
    }),
    bookmarked: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The Bookmarked records in the answer (district.bookmarked).',
      resolve: (q) => q.bookmarked,
    }),
  }),
});

const DiagnosticEvidenceRef = builder.objectRef<RunEvidence>('DiagnosticEvidence');
DiagnosticEvidenceRef.implement({
  description: 'What a run read, so the UI can show both systems side by side and an engineer can re-run it.',
  fields: (t) => ({
    queries: t.field({ type: [ExecutedQueryRef], resolve: (e) => e.queries }),
    scanned: t.field({
      type: [ScannedCountRef],
      description: 'Whole-district scans (the district report).',
      resolve: (e) => e.scanned,
    }),
  }),
});

export const RunActorRef = builder.objectRef<RunActor>('RunActor');
RunActorRef.implement({
  description: 'Who ran something: an API token or a signed-in user.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    kind: t.exposeString('kind', { description: 'token or session.' }),
  }),
});

export const DiagnosticRunRef = builder.objectRef<DiagnosticRunModel>('DiagnosticRun');
DiagnosticRunRef.implement({
  description: 'One run of a diagnostic tool: the verdict, the findings and what to do, and the evidence behind them.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The run history id (`unrecorded-…` when the history could not be written).' }),
    tool: t.exposeString('tool'),
    status: t.field({ type: DiagnosticStatusEnum, resolve: (run) => run.status }),
    summary: t.exposeString('summary'),
    findings: t.field({
      type: [FindingRef],
      description:
        'The findings, source faults first. The district report lists at most 1,000 per kind; `findingCounts` is always complete.',
      resolve: (run) => run.findings,
    }),
    remediation: t.exposeStringList('remediation'),
    durationMs: t.exposeInt('durationMs'),
    recorded: t.exposeBoolean('recorded', {
      description: 'False when the run history could not be written; the answer is complete anyway.',
    }),
    findingCounts: t.field({
      type: [FindingKindCountRef],
      description: 'Exact count per finding kind.',
      resolve: (run) => toKindCounts(run.counts),
    }),
    findingTotal: t.exposeInt('findingTotal'),
    findingsTruncated: t.boolean({ resolve: (run) => run.findings.length < run.findingTotal }),
    candidates: t.field({
      type: [CandidateRef],
      description: 'Who the inputs could mean, when the status is INCONCLUSIVE.',
      resolve: (run) => run.candidates,
    }),
    sanityCounts: t.field({
      type: [SanityCountsRef],
      nullable: true,
      description: 'The district report only.',
      resolve: (run) => run.sanityCounts,
    }),
    districtId: t.exposeID('districtId'),
    environment: t.field({ type: EnvironmentEnum, resolve: (run) => run.environment }),
    ticketId: t.exposeString('ticketId', { nullable: true }),
    input: t.field({ type: 'JSON', resolve: (run) => run.input }),
    createdAt: t.exposeString('createdAt', { description: 'ISO 8601, UTC.' }),
    actor: t.field({ type: RunActorRef, resolve: (run) => run.actor }),
    evidence: t.field({ type: DiagnosticEvidenceRef, resolve: (run) => run.evidence }),
  }),
});

// ---- One mutation per registered tool ------------------------------------------------------

/** The environment a tool input names; anything but staging is treated as production. */
const environmentOf = (input: unknown) =>
  (input as { environment?: unknown } | null)?.environment === 'staging' ? ('staging' as const) : ('production' as const);

// The Mutation root is declared here, with the first mutations (builder.ts leaves it out: an
// empty root type is invalid GraphQL).
builder.mutationType({ description: 'Diagnostic tools, ad-hoc comparisons and saved comparisons.' });

for (const tool of DIAGNOSTIC_TOOLS) {
  const InputRef = builder.inputType(tool.inputTypeName, {
    description: `Input of ${tool.title}. districtId is the Bookmarked district id (bookmarked.districts.id).`,
    fields: (t) => {
      const fields: Record<string, ReturnType<typeof t.string> | ReturnType<typeof t.id>> = {};
      for (const field of tool.fields) {
        const options = { required: field.required, description: field.help };
        if (field.type === 'DISTRICT') fields[field.name] = t.id(options);
        else if (field.type === 'ENVIRONMENT')
          fields[field.name] = t.field({ type: EnvironmentEnum, ...options }) as unknown as ReturnType<typeof t.string>;
        else fields[field.name] = t.string(options);
      }
      return fields;
    },
  });
  builder.mutationField(tool.name, (t) =>
    t.field({
      type: DiagnosticRunRef,
      description: tool.description,
      args: { input: t.arg({ type: InputRef, required: true }) },
      // Checked before the run reads anything; the documents it runs are checked again field by field.
      authScopes: (_root, args) => ({ environment: environmentOf(args.input) }),
      resolve: (_root, args, context, info) => runDiagnosticTool({ tool, input: args.input, context, schema: info.schema }),
    }),
  );
}

// ---- The tools query -------------------------------------------------------------------------

interface ToolAvailability {
  available: boolean;
  reason: string | null;
}

const ToolInputFieldTypeEnum = builder.enumType('ToolInputFieldType', {
  description: 'How the web app renders a tool input field.',
  values: ['DISTRICT', 'ENVIRONMENT', 'TICKET', 'TEXT', 'EMAIL', 'PERSON_NAME', 'CAMPUS', 'STUDENT_QUERY'] as const,
});

const ToolInputFieldRef = builder.objectRef<ToolInputField>('ToolInputField');
ToolInputFieldRef.implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: "The field's name in the tool's input type." }),
    label: t.exposeString('label'),
    type: t.field({ type: ToolInputFieldTypeEnum, resolve: (f) => f.type }),
    required: t.exposeBoolean('required'),
    help: t.exposeString('help'),
  }),
});

const ToolAvailabilityRef = builder.objectRef<ToolAvailability>('ToolAvailability');
ToolAvailabilityRef.implement({
  fields: (t) => ({
    available: t.exposeBoolean('available'),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the tool cannot run, when it cannot.' }),
  }),
});

const DiagnosticToolRef = builder.objectRef<{ tool: DiagnosticTool; availability: ToolAvailability }>('DiagnosticTool');
DiagnosticToolRef.implement({
  description: 'A diagnostic tool, with what the web app needs to show its card and build its form.',
  fields: (t) => ({
    name: t.string({ description: 'The mutation that runs the tool.', resolve: ({ tool }) => tool.name }),
    title: t.string({ resolve: ({ tool }) => tool.title }),
    description: t.string({ resolve: ({ tool }) => tool.description }),
    icon: t.string({ description: 'A Lucide icon name.', resolve: ({ tool }) => tool.icon }),
    inputTypeName: t.string({ resolve: ({ tool }) => tool.inputTypeName }),
    fields: t.field({
      type: [ToolInputFieldRef],
      description: 'Input fields in form order.',
      resolve: ({ tool }) => tool.fields,
    }),
    availability: t.field({ type: ToolAvailabilityRef, resolve: ({ availability }) => availability }),
  }),
});

/** Whether tools can run for a district: its Bookmarked database is configured and its settings name a source. */
async function availabilityFor(
  context: GatewayContext,
  districtId: string | null,
  environment: 'staging' | 'production' | null,
): Promise<ToolAvailability> {
  const { services } = context;
  if (districtId) {
    const env = environment ?? (await defaultEnvironment(services, districtId));
    if (!services.bookmarked[env]) return { available: false, reason: `The Bookmarked ${env} database is not configured.` };
    const customer = await services.settings.byDistrictId(districtId);
    if (!customer)
      return {
        available: false,
        reason: `No customer settings file has bookmarked_org_id "${districtId}", so the district's SIS data cannot be read.`,
      };
    const plan = resolveSourcePlan(customer);
    if (plan.kind === 'none')
      return { available: false, reason: `Customer "${customer.customerId}" has no usable source: ${plan.reason}.` };
    return { available: true, reason: null };
  }
  const configured = environment ? !!services.bookmarked[environment] : Object.values(services.bookmarked).some(Boolean);
  return configured ? { available: true, reason: null } : { available: false, reason: 'No Bookmarked database is configured.' };
}

builder.queryFields((t) => ({
  tools: t.field({
    type: [DiagnosticToolRef],
    description: 'Every diagnostic tool. With a district, availability says whether the tools can run for it.',
    args: {
      districtId: t.arg.id({ required: false }),
      environment: t.arg({ type: EnvironmentEnum, required: false }),
    },
    resolve: async (_root, args, context) => {
      const availability = await availabilityFor(
        context,
        args.districtId ? String(args.districtId) : null,
        args.environment ?? null,
      );
      return DIAGNOSTIC_TOOLS.map((tool) => ({ tool, availability }));
    },
  }),
  tool: t.field({
    type: DiagnosticToolRef,
    nullable: true,
    description: 'One diagnostic tool by its mutation name; null when there is no such tool.',
    args: {
      name: t.arg.string({ required: true }),
      districtId: t.arg.id({ required: false }),
      environment: t.arg({ type: EnvironmentEnum, required: false }),
    },
    resolve: async (_root, args, context) => {
      const tool = toolByName(args.name);
      if (!tool) return null;
      return {
        tool,
        availability: await availabilityFor(context, args.districtId ? String(args.districtId) : null, args.environment ?? null),
      };
    },
  }),
}));
