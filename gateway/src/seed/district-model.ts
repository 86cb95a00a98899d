/**
 * The shape of a generated district: the SIS side as OneRoster records, the Bookmarked side
 * as rows of ../../sql/bookmarked-schema.sql, and the ground truth the diagnostics are
 * tested against (planted faults, clean controls, ambiguous inputs, report counts).
 *
 * Rows are kept compact (flat objects, shared strings and arrays) because a 200k-student
 * district holds over a million enrollments on each side.
 */

export type OneRosterVersion = '1.1' | '1.2';
export type SisProvider = 'classlink' | 'oneroster' | 'other';

// ---------------------------------------------------------------------------------------
// Contract enums (diagnostics.graphql), as string unions.

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

export type DiagnosticStatus = 'ISSUE_IN_SOURCE' | 'ISSUE_IN_BOOKMARKED' | 'NO_ISSUE' | 'INCONCLUSIVE';

/** Kinds whose name ends in IN_SOURCE blame the SIS; every other kind blames Bookmarked. */
export function systemOfKind(kind: FindingKind): 'SOURCE' | 'BOOKMARKED' {
  return kind.endsWith('_IN_SOURCE') ? 'SOURCE' : 'BOOKMARKED';
}

export type FindingCounts = Record<FindingKind, number>;

export function emptyFindingCounts(): FindingCounts {
  return Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as FindingCounts;
}

// ---------------------------------------------------------------------------------------
// Tool calls: the contract's inputs without districtId, environment and ticketId.

export interface StudentSearchArgs {
  query: string;
}
export interface StudentMismatchArgs {
  parentEmail: string;
  studentName: string;
}
export interface MissingDataArgs {
  studentName: string;
  school?: string;
}
export interface ParentEmailConflictsArgs {
  parentEmail: string;
}
export interface CampusTransferArgs {
  studentName: string;
  oldCampus: string;
  newCampus: string;
}

export type ToolCall =
  | { tool: 'studentSearch'; input: StudentSearchArgs }
  | { tool: 'studentMismatch'; input: StudentMismatchArgs }
  | { tool: 'missingData'; input: MissingDataArgs }
  | { tool: 'parentEmailConflicts'; input: ParentEmailConflictsArgs }
  | { tool: 'campusTransfer'; input: CampusTransferArgs };

export type ToolName = ToolCall['tool'];

/** One planted fault and what the tool must answer for it, per the rule book (DIAGNOSTICS.md). */
export type PlantedFault = ToolCall & {
  /** Stable id, e.g. `missingData.classNotInBookmarked`. */
  id: string;
  /** The fault planted (the main finding kind it produces). */
  kind: FindingKind;
  description: string;
  expectedStatus: DiagnosticStatus;
  /** Multiset of finding kinds the tool must return, cascades included (order irrelevant). */
  expectedKinds: FindingKind[];
  /** sourcedIds of the records the fault is about (students, parents, classes, enrollments, schools). */
  sourcedIds: string[];
};

/** An input that must give NO_ISSUE with no findings. */
export type CleanControl = ToolCall & { id: string; description: string };

/** An input that must give INCONCLUSIVE. */
export type AmbiguousCase = ToolCall & { id: string; description: string };

/** A fault planted at random in a benchmark district ({ rate }); only its counts are checked. */
export interface BenchFault {
  kind: FindingKind;
  description: string;
  sourcedIds: string[];
}

// ---------------------------------------------------------------------------------------
// Source side (OneRoster). A record whose status is `tobedeleted` does not exist.

export type SourceStatus = 'active' | 'tobedeleted';
export type SourceUserRole = 'student' | 'teacher' | 'parent' | 'guardian' | 'relative';

export interface SourceOrg {
  sourcedId: string;
  status: SourceStatus;
  name: string;
  type: 'district' | 'school';
  /** School code. */
  identifier: string | null;
  parentSourcedId: string | null;
}

export interface SourceAcademicSession {
  sourcedId: string;
  status: SourceStatus;
  title: string;
  type: 'schoolYear' | 'semester';
  startDate: string;
  endDate: string;
  parentSourcedId: string | null;
  /** e.g. "2026" for 2025-2026. */
  schoolYear: string;
}

export interface SourceCourse {
  sourcedId: string;
  status: SourceStatus;
  title: string;
  courseCode: string;
  grades: readonly string[];
  orgSourcedId: string;
  schoolYearSourcedId: string;
  subjects: readonly string[];
}

export interface SourceClass {
  sourcedId: string;
  status: SourceStatus;
  title: string;
  classCode: string;
  classType: 'homeroom' | 'scheduled';
  location: string;
  courseSourcedId: string;
  schoolSourcedId: string;
  termSourcedIds: readonly string[];
  grades: readonly string[];
  subjects: readonly string[];
  periods: readonly string[];
}

export interface SourceUser {
  sourcedId: string;
  status: SourceStatus;
  role: SourceUserRole;
  givenName: string;
  familyName: string;
  middleName: string | null;
  /** Student number (all digits) for students, staff number for teachers. */
  identifier: string | null;
  email: string | null;
  username: string;
  phone: string | null;
  /** Grade code for students (KG, 01 .. 12). */
  grade: string | null;
  /** Campus memberships: 1.1 users.orgSourcedIds, 1.2 roles.csv rows. */
  orgSourcedIds: string[];
  /** Parent-student links; the source has a link when either side lists the other. */
  agentSourcedIds: string[];
}

