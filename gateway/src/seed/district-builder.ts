import type {
  BookmarkedClassRow,
  BookmarkedEnrollmentRow,
  BookmarkedRows,
  BookmarkedSchoolRow,
  BookmarkedSyncRunRow,
  BookmarkedUserRow,
  GenerateDistrictOptions,
  SchoolSummary,
  SourceClass,
  SourceCourse,
  SourceEnrollment,
  SourceOrg,
  SourceRoster,
  SourceUser,
  SourceUserRole,
} from './district-model';
import type { GradeCode, SchoolLevel } from './name-pools';

/**
 * Builds both sides of a district at once. Every add* call states where the record exists:
 * `live`, `deleted` (source status `tobedeleted`; Bookmarked `deleted_at` set) or `absent`.
 * The default is live on both sides, which is the clean mirror the sync should produce;
 * faults and noise are the other combinations, stated where the record is made.
 */
export type Presence = 'live' | 'deleted' | 'absent';

export interface Presences {
  source?: Presence;
  bookmarked?: Presence;
}

export interface SchoolRef {
  summary: SchoolSummary;
  level: SchoolLevel;
  grades: readonly GradeCode[];
  source: SourceOrg | null;
  bookmarked: BookmarkedSchoolRow | null;
}

export interface PersonRef {
  sourcedId: string;
  source: SourceUser | null;
  bookmarked: BookmarkedUserRow | null;
}

export interface CourseRef {
  sourcedId: string;
  source: SourceCourse | null;
}

export interface ClassRef {
  sourcedId: string;
  school: SchoolRef;
  source: SourceClass | null;
  bookmarked: BookmarkedClassRow | null;
}

export interface EnrollmentRef {
  sourcedId: string;
  source: SourceEnrollment | null;
  bookmarked: BookmarkedEnrollmentRow | null;
}

/** Link sides in the source: real exports list agentSourcedIds on the student, the parent, or both. */
export type LinkSides = 'both' | 'student' | 'parent' | 'none';

export const SCHOOL_YEAR = {
  sourcedId: 'ses-2026',
  title: '2025-2026',
  startDate: '2025-08-13',
  endDate: '2026-05-29',
  schoolYear: '2026',
} as const;
export const TERMS = [
  { sourcedId: 'ses-2026-fa', title: 'Fall 2025', startDate: '2025-08-13', endDate: '2025-12-19' },
  { sourcedId: 'ses-2026-sp', title: 'Spring 2026', startDate: '2026-01-06', endDate: '2026-05-29' },
] as const;
const TERM_SOURCED_IDS: readonly string[] = TERMS.map((term) => term.sourcedId);

/** When the soft deletes of the noise and of planted faults happened. */
export const DELETED_AT = '2025-10-07T02:11:43.000Z';
export const DELETED_LAST_SUMMER_AT = '2025-06-20T02:14:05.000Z';

/** The nightly syncs end the night before this date. */
export const SNAPSHOT_DATE = '2026-02-02';
const NIGHTLY_SYNC_RUNS = 14;

/** Each district owns ids [districtId * ID_RANGE, (districtId + 1) * ID_RANGE) in every table. */
export const ID_RANGE = 10_000_000;

type SourcedIdPrefix = 'sch' | 'stu' | 'par' | 'tch' | 'cls' | 'crs' | 'enr';
const SOURCED_ID_WIDTH: Record<SourcedIdPrefix, number> = { sch: 4, stu: 6, par: 6, tch: 5, cls: 6, crs: 5, enr: 7 };

export class DistrictBuilder {
  readonly source: SourceRoster;
  readonly bookmarked: BookmarkedRows;
  readonly schools: SchoolRef[] = [];
  readonly districtOrgSourcedId: string;
  /** The latest nightly sync, where planted import errors are logged. */
  readonly latestSyncRun: BookmarkedSyncRunRow;
  /** An older run, where noise errors for records imported later are logged. */
  readonly olderSyncRun: BookmarkedSyncRunRow;

  #nextId: number;
  readonly #idLimit: number;
  readonly #counters: Record<SourcedIdPrefix, number> = { sch: 0, stu: 0, par: 0, tch: 0, cls: 0, crs: 0, enr: 0 };
  readonly #usedEmails = new Set<string>();
  readonly #nextEmailSuffix = new Map<string, number>();

