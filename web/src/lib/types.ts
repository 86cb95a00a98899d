/**
 * The web app's view of the gateway's diagnostics (shared/contract/diagnostics.graphql plus the
 * `tools`, `runs` and `compare` fields of issue 3). Components take these shapes; the
 * documents in `graphql/` map the gateway's answers onto them.
 */

export type Environment = 'STAGING' | 'PRODUCTION';
export type SystemName = 'SOURCE' | 'BOOKMARKED';
export type DiagnosticStatus = 'ISSUE_IN_SOURCE' | 'ISSUE_IN_BOOKMARKED' | 'NO_ISSUE' | 'INCONCLUSIVE';
export type Role = 'admin' | 'support' | 'viewer';

export const FINDING_KINDS = [
  'STUDENT_NOT_IN_SOURCE',
  'STUDENT_NOT_IN_BOOKMARKED',
  'IMPORT_REJECTED',
  'PHANTOM_PARENT_LINK',
  'PARENT_LINK_NOT_IN_BOOKMARKED',
  'CLASS_NOT_IN_BOOKMARKED',
  'ENROLLMENT_NOT_IN_SOURCE',
  'ENROLLMENT_NOT_IN_BOOKMARKED',
  'PHANTOM_ENROLLMENT',
  'TEACHER_MISMATCH',
  'STALE_SCHOOL_MEMBERSHIP',
  'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
  'TRANSFER_NOT_IN_SOURCE',
  'DUPLICATE_EMAIL_IN_SOURCE',
  'MERGED_ACCOUNT_IN_BOOKMARKED',
  'DUPLICATE_ACCOUNT_IN_BOOKMARKED',
  'FIELD_MISMATCH',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** How the form renders a tool input (gateway/src/diagnostics/tool.ts ToolInputFieldType). */
export type ToolFieldType = 'DISTRICT' | 'ENVIRONMENT' | 'TICKET' | 'TEXT' | 'EMAIL' | 'PERSON_NAME' | 'CAMPUS' | 'STUDENT_QUERY';

export interface ToolField {
  name: string;
  label: string;
  type: ToolFieldType | string;
  required: boolean;
  help: string;
}

export interface ToolInfo {
  name: string;
  title: string;
  description: string;
  /** A Lucide icon name. */
  icon: string;
  /** The GraphQL input type of the tool's mutation, e.g. StudentSearchInput. */
  inputTypeName: string;
  available: boolean;
  /** Why the tool cannot run now (a missing connection...), when it cannot. */
  unavailableReason: string | null;
  fields: ToolField[];
}

export interface Finding {
  kind: FindingKind | string;
  system: SystemName;
  sourcedIds: string[];
  message: string;
  /** What to do about this one finding, when the gateway says. */
  remediation?: string | null;
}

export interface KindCount {
  kind: FindingKind | string;
  count: number;
}

export interface RunResult {
  id: string;
  tool: string;
  status: DiagnosticStatus;
  summary: string;
  findings: Finding[];
  remediation: string[];
  durationMs: number;
  districtId?: string | null;
  environment?: Environment | null;
  /** The tool's input as run (field name → value). */
  input?: Record<string, unknown> | null;
  ticketId?: string | null;
  actor?: string | null;
  createdAt?: string | null;
  /** Exact counts per kind (the district report caps its findings list). */
  counts?: KindCount[] | null;
  /** The GraphQL documents the run executed, to reopen in GraphiQL. */
  evidence?: { document: string; variables: Record<string, unknown> | null }[] | null;
}

export interface DistrictChoice {
  id: string;
  name: string;
  environment: Environment;
  state?: string | null;
  sisProvider?: string | null;
  sourceKind?: string | null;
}