export interface SourceEnrollment {
  sourcedId: string;
  status: SourceStatus;
  classSourcedId: string;
  schoolSourcedId: string;
  userSourcedId: string;
  role: 'student' | 'teacher';
  primary: boolean;
  beginDate: string;
  endDate: string;
}

export interface SourceRoster {
  version: OneRosterVersion;
  /** The district org first, then the schools. */
  orgs: SourceOrg[];
  academicSessions: SourceAcademicSession[];
  courses: SourceCourse[];
  classes: SourceClass[];
  users: SourceUser[];
  enrollments: SourceEnrollment[];
}

// ---------------------------------------------------------------------------------------
// Bookmarked side: one interface per table, camelCase columns. Ids are numbers (bigint in
// SQL) unique across the whole database: district d uses d * 10_000_000 + n.

export interface BookmarkedDistrictRow {
  id: number;
  name: string;
  state: string | null;
  sisProvider: SisProvider;
}

export interface BookmarkedSchoolRow {
  id: number;
  districtId: number;
  sourcedId: string | null;
  name: string;
  schoolCode: string | null;
  deletedAt: string | null;
}

export interface BookmarkedUserRow {
  id: number;
  districtId: number;
  role: 'student' | 'parent' | 'teacher' | 'administrator';
  sourcedId: string | null;
  identifier: string | null;
  givenName: string;
  familyName: string;
  email: string | null;
  grade: string | null;
  deletedAt: string | null;
}

export interface BookmarkedUserSchoolRow {
  userId: number;
  schoolId: number;
  deletedAt: string | null;
}

export interface BookmarkedGuardianshipRow {
  id: number;
  parentId: number;
  studentId: number;
  origin: 'sis' | 'invite' | 'manual';
  deletedAt: string | null;
}

export interface BookmarkedClassRow {
  id: number;
  schoolId: number;
  sourcedId: string | null;
  title: string;
  classCode: string | null;
  deletedAt: string | null;
}

export interface BookmarkedEnrollmentRow {
  id: number;
  classId: number;
  userId: number;
  role: 'student' | 'teacher';
  sourcedId: string | null;
  beginDate: string | null;
  endDate: string | null;
  deletedAt: string | null;
}

export interface BookmarkedSyncRunRow {
  id: number;
  districtId: number;
  source: 'classlink-api' | 'oneroster-api' | 'oneroster-csv';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string | null;
}

export interface BookmarkedSyncErrorRow {
  id: number;
  syncRunId: number;
  entityType: 'org' | 'user' | 'class' | 'enrollment' | 'guardianship';
  sourcedId: string | null;
  message: string;
  createdAt: string;
}

export interface BookmarkedRows {
  district: BookmarkedDistrictRow;
  schools: BookmarkedSchoolRow[];
  users: BookmarkedUserRow[];
  userSchools: BookmarkedUserSchoolRow[];
  guardianships: BookmarkedGuardianshipRow[];
  classes: BookmarkedClassRow[];
  enrollments: BookmarkedEnrollmentRow[];
  syncRuns: BookmarkedSyncRunRow[];
  syncErrors: BookmarkedSyncErrorRow[];
}

// ---------------------------------------------------------------------------------------

export type FaultPlan = 'none' | 'catalog' | { rate: number };

export interface GenerateDistrictOptions {
  /** PRNG seed: the same options always give the same district. */
  seed: number;
  /** Bookmarked districts.id (a positive integer below 900,000,000). */
  districtId: number;
  name: string;
  /** Two-letter US state. */
  state: string;
  sisProvider: SisProvider;
  /** Live students of the random roster (departed students and planted families come on top). */
  students: number;
  /** Number of campuses; default about one per 500 students, at least 5. */
  schools?: number;
  oneRosterVersion: OneRosterVersion;
  faults: FaultPlan;
}

export interface SchoolSummary {
  sourcedId: string;
  name: string;
  code: string;
  level: 'elementary' | 'middle' | 'high';
  /** Bookmarked schools.id, or null when Bookmarked has no row. */
  bookmarkedId: number | null;
  /** Whether the school is live in the source (false for a closed campus). */
  live: boolean;
}

export interface GeneratedDistrict {
  options: Required<GenerateDistrictOptions>;
  /** Email domain of the district's staff and students, e.g. "lakesideisd.org". */
  emailDomain: string;
  schools: SchoolSummary[];
  source: SourceRoster;
  bookmarked: BookmarkedRows;
  /** Catalogue faults ('catalog' only). */
  plantedFaults: PlantedFault[];
  /** Inputs that must give NO_ISSUE ('catalog' only). */
  cleanControls: CleanControl[];
  /** Inputs that must give INCONCLUSIVE ('catalog' only). */
  ambiguous: AmbiguousCase[];
  /** Faults planted at random ({ rate } only). */
  benchFaults: BenchFault[];
  /** What dataQualityReport must count for the whole district, per kind. */
  expectedReportCounts: FindingCounts;
}
