/**
 * Plain domain records shared by every connector. Connectors return these; the GraphQL
 * schema and the diagnostics read them. Nothing here knows about GraphQL or SQL.
 *
 * Every record carries the system it came from and its OneRoster sourcedId. `id` is the
 * record's key inside its own system: the sourcedId for the SIS, the bigint primary key
 * (as a string) for Bookmarked.
 *
 * Readers return live records only: a source record whose status is `tobedeleted`, or a
 * Bookmarked row with `deleted_at` set, does not exist. An enrollment is live only when its
 * class and user are live; a guardian link only when both people are live.
 */

export type SystemName = 'SOURCE' | 'BOOKMARKED';

export type PersonRole = 'student' | 'parent' | 'teacher' | 'administrator';

export type EnrollmentRole = 'student' | 'teacher';

export type GuardianLinkOrigin = 'sis' | 'invite' | 'manual';

export interface DistrictRecord {
  id: string;
  name: string;
  state: string | null;
  sisProvider: string;
}

export interface SchoolRecord {
  system: SystemName;
  id: string;
  sourcedId: string | null;
  name: string;
  /** OneRoster orgs.identifier; Bookmarked schools.school_code. */
  schoolCode: string | null;
}

export interface PersonRecord {
  system: SystemName;
  id: string;
  sourcedId: string | null;
  role: PersonRole;
  /** The role exactly as the system states it (e.g. `guardian`, `relative`). */
  sourceRole: string;
  givenName: string;
  familyName: string;
  middleName: string | null;
  email: string | null;
  /** users.identifier: the student number for students. */
  identifier: string | null;
  /** OneRoster grade code (KG, 01 .. 12); first grade when the source lists several. */
  grade: string | null;
}

export interface ClassRecord {
  system: SystemName;
  id: string;
  sourcedId: string | null;
  title: string;
  classCode: string | null;
  /** Key of the class's school in the same system. */
  schoolId: string;
}

export interface EnrollmentRecord {
  system: SystemName;
  id: string;
  sourcedId: string | null;
  classId: string;
  userId: string;
  role: EnrollmentRole;
  beginDate: string | null;
  endDate: string | null;
}

export interface GuardianLinkRecord {
  system: SystemName;
  parentId: string;
  studentId: string;
  /** Always `sis` for the source. */
  origin: GuardianLinkOrigin;
}

/** A person's membership of a campus (OneRoster orgSourcedIds / 1.2 roles; Bookmarked user_schools). */
export interface MembershipRecord {
  system: SystemName;
  userId: string;
  schoolId: string;
}

export interface SyncRunRecord {
  id: string;
  source: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface SyncErrorRecord {
  id: string;
  syncRunId: string;
  entityType: 'org' | 'user' | 'class' | 'enrollment' | 'guardianship';
  sourcedId: string | null;
  message: string;
  createdAt: string;
}

/** A parsed person name: "Ana Lopez", "Lopez, Ana" and "Ana Maria Lopez" all give { given: 'ana', family: 'lopez' } after normalisation. */
export interface NameQuery {
  given: string;
  family: string;
}

export interface PeopleFilter {
  roles?: readonly PersonRole[];
  /** Matched with the rule book's name normalisation (case, accents, spaces). */
  name?: NameQuery;
  /** Matched case-insensitively after trimming. */
  email?: string;
  identifier?: string;
  sourcedId?: string;
  /** Upper bound on results; readers may return fewer. */
  limit?: number;
}

/**
 * What the gateway can ask of one system about one district. Batch methods take keys and
 * return results in key order (null or [] for a missing key), so DataLoaders can sit on
 * top of them directly.
 */
export interface RosterReader {
  readonly system: SystemName;
  schools(): Promise<SchoolRecord[]>;
  schoolsByIds(ids: readonly string[]): Promise<(SchoolRecord | null)[]>;
  schoolsBySourcedIds(sourcedIds: readonly string[]): Promise<(SchoolRecord | null)[]>;
  findPeople(filter: PeopleFilter): Promise<PersonRecord[]>;
  peopleByIds(ids: readonly string[]): Promise<(PersonRecord | null)[]>;
  peopleBySourcedIds(sourcedIds: readonly string[]): Promise<(PersonRecord | null)[]>;
  classesByIds(ids: readonly string[]): Promise<(ClassRecord | null)[]>;
  classesBySourcedIds(sourcedIds: readonly string[]): Promise<(ClassRecord | null)[]>;
  classesBySchoolIds(schoolIds: readonly string[]): Promise<ClassRecord[][]>;
  enrollmentsByClassIds(classIds: readonly string[]): Promise<EnrollmentRecord[][]>;
  enrollmentsByUserIds(userIds: readonly string[]): Promise<EnrollmentRecord[][]>;
  membershipsByUserIds(userIds: readonly string[]): Promise<MembershipRecord[][]>;
  guardianLinksByStudentIds(studentIds: readonly string[]): Promise<GuardianLinkRecord[][]>;
  guardianLinksByParentIds(parentIds: readonly string[]): Promise<GuardianLinkRecord[][]>;
  /** Sync errors whose sourcedId is one of these (Bookmarked only; the source returns []). */
  syncErrorsBySourcedIds(sourcedIds: readonly string[]): Promise<SyncErrorRecord[][]>;
  /** Recent sync runs, newest first (Bookmarked only). */
  syncRuns(limit: number): Promise<SyncRunRecord[]>;
  /**
   * Whole-district scans for the district report: batches of live records, never the whole
   * district in one array for the SQL side.
   */
  scan: RosterScan;
}

export interface RosterScan {
  schools(): AsyncIterable<SchoolRecord[]>;
  people(roles: readonly PersonRole[]): AsyncIterable<PersonRecord[]>;
  classes(): AsyncIterable<ClassRecord[]>;
  enrollments(): AsyncIterable<EnrollmentRecord[]>;
  memberships(): AsyncIterable<MembershipRecord[]>;
  guardianLinks(): AsyncIterable<GuardianLinkRecord[]>;
  syncErrors(): AsyncIterable<SyncErrorRecord[]>;
}