  constructor(options: Required<GenerateDistrictOptions>) {
    this.#nextId = options.districtId * ID_RANGE + 1;
    this.#idLimit = (options.districtId + 1) * ID_RANGE;
    this.districtOrgSourcedId = 'dst-0001';
    this.source = {
      version: options.oneRosterVersion,
      orgs: [
        {
          sourcedId: this.districtOrgSourcedId,
          status: 'active',
          name: options.name,
          type: 'district',
          identifier: null,
          parentSourcedId: null,
        },
      ],
      academicSessions: [
        { ...SCHOOL_YEAR, status: 'active', type: 'schoolYear', parentSourcedId: null },
        ...TERMS.map((term) => ({
          ...term,
          status: 'active' as const,
          type: 'semester' as const,
          parentSourcedId: SCHOOL_YEAR.sourcedId,
          schoolYear: SCHOOL_YEAR.schoolYear,
        })),
      ],
      courses: [],
      classes: [],
      users: [],
      enrollments: [],
    };
    this.bookmarked = {
      district: { id: options.districtId, name: options.name, state: options.state, sisProvider: options.sisProvider },
      schools: [],
      users: [],
      userSchools: [],
      guardianships: [],
      classes: [],
      enrollments: [],
      syncRuns: [],
      syncErrors: [],
    };
    const syncSource = options.sisProvider === 'classlink' ? 'classlink-api' : 'oneroster-csv';
    const snapshot = Date.parse(`${SNAPSHOT_DATE}T00:00:00.000Z`);
    for (let night = NIGHTLY_SYNC_RUNS; night >= 1; night--) {
      const started = snapshot - night * 86_400_000 + 2 * 3_600_000;
      this.bookmarked.syncRuns.push({
        id: this.nextBookmarkedId(),
        districtId: options.districtId,
        source: syncSource,
        status: 'succeeded',
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(started + (7 * 60 + (night % 5) * 13) * 1000).toISOString(),
      });
    }
    this.latestSyncRun = this.bookmarked.syncRuns[this.bookmarked.syncRuns.length - 1] as BookmarkedSyncRunRow;
    this.olderSyncRun = this.bookmarked.syncRuns[4] as BookmarkedSyncRunRow;
  }

  nextBookmarkedId(): number {
    if (this.#nextId >= this.#idLimit) {
      throw new Error(`District ${this.bookmarked.district.id} needs more than ${ID_RANGE} Bookmarked ids; its id range is full`);
    }
    return this.#nextId++;
  }

  nextSourcedId(prefix: SourcedIdPrefix): string {
    this.#counters[prefix] += 1;
    return `${prefix}-${String(this.#counters[prefix]).padStart(SOURCED_ID_WIDTH[prefix], '0')}`;
  }

