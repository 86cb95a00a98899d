import { z } from 'zod';
import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { DistrictRecord, SystemName } from '../domain/roster';
import type { RosterView } from '../services/roster-views';
import type { Candidate, DiagnosticStatus, Finding, FindingKind } from './findings';

/**
 * The plugin model. A diagnostic tool is one folder under `tools/`: a zod input schema (each
 * field's `.meta()` says how the web app renders it), GraphQL documents over the gateway's own
 * schema, a `gather` step that runs them (a second document may depend on the first one's
 * answer), a pure `compare` from that data to a verdict, remediation text, and specs. Listing
 * the tool in `registry.ts` exposes it as a mutation and in the `tools` query.
 */

/** How the web app renders an input field. */
export type ToolInputFieldType =
  | 'DISTRICT'
  | 'ENVIRONMENT'
  | 'TICKET'
  | 'TEXT'
  | 'EMAIL'
  | 'PERSON_NAME'
  | 'CAMPUS'
  | 'STUDENT_QUERY';

export interface ToolInputFieldMeta {
  label: string;
  type: ToolInputFieldType;
  help: string;
}

export interface ToolInputField extends ToolInputFieldMeta {
  name: string;
  required: boolean;
}

/** A GraphQL document over the gateway's schema; `operationName` names the operation to run. */
export interface ToolDocument {
  operationName: string;
  text: string;
}

/** Runs one document in-process; `districtId` and `environment` variables are filled in. */
export type QueryRunner = <Data>(document: ToolDocument, variables?: Record<string, unknown>) => Promise<Data>;

export interface GatherOptions<Input> {
  input: Input;
  district: DistrictRecord;
  environment: BookmarkedEnvironment;
  /** Executes against the gateway schema with the request's own context, so its DataLoaders are shared; keeps the evidence. */
  query: QueryRunner;
  /** The request's roster views, for whole-district scans that must not go through GraphQL objects. */
  views(): Promise<{ source: RosterView; bookmarked: RosterView }>;
}

/** ClassLink-style counts of one system's internal consistency (district report only). */
export interface SanityCounts {
  system: SystemName;
  studentsWithoutEnrollments: number;
  classesWithoutStudents: number;
  classesWithoutTeachers: number;
  enrollmentsWithUnknownClass: number;
  enrollmentsWithUnknownUser: number;
}

/** How many live records of one kind a whole-district scan read from one system. */
export interface ScannedCount {
  system: SystemName;
  record: string;
  count: number;
}

/** What a comparator decides. */
export interface Verdict {
  status: DiagnosticStatus;
  summary: string;
  findings: Finding[];
  remediation: string[];
  /** The people (or campuses) the inputs could mean, when the status is INCONCLUSIVE. */
  candidates?: Candidate[];
  /** Exact counts when `findings` is capped (the district report); otherwise counted from `findings`. */
  counts?: Partial<Record<FindingKind, number>>;
  sanityCounts?: SanityCounts[];
  scanned?: ScannedCount[];
}

/** The fields every tool's input has, around its own (contract: districtId, environment, ticketId). */
export const COMMON_INPUT_FIELDS = {
  districtId: z
    .string()
    .trim()
    .min(1, 'districtId is empty: give the Bookmarked district id')
    .meta({ label: 'District', type: 'DISTRICT', help: 'The Bookmarked district id (bookmarked.districts.id).' }),
  environment: z
    .enum(['staging', 'production'])
    .meta({ label: 'Environment', type: 'ENVIRONMENT', help: 'Which Bookmarked database to compare with the SIS.' }),
  ticketId: z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null)
    .meta({ label: 'Ticket', type: 'TICKET', help: 'The HubSpot ticket this run answers; kept in the run history.' }),
} as const;

export type CommonInput = { districtId: string; environment: BookmarkedEnvironment; ticketId: string | null };

export interface ToolDefinition<Shape extends z.ZodRawShape, Data> {
  /** The mutation's name (contract). */
  name: string;
  title: string;
  description: string;
  /** A Lucide icon name, for the tool's card. */
  icon: string;
  /** The GraphQL input type's name (contract), e.g. `StudentSearchInput`. */
  inputTypeName: string;
  /** The tool's own fields; each has `.meta(ToolInputFieldMeta)`. */
  input: Shape;
  gather(options: GatherOptions<z.output<z.ZodObject<Shape>> & CommonInput>): Promise<Data>;
  /** Pure: the gathered data in, the verdict out. */
  compare(options: { input: z.output<z.ZodObject<Shape>> & CommonInput; data: Data; district: DistrictRecord }): Verdict;
}

/** A tool with its types erased, as the registry and the runner hold it. */
export interface DiagnosticTool {
  name: string;
  title: string;
  description: string;
  icon: string;
  inputTypeName: string;
  /** Common and own fields, in form order. */
  fields: ToolInputField[];
  /** Validates and normalises a raw input (common fields included). */
  inputSchema: z.ZodType<CommonInput & Record<string, unknown>>;
  gather(options: GatherOptions<CommonInput & Record<string, unknown>>): Promise<unknown>;
  compare(options: { input: CommonInput & Record<string, unknown>; data: unknown; district: DistrictRecord }): Verdict;
}

export function defineTool<Shape extends z.ZodRawShape, Data>(definition: ToolDefinition<Shape, Data>): DiagnosticTool {
  const { districtId, environment, ticketId } = COMMON_INPUT_FIELDS;
  const shape = { districtId, environment, ...definition.input, ticketId };
  const schema = z.object(shape);
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    icon: definition.icon,
    inputTypeName: definition.inputTypeName,
    fields: Object.entries(shape).map(([name, field]) => describeField(definition.name, name, field as z.ZodType)),
    inputSchema: schema as unknown as DiagnosticTool['inputSchema'],
    // The runner validates with inputSchema first and hands `compare` the data of this tool's own `gather`.
    gather: definition.gather as DiagnosticTool['gather'],
    compare: definition.compare as unknown as DiagnosticTool['compare'],
  };
}

function describeField(tool: string, name: string, field: z.ZodType): ToolInputField {
  const meta = field.meta() as Partial<ToolInputFieldMeta> | undefined;
  if (!meta?.label || !meta.type || meta.help === undefined) {
    throw new Error(
      `Tool ${tool}: input field "${name}" needs .meta({ label, type, help }); found ${JSON.stringify(meta ?? null)}.`,
    );
  }
  return { name, label: meta.label, type: meta.type, help: meta.help, required: !field.isOptional() };
}
