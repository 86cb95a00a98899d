import { normalizeEmail, personMatchesName } from '../../domain/names';
import type {
  ClassRecord,
  EnrollmentRecord,
  GuardianLinkOrigin,
  GuardianLinkRecord,
  MembershipRecord,
  PeopleFilter,
  PersonRecord,
  PersonRole,
  RosterReader,
  SchoolRecord,
  SyncErrorRecord,
  SystemName,
} from '../../domain/roster';

/**
 * A small district held in memory on both sides, for specs: each record lives in both systems
 * unless `only` says otherwise, with per-side overrides. `readers()` gives a RosterReader per
 * system over live records only (as the real readers are), so specs can run the tools'
 * documents, the comparators and the district report without a database.
 */

export type Presence = 'both' | 'source' | 'bookmarked';

interface Sides<T> {
  source: T | null;
  bookmarked: T | null;
}

export interface PersonHandle extends Sides<PersonRecord> {
  sourcedId: string | null;
}
export interface SchoolHandle extends Sides<SchoolRecord> {
  sourcedId: string | null;
}
export interface ClassHandle extends Sides<ClassRecord> {
  sourcedId: string | null;
}

const inSource = (only: Presence) => only !== 'bookmarked';
const inBookmarked = (only: Presence) => only !== 'source';

export class RosterFixture {
  #nextRow = 1;
  readonly source = emptyRoster();
  readonly bookmarked = emptyRoster();

  #row(): string {
    return String(this.#nextRow++);
  }