  /** Takes `local@domain`, or `local2@domain`, `local3@domain`... when it is taken. */
  uniqueEmail(local: string, domain: string): string {
    const base = `${local}@${domain}`;
    // Remember where each popular name's numbering got to, instead of probing from 2 every time.
    let n = this.#nextEmailSuffix.get(base) ?? 1;
    let candidate = n === 1 ? base : `${local}${n}@${domain}`;
    while (this.#usedEmails.has(candidate)) candidate = `${local}${++n}@${domain}`;
    this.#usedEmails.add(candidate);
    this.#nextEmailSuffix.set(base, n + 1);
    return candidate;
  }

  addSchool(options: { name: string; code: string; level: SchoolLevel; grades: readonly GradeCode[] } & Presences): SchoolRef {
    const sourcedId = this.nextSourcedId('sch');
    const sourcePresence = options.source ?? 'live';
    const bookmarkedPresence = options.bookmarked ?? 'live';
    const source: SourceOrg | null =
      sourcePresence === 'absent'
        ? null
        : {
            sourcedId,
            status: sourcePresence === 'deleted' ? 'tobedeleted' : 'active',
            name: options.name,
            type: 'school',
            identifier: options.code,
            parentSourcedId: this.districtOrgSourcedId,
          };
    if (source) this.source.orgs.push(source);
    const bookmarked: BookmarkedSchoolRow | null =
      bookmarkedPresence === 'absent'
        ? null
        : {
            id: this.nextBookmarkedId(),
            districtId: this.bookmarked.district.id,
            sourcedId,
            name: options.name,
            schoolCode: options.code,
            deletedAt: bookmarkedPresence === 'deleted' ? DELETED_LAST_SUMMER_AT : null,
          };
    if (bookmarked) this.bookmarked.schools.push(bookmarked);
    const ref: SchoolRef = {
      summary: {
        sourcedId,
        name: options.name,
        code: options.code,
        level: options.level,
        bookmarkedId: bookmarked?.id ?? null,
        live: sourcePresence === 'live',
      },
      level: options.level,
      grades: options.grades,
      source,
      bookmarked,
    };
    this.schools.push(ref);
    return ref;
  }

  addPerson(
    options: {
      role: SourceUserRole;
      givenName: string;
      familyName: string;
      middleName?: string | null;
      identifier?: string | null;
      email: string | null;
      grade?: string | null;
      phone?: string | null;
    } & Presences,
  ): PersonRef {
    const prefix: SourcedIdPrefix = options.role === 'student' ? 'stu' : options.role === 'teacher' ? 'tch' : 'par';
    const sourcedId = this.nextSourcedId(prefix);
    const sourcePresence = options.source ?? 'live';
    const bookmarkedPresence = options.bookmarked ?? 'live';
    const source: SourceUser | null =
      sourcePresence === 'absent'
        ? null
        : {
            sourcedId,
            status: sourcePresence === 'deleted' ? 'tobedeleted' : 'active',
            role: options.role,
            givenName: options.givenName,
            familyName: options.familyName,
            middleName: options.middleName ?? null,
            identifier: options.identifier ?? null,
            email: options.email,
            username: options.email ?? sourcedId,
            phone: options.phone ?? null,
            grade: options.grade ?? null,
            orgSourcedIds: [],
            agentSourcedIds: [],
          };
    if (source) this.source.users.push(source);
    const bookmarked: BookmarkedUserRow | null =
      bookmarkedPresence === 'absent'
        ? null
        : {
            id: this.nextBookmarkedId(),
            districtId: this.bookmarked.district.id,
            role: options.role === 'student' || options.role === 'teacher' ? options.role : 'parent',
            sourcedId,
            identifier: options.identifier ?? null,
            givenName: options.givenName,
            familyName: options.familyName,
            email: options.email,
            grade: options.grade ?? null,
            deletedAt: bookmarkedPresence === 'deleted' ? DELETED_AT : null,
          };
    if (bookmarked) this.bookmarked.users.push(bookmarked);
    return { sourcedId, source, bookmarked };
  }

  /** A Bookmarked account made by an invitation code: no sourcedId, unknown to the SIS. */
  addInvitedParent(options: { givenName: string; familyName: string; email: string }): PersonRef {
    const bookmarked: BookmarkedUserRow = {
      id: this.nextBookmarkedId(),
      districtId: this.bookmarked.district.id,
      role: 'parent',
      sourcedId: null,
      identifier: null,
      givenName: options.givenName,
      familyName: options.familyName,
      email: options.email,
      grade: null,
      deletedAt: null,
    };
    this.bookmarked.users.push(bookmarked);
    return { sourcedId: '', source: null, bookmarked };
  }

  /** A campus membership. The source side follows the user's own status (orgSourcedIds / roles). */
  addMembership(options: { person: PersonRef; school: SchoolRef; inSource?: boolean; bookmarked?: Presence }): void {
    const { person, school } = options;
    if ((options.inSource ?? true) && person.source) person.source.orgSourcedIds.push(school.summary.sourcedId);
    // A deleted person or campus keeps only deleted memberships, as the platform's own delete does.
    const cascadeDeleted = Boolean(person.bookmarked?.deletedAt || school.bookmarked?.deletedAt);
    const bookmarkedPresence = cascadeDeleted && options.bookmarked !== 'absent' ? 'deleted' : (options.bookmarked ?? 'live');
    if (bookmarkedPresence !== 'absent' && person.bookmarked && school.bookmarked) {
      this.bookmarked.userSchools.push({
        userId: person.bookmarked.id,
        schoolId: school.bookmarked.id,
        deletedAt: bookmarkedPresence === 'deleted' ? DELETED_AT : null,
      });
    }
  }

  addGuardianLink(options: {
    parent: PersonRef;
    student: PersonRef;
    sourceSides?: LinkSides;
    bookmarked?: Presence;
    origin?: 'sis' | 'invite' | 'manual';
  }): void {
    const { parent, student } = options;
    const sides = options.sourceSides ?? 'both';
    if ((sides === 'both' || sides === 'student') && student.source) student.source.agentSourcedIds.push(parent.sourcedId);
    if ((sides === 'both' || sides === 'parent') && parent.source) parent.source.agentSourcedIds.push(student.sourcedId);
    const bookmarkedPresence = options.bookmarked ?? 'live';
    if (bookmarkedPresence !== 'absent' && parent.bookmarked && student.bookmarked) {
      this.bookmarked.guardianships.push({
        id: this.nextBookmarkedId(),
        parentId: parent.bookmarked.id,
        studentId: student.bookmarked.id,
        origin: options.origin ?? 'sis',
        deletedAt: bookmarkedPresence === 'deleted' ? DELETED_AT : null,
      });
    }
  }

  addCourse(options: {
    school: SchoolRef;
    title: string;
    courseCode: string;
    grade: string;
    subject: string;
    source?: Presence;
  }): CourseRef {
    const sourcedId = this.nextSourcedId('crs');
    const presence = options.source ?? 'live';
    const source: SourceCourse | null =
      presence === 'absent'
        ? null
        : {
            sourcedId,
            status: presence === 'deleted' ? 'tobedeleted' : 'active',
            title: options.title,
            courseCode: options.courseCode,
            grades: [options.grade],
            orgSourcedId: options.school.summary.sourcedId,
            schoolYearSourcedId: SCHOOL_YEAR.sourcedId,
            subjects: [options.subject],
          };
    if (source) this.source.courses.push(source);
    return { sourcedId, source };
  }

  addClass(
    options: {
      school: SchoolRef;
      course: CourseRef;
      title: string;
      classCode: string;
      classType?: 'homeroom' | 'scheduled';
      grade: string;
      subject: string;
      location: string;
      period: string;
    } & Presences,
  ): ClassRef {
    const sourcedId = this.nextSourcedId('cls');
    const sourcePresence = options.source ?? 'live';
    const bookmarkedPresence = options.bookmarked ?? 'live';
    const source: SourceClass | null =
      sourcePresence === 'absent'
        ? null
        : {
            sourcedId,
            status: sourcePresence === 'deleted' ? 'tobedeleted' : 'active',
            title: options.title,
            classCode: options.classCode,
            classType: options.classType ?? 'scheduled',
            location: options.location,
            courseSourcedId: options.course.sourcedId,
            schoolSourcedId: options.school.summary.sourcedId,
            termSourcedIds: TERM_SOURCED_IDS,
            grades: [options.grade],
            subjects: [options.subject],
            periods: [options.period],
          };
    if (source) this.source.classes.push(source);
    const bookmarked: BookmarkedClassRow | null =
      bookmarkedPresence === 'absent' || !options.school.bookmarked
        ? null
        : {
            id: this.nextBookmarkedId(),
            schoolId: options.school.bookmarked.id,
            sourcedId,
            title: options.title,
            classCode: options.classCode,
            deletedAt: bookmarkedPresence === 'deleted' ? DELETED_AT : null,
          };
    if (bookmarked) this.bookmarked.classes.push(bookmarked);
    return { sourcedId, school: options.school, source, bookmarked };
  }

  /**
   * An enrollment. Bookmarked cannot hold an enrollment for a class or person it has no row
   * for, so the Bookmarked side is dropped silently in that case (the cascade of a missing
   * class or student).
   */
  addEnrollment(
    options: { klass: ClassRef; person: PersonRef; role: 'student' | 'teacher'; primary?: boolean } & Presences,
  ): EnrollmentRef {
    const sourcedId = this.nextSourcedId('enr');
    const { klass, person } = options;
    const sourcePresence = options.source ?? 'live';
    const bookmarkedPresence = options.bookmarked ?? 'live';
    const source: SourceEnrollment | null =
      sourcePresence === 'absent'
        ? null
        : {
            sourcedId,
            status: sourcePresence === 'deleted' ? 'tobedeleted' : 'active',
            classSourcedId: klass.sourcedId,
            schoolSourcedId: klass.school.summary.sourcedId,
            userSourcedId: person.sourcedId,
            role: options.role,
            primary: options.primary ?? options.role === 'teacher',
            beginDate: SCHOOL_YEAR.startDate,
            endDate: SCHOOL_YEAR.endDate,
          };
    if (source) this.source.enrollments.push(source);
    const bookmarked: BookmarkedEnrollmentRow | null =
      bookmarkedPresence === 'absent' || !klass.bookmarked || !person.bookmarked
        ? null
        : {
            id: this.nextBookmarkedId(),
            classId: klass.bookmarked.id,
            userId: person.bookmarked.id,
            role: options.role,
            sourcedId,
            beginDate: SCHOOL_YEAR.startDate,
            endDate: SCHOOL_YEAR.endDate,
            deletedAt: bookmarkedPresence === 'deleted' ? DELETED_AT : null,
          };
    if (bookmarked) this.bookmarked.enrollments.push(bookmarked);
    return { sourcedId, source, bookmarked };
  }

  /** A record the import rejected; `older` logs it in an earlier run (noise for a record imported since). */
  addSyncError(options: {
    entityType: 'org' | 'user' | 'class' | 'enrollment';
    sourcedId: string;
    message: string;
    run?: 'latest' | 'older';
  }): void {
    const run = options.run === 'older' ? this.olderSyncRun : this.latestSyncRun;
    run.status = 'partial';
    this.bookmarked.syncErrors.push({
      id: this.nextBookmarkedId(),
      syncRunId: run.id,
      entityType: options.entityType,
      sourcedId: options.sourcedId,
      message: options.message,
      createdAt: run.finishedAt ?? run.startedAt,
    });
  }
}