  school(options: {
    sourcedId: string | null;
    name: string;
    code?: string | null;
    only?: Presence;
    bookmarked?: Partial<SchoolRecord>;
  }): SchoolHandle {
    const only = options.only ?? 'both';
    const base = { sourcedId: options.sourcedId, name: options.name, schoolCode: options.code ?? null };
    const source = inSource(only) && options.sourcedId ? { system: 'SOURCE' as const, id: options.sourcedId, ...base } : null;
    const bookmarked = inBookmarked(only)
      ? { system: 'BOOKMARKED' as const, id: this.#row(), ...base, ...options.bookmarked }
      : null;
    if (source) this.source.schools.push(source);
    if (bookmarked) this.bookmarked.schools.push(bookmarked);
    return { sourcedId: options.sourcedId, source, bookmarked };
  }

  person(options: {
    role: PersonRole;
    sourcedId: string | null;
    given: string;
    family: string;
    email?: string | null;
    grade?: string | null;
    identifier?: string | null;
    only?: Presence;
    sourceRole?: string;
    bookmarked?: Partial<PersonRecord>;
  }): PersonHandle {
    const only = options.only ?? 'both';
    const base = {
      sourcedId: options.sourcedId,
      role: options.role,
      sourceRole: options.sourceRole ?? options.role,
      givenName: options.given,
      familyName: options.family,
      middleName: null,
      email: options.email ?? null,
      identifier: options.identifier ?? null,
      grade: options.grade ?? null,
    };
    const source = inSource(only) && options.sourcedId ? { system: 'SOURCE' as const, id: options.sourcedId, ...base } : null;
    const bookmarked = inBookmarked(only)
      ? { system: 'BOOKMARKED' as const, id: this.#row(), ...base, ...options.bookmarked }
      : null;
    if (source) this.source.people.push(source);
    if (bookmarked) this.bookmarked.people.push(bookmarked);
    return { sourcedId: options.sourcedId, source, bookmarked };
  }

  klass(options: { sourcedId: string | null; title: string; school: SchoolHandle; only?: Presence }): ClassHandle {
    const only = options.only ?? 'both';
    const base = { sourcedId: options.sourcedId, title: options.title, classCode: null };
    const source =
      inSource(only) && options.sourcedId && options.school.source
        ? { system: 'SOURCE' as const, id: options.sourcedId, ...base, schoolId: options.school.source.id }
        : null;
    const bookmarked =
      inBookmarked(only) && options.school.bookmarked
        ? { system: 'BOOKMARKED' as const, id: this.#row(), ...base, schoolId: options.school.bookmarked.id }
        : null;
    if (source) this.source.classes.push(source);
    if (bookmarked) this.bookmarked.classes.push(bookmarked);
    return { sourcedId: options.sourcedId, source, bookmarked };
  }

  /** An enrollment on each side where the class and the person exist; `bookmarkedSourcedId` overrides it there (null: made by hand). */
  enroll(
    person: PersonHandle,
    section: ClassHandle,
    options: { sourcedId: string; role?: 'student' | 'teacher'; only?: Presence; bookmarkedSourcedId?: string | null },
  ): void {
    const only = options.only ?? 'both';
    const role = options.role ?? 'student';
    const record = (
      system: SystemName,
      id: string,
      classId: string,
      userId: string,
      sourcedId: string | null,
    ): EnrollmentRecord => ({
      system,
      id,
      sourcedId,
      classId,
      userId,
      role,
      beginDate: null,
      endDate: null,
    });
    if (inSource(only) && person.source && section.source) {
      this.source.enrollments.push(record('SOURCE', options.sourcedId, section.source.id, person.source.id, options.sourcedId));
    }
    if (inBookmarked(only) && person.bookmarked && section.bookmarked) {
      const sourcedId = options.bookmarkedSourcedId === undefined ? options.sourcedId : options.bookmarkedSourcedId;
      this.bookmarked.enrollments.push(record('BOOKMARKED', this.#row(), section.bookmarked.id, person.bookmarked.id, sourcedId));
    }
  }

  member(person: PersonHandle, school: SchoolHandle, options: { only?: Presence } = {}): void {
    const only = options.only ?? 'both';
    if (inSource(only) && person.source && school.source)
      this.source.memberships.push({ system: 'SOURCE', userId: person.source.id, schoolId: school.source.id });
    if (inBookmarked(only) && person.bookmarked && school.bookmarked) {
      this.bookmarked.memberships.push({ system: 'BOOKMARKED', userId: person.bookmarked.id, schoolId: school.bookmarked.id });
    }
  }

  link(parent: PersonHandle, student: PersonHandle, options: { only?: Presence; origin?: GuardianLinkOrigin } = {}): void {
    const only = options.only ?? 'both';
    if (inSource(only) && parent.source && student.source) {
      this.source.guardianLinks.push({
        system: 'SOURCE',
        parentId: parent.source.id,
        studentId: student.source.id,
        origin: 'sis',
      });
    }
    if (inBookmarked(only) && parent.bookmarked && student.bookmarked) {
      this.bookmarked.guardianLinks.push({
        system: 'BOOKMARKED',
        parentId: parent.bookmarked.id,
        studentId: student.bookmarked.id,
        origin: options.origin ?? 'sis',
      });
    }
  }

  syncError(options: { sourcedId: string; message: string; entityType?: SyncErrorRecord['entityType'] }): void {
    this.bookmarked.syncErrors.push({
      id: this.#row(),
      syncRunId: '1',
      entityType: options.entityType ?? 'user',
      sourcedId: options.sourcedId,
      message: options.message,
      createdAt: '2026-09-01T02:00:00Z',
    });
  }

  readers(options: { scanBatchSize?: number } = {}): { source: RosterReader; bookmarked: RosterReader } {
    return {
      source: createMemoryRosterReader({ system: 'SOURCE', roster: this.source, scanBatchSize: options.scanBatchSize }),
      bookmarked: createMemoryRosterReader({
        system: 'BOOKMARKED',
        roster: this.bookmarked,
        scanBatchSize: options.scanBatchSize,
      }),
    };
  }
}

export interface MemoryRoster {
  schools: SchoolRecord[];
  people: PersonRecord[];
  classes: ClassRecord[];
  enrollments: EnrollmentRecord[];
  memberships: MembershipRecord[];
  guardianLinks: GuardianLinkRecord[];
  syncErrors: SyncErrorRecord[];
}

export const emptyRoster = (): MemoryRoster => ({
  schools: [],
  people: [],
  classes: [],
  enrollments: [],
  memberships: [],
  guardianLinks: [],
  syncErrors: [],
});

/** A RosterReader over records that are all live, with the batch contract of the real readers. */
export function createMemoryRosterReader(options: {
  system: SystemName;
  roster: MemoryRoster;
  scanBatchSize?: number;
}): RosterReader {
  const { system, roster } = options;
  const batchSize = options.scanBatchSize ?? 1_000;
  const byKey = <T>(records: T[], key: (r: T) => string | null) => {
    const map = new Map<string, T>();
    for (const r of records) {
      const k = key(r);
      if (k !== null && !map.has(k)) map.set(k, r);
    }
    return (keys: readonly string[]) => keys.map((k) => map.get(k) ?? null);
  };
  const groupBy =
    <T>(records: T[], key: (r: T) => string) =>
    (keys: readonly string[]) =>
      keys.map((k) => records.filter((r) => key(r) === k));
  async function* batches<T>(records: T[]) {
    for (let i = 0; i < records.length; i += batchSize) yield records.slice(i, i + batchSize);
  }
  const findPeople = (filter: PeopleFilter) =>
    roster.people
      .filter(
        (p) =>
          (!filter.roles || filter.roles.includes(p.role)) &&
          (filter.sourcedId === undefined || p.sourcedId === filter.sourcedId.trim()) &&
          (filter.identifier === undefined || (p.identifier ?? '').trim() === filter.identifier.trim()) &&
          (filter.email === undefined || normalizeEmail(p.email) === normalizeEmail(filter.email)) &&
          (!filter.name || personMatchesName(p, filter.name)),
      )
      .slice(0, filter.limit ?? 500);
  return {
    system,
    schools: async () => [...roster.schools],
    schoolsByIds: async (ids) => byKey(roster.schools, (s) => s.id)(ids),
    schoolsBySourcedIds: async (ids) => byKey(roster.schools, (s) => s.sourcedId)(ids),
    findPeople: async (filter) => findPeople(filter),
    peopleByIds: async (ids) => byKey(roster.people, (p) => p.id)(ids),
    peopleBySourcedIds: async (ids) => byKey(roster.people, (p) => p.sourcedId)(ids),
    classesByIds: async (ids) => byKey(roster.classes, (c) => c.id)(ids),
    classesBySourcedIds: async (ids) => byKey(roster.classes, (c) => c.sourcedId)(ids),
    classesBySchoolIds: async (ids) => groupBy(roster.classes, (c) => c.schoolId)(ids),
    enrollmentsByClassIds: async (ids) => groupBy(roster.enrollments, (e) => e.classId)(ids),
    enrollmentsByUserIds: async (ids) => groupBy(roster.enrollments, (e) => e.userId)(ids),
    membershipsByUserIds: async (ids) => groupBy(roster.memberships, (m) => m.userId)(ids),
    guardianLinksByStudentIds: async (ids) => groupBy(roster.guardianLinks, (l) => l.studentId)(ids),
    guardianLinksByParentIds: async (ids) => groupBy(roster.guardianLinks, (l) => l.parentId)(ids),
    syncErrorsBySourcedIds: async (ids) => groupBy(roster.syncErrors, (e) => e.sourcedId ?? '')(ids),
    syncRuns: async () => [],
    scan: {
      schools: () => batches(roster.schools),
      people: (roles) => batches(roster.people.filter((p) => roles.includes(p.role))),
      classes: () => batches(roster.classes),
      enrollments: () => batches(roster.enrollments),
      memberships: () => batches(roster.memberships),
      guardianLinks: () => batches(roster.guardianLinks),
      syncErrors: () => batches(roster.syncErrors),
    },
  };
}
