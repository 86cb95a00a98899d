import { displayName, normalizeEmail, normalizeName } from '../../../domain/names';
import type { ClassRecord, PersonRecord, PersonRole, RosterScan, SchoolRecord, SyncErrorRecord } from '../../../domain/roster';
import { type Finding, type FindingKind, finding } from '../../findings';
import { describeDifferences, type FieldDifference, PARENT_COMPARED_FIELDS, STUDENT_COMPARED_FIELDS } from '../../matching';
import type { SanityCounts, ScannedCount } from '../../tool';
import { FindingSink } from './finding-sink';
import { reportRemedies as remedies } from './remediation';

/**
 * The district report: the whole district reconciled by streaming both systems' scans and
 * joining by sourcedId in compact structures (dense indexes, numeric composite keys, flag
 * arrays), never one object per record beyond what the readers hand out. Counting follows
 * the rule book's "Data Quality Report" section exactly; messages are built only for the
 * findings kept.
 */

const ALL_ROLES: readonly PersonRole[] = ['student', 'parent', 'teacher', 'administrator'];

export interface ReconcileOptions {
  source: RosterScan;
  bookmarked: RosterScan;
  /** Findings kept per kind (counts stay exact). */
  findingsPerKind?: number;
}

export interface ReconcileResult {
  counts: Partial<Record<FindingKind, number>>;
  findingTotal: number;
  /** At most `findingsPerKind` of each kind, source faults first. */
  findings: Finding[];
  sanityCounts: SanityCounts[];
  scanned: ScannedCount[];
}

/** Records of one system by key and, for the source, by sourcedId, in a dense index. */
class DenseIndex<R extends { id: string; sourcedId: string | null }> {
  readonly records: R[] = [];
  readonly #byId = new Map<string, number>();
  /** Only for records whose sourcedId is not their id (never, for the CSV reader). */
  readonly #bySourcedId = new Map<string, number>();

  add(record: R): number {
    const known = this.#byId.get(record.id);
    if (known !== undefined) return known;
    const index = this.records.length;
    this.records.push(record);
    this.#byId.set(record.id, index);
    if (record.sourcedId && record.sourcedId !== record.id) this.#bySourcedId.set(record.sourcedId, index);
    return index;
  }

  ofId(id: string): number | undefined {
    return this.#byId.get(id);
  }

  ofSourcedId(sourcedId: string): number | undefined {
    const index = this.#bySourcedId.get(sourcedId) ?? this.#byId.get(sourcedId);
    return index !== undefined && this.records[index]?.sourcedId === sourcedId ? index : undefined;
  }

  get size(): number {
    return this.records.length;
  }
}

/** Emails shared by several records: the first holder per email, and the groups of two or more. */
class EmailGroups<Key> {
  readonly #first = new Map<string, Key>();
  readonly groups = new Map<string, Key[]>();

  add(email: string | null, key: Key): void {
    const normalized = normalizeEmail(email);
    if (!normalized) return;
    const group = this.groups.get(normalized);
    if (group) {
      group.push(key);
      return;
    }
    const first = this.#first.get(normalized);
    if (first === undefined) this.#first.set(normalized, key);
    else this.groups.set(normalized, [first, key]);
  }
}

const STUDENT_HAS_ENROLLMENT = 1;
const CLASS_HAS_STUDENT = 1;
const CLASS_HAS_TEACHER = 2;
const ENROLLMENT_TEACHER = 1;
const ENROLLMENT_KEYED = 2;

const sameName = (a: string | null, b: string | null) => a === b || normalizeName(a) === normalizeName(b);
const sameEmail = (a: string | null, b: string | null) => a === b || normalizeEmail(a) === normalizeEmail(b);
const sameText = (a: string | null, b: string | null) => a === b || (a ?? '').trim() === (b ?? '').trim();
const EQUALITY: Record<string, (a: string | null, b: string | null) => boolean> = {
  givenName: sameName,
  familyName: sameName,
  email: sameEmail,
  grade: sameText,
  identifier: sameText,
};

function differences(
  source: PersonRecord,
  bookmarked: PersonRecord,
  fields: readonly (keyof PersonRecord & string)[],
): FieldDifference[] {
  const found: FieldDifference[] = [];
  for (const field of fields) {
    const a = source[field] as string | null;
    const b = bookmarked[field] as string | null;
    if (!(EQUALITY[field] as (a: string | null, b: string | null) => boolean)(a, b))
      found.push({ field, source: a, bookmarked: b });
  }
  return found;
}

const describe = (person: { givenName: string; familyName: string; sourcedId: string | null }) =>
  `${displayName(person) || 'unnamed'} (sourcedId ${person.sourcedId ?? 'none'})`;
const describeSchool = (school: SchoolRecord | undefined) =>
  school ? `${school.name} (sourcedId ${school.sourcedId ?? 'none'})` : 'an unknown campus';
const describeSection = (section: ClassRecord | undefined) =>
  section ? `"${section.title}" (sourcedId ${section.sourcedId ?? 'none'})` : 'an unknown class';

export async function reconcileDistrict(options: ReconcileOptions): Promise<ReconcileResult> {
  const sink = new FindingSink(options.findingsPerKind);
  const scanned: ScannedCount[] = [];
  const count = (system: 'SOURCE' | 'BOOKMARKED', record: string, n: number) => scanned.push({ system, record, count: n });

  // ---- Source: index everything by dense position ------------------------------------------
  const schools = new DenseIndex<SchoolRecord>();
  for await (const batch of options.source.schools()) for (const school of batch) schools.add(school);
  count('SOURCE', 'schools', schools.size);

  const people = new DenseIndex<PersonRecord>();
  const sourceParentEmails = new EmailGroups<number>();
  for await (const batch of options.source.people(ALL_ROLES)) {
    for (const person of batch) {
      const index = people.add(person);
      if (person.role === 'parent' && index === people.size - 1) sourceParentEmails.add(person.email, index);
    }
  }
  count('SOURCE', 'people', people.size);
  const personFlags = new Uint8Array(people.size);

  const classes = new DenseIndex<ClassRecord>();
  for await (const batch of options.source.classes()) for (const section of batch) classes.add(section);
  count('SOURCE', 'classes', classes.size);
  const classFlags = new Uint8Array(classes.size);
  const sourceTeachers: (number[] | undefined)[] = new Array(classes.size);

  const sourceSanity = emptySanity('SOURCE');
  // Source enrollments as columns, not the records: a reader may make a new object per
  // enrollment (the CSV reader does), and 1.27 million of them were the largest thing kept.
  /** Per enrollment: its sourcedId, or its id when it has none. */
  const enrollmentKeys: string[] = [];
  const enrollmentBySourcedId = new Map<string, number>();
  const enrollmentClass: number[] = [];
  const enrollmentUser: number[] = [];
  /** Per enrollment: ENROLLMENT_TEACHER, ENROLLMENT_KEYED. */
  const enrollmentFlags: number[] = [];
  for await (const batch of options.source.enrollments()) {
    for (const enrollment of batch) {
      const section = classes.ofId(enrollment.classId);
      const user = people.ofId(enrollment.userId);
      if (section === undefined) sourceSanity.enrollmentsWithUnknownClass++;
      if (user === undefined) sourceSanity.enrollmentsWithUnknownUser++;
      // Rule book: a source enrollment is live only with its class and user live.
      if (section === undefined || user === undefined) continue;
      const key = enrollment.sourcedId ?? enrollment.id;
      if (enrollmentBySourcedId.has(key)) continue;
      enrollmentBySourcedId.set(key, enrollmentKeys.length);
      enrollmentKeys.push(key);
      enrollmentClass.push(section);
      enrollmentUser.push(user);
      enrollmentFlags.push(
        (enrollment.role === 'teacher' ? ENROLLMENT_TEACHER : 0) | (enrollment.sourcedId !== null ? ENROLLMENT_KEYED : 0),
      );
      if (enrollment.role === 'student') {
        classFlags[section] = (classFlags[section] as number) | CLASS_HAS_STUDENT;
        if (people.records[user]?.role === 'student') personFlags[user] = STUDENT_HAS_ENROLLMENT;
      } else {
        classFlags[section] = (classFlags[section] as number) | CLASS_HAS_TEACHER;
        const teachers = sourceTeachers[section];
        if (teachers) teachers.push(user);
        else sourceTeachers[section] = [user];
      }
    }
  }
  count('SOURCE', 'enrollments', enrollmentKeys.length);
  const enrollmentMatched = new Uint8Array(enrollmentKeys.length);

  // Memberships and links as numeric composite keys: no string per record.
  const schoolSlots = schools.size + 1;
  const membershipKey = (user: number, school: number) => user * schoolSlots + school;
  const pendingMemberships = new Set<number>();
  for await (const batch of options.source.memberships()) {
    for (const membership of batch) {
      const user = people.ofId(membership.userId);
      const school = schools.ofId(membership.schoolId);
      if (user !== undefined && school !== undefined) pendingMemberships.add(membershipKey(user, school));
    }
  }
  count('SOURCE', 'memberships', pendingMemberships.size);

  const peopleSlots = people.size + 1;
  const linkKey = (parent: number, student: number) => parent * peopleSlots + student;
  /** Source links; the value turns true when Bookmarked has the link (of any origin). */
  const sourceLinks = new Map<number, boolean>();
  // The SIS parents sharing an email, per student: what a merged Bookmarked account stands for.
  const sharedEmailOf = new Map<number, string>();
  for (const [email, group] of sourceParentEmails.groups) for (const parent of group) sharedEmailOf.set(parent, email);
  const sharedEmailParentsOfStudent = new Map<number, number[]>();
  for await (const batch of options.source.guardianLinks()) {
    for (const link of batch) {
      const parent = people.ofId(link.parentId);
      const student = people.ofId(link.studentId);
      if (parent === undefined || student === undefined) continue;
      sourceLinks.set(linkKey(parent, student), false);
      if (sharedEmailOf.has(parent)) {
        const parents = sharedEmailParentsOfStudent.get(student);
        if (!parents) sharedEmailParentsOfStudent.set(student, [parent]);
        else if (!parents.includes(parent)) parents.push(parent);
      }
    }
  }
  count('SOURCE', 'guardianLinks', sourceLinks.size);

  // ---- Bookmarked: stream and join against the source index --------------------------------
  // Sync errors first: they are few, and knowing their sourcedIds lets the scans below note
  // whether Bookmarked has those records without keeping a set of every Bookmarked sourcedId.
  const syncErrors = new Map<string, SyncErrorRecord & { count: number }>();
  const watched = new Set<string>();
  let syncErrorCount = 0;
  for await (const batch of readAhead(options.bookmarked.syncErrors())) {
    for (const error of batch) {
      syncErrorCount++;
      if (!error.sourcedId) continue;
      const key = `${error.entityType}|${error.sourcedId}`;
      const known = syncErrors.get(key);
      // Scans go by id, so the last error seen is the latest.
      syncErrors.set(key, { ...error, count: (known?.count ?? 0) + 1 });
      watched.add(error.sourcedId);
    }
  }
  count('BOOKMARKED', 'syncErrors', syncErrorCount);
  /** Watched sourcedIds Bookmarked has a live record of, per entity type. */
  const present = { org: new Set<string>(), user: new Set<string>(), class: new Set<string>(), enrollment: new Set<string>() };
  const notePresent = (type: keyof typeof present, sourcedId: string | null) => {
    if (sourcedId && watched.has(sourcedId)) present[type].add(sourcedId);
  };

  /** Bookmarked school id → source school position, -1 when the source has no such campus. */
  const bookmarkedSchool = new Map<string, number>();
  const bookmarkedSchoolRecords = new Map<string, SchoolRecord>();
  for await (const batch of readAhead(options.bookmarked.schools())) {
    for (const school of batch) {
      notePresent('org', school.sourcedId);
      const match = school.sourcedId ? schools.ofSourcedId(school.sourcedId) : undefined;
      bookmarkedSchool.set(school.id, match ?? -1);
      if (match === undefined) bookmarkedSchoolRecords.set(school.id, school);
    }
  }
  count('BOOKMARKED', 'schools', bookmarkedSchool.size);

  const personInBookmarked = new Uint8Array(people.size);
  const studentInBookmarked = new Uint8Array(people.size);
  /** Bookmarked user id → dense position. */
  const bookmarkedUser = new Map<string, number>();
  /** Per Bookmarked user: the source person's position, or -1. */
  const bookmarkedUserSource: number[] = [];
  /** Per Bookmarked user: bit 1 student, bit 2 has a sourcedId, bit 4 has a student enrollment. */
  const bookmarkedUserFlags: number[] = [];
  /** sourcedIds and names of Bookmarked users the source does not have, for messages. */
  const unmatchedUsers = new Map<number, { sourcedId: string | null; name: string; id: string }>();
  const bookmarkedParentEmails = new EmailGroups<number>();
  const mergeCandidates = new Map<number, { email: string; account: string; students: Set<number> }>();
  for await (const batch of readAhead(options.bookmarked.people(ALL_ROLES))) {
    for (const person of batch) {
      if (bookmarkedUser.has(person.id)) continue;
      notePresent('user', person.sourcedId);
      const position = bookmarkedUserSource.length;
      bookmarkedUser.set(person.id, position);
      const match = person.sourcedId ? people.ofSourcedId(person.sourcedId) : undefined;
      bookmarkedUserSource.push(match ?? -1);
      bookmarkedUserFlags.push((person.role === 'student' ? 1 : 0) | (person.sourcedId ? 2 : 0));
      if (match === undefined)
        unmatchedUsers.set(position, { sourcedId: person.sourcedId, name: displayName(person), id: person.id });
      else personInBookmarked[match] = 1;
      const source = match === undefined ? undefined : people.records[match];

      if (person.role === 'student' && person.sourcedId) {
        if (source?.role === 'student' && match !== undefined) {
          studentInBookmarked[match] = 1;
          compareFields(sink, source, person, STUDENT_COMPARED_FIELDS, 'student');
        } else {
          sink.add('STUDENT_NOT_IN_SOURCE', () =>
            finding({
              kind: 'STUDENT_NOT_IN_SOURCE',
              sourcedIds: [person.sourcedId],
              message: `Student ${describe(person)} is live in Bookmarked (account ${person.id}) but the SIS has no live student with that sourcedId.`,
              remediation: remedies.STUDENT_NOT_IN_SOURCE(describe(person), person.id),
            }),
          );
        }
      }
      if (person.role === 'parent') {
        bookmarkedParentEmails.add(person.email, position);
        if (source?.role === 'parent') compareFields(sink, source, person, PARENT_COMPARED_FIELDS, 'parent');
        const email = normalizeEmail(person.email);
        if (email && sourceParentEmails.groups.has(email)) {
          mergeCandidates.set(position, { email, account: `${describe(person)} [account ${person.id}]`, students: new Set() });
        }
      }
    }
  }
  count('BOOKMARKED', 'people', bookmarkedUserSource.length);

  const classInBookmarked = new Uint8Array(classes.size);
  const bookmarkedClass = new Map<string, number>();
  const bookmarkedClassSource: number[] = [];
  const bookmarkedClassFlags: number[] = [];
  for await (const batch of readAhead(options.bookmarked.classes())) {
    for (const section of batch) {
      if (bookmarkedClass.has(section.id)) continue;
      notePresent('class', section.sourcedId);
      bookmarkedClass.set(section.id, bookmarkedClassSource.length);
      const match = section.sourcedId ? classes.ofSourcedId(section.sourcedId) : undefined;
      bookmarkedClassSource.push(match ?? -1);
      bookmarkedClassFlags.push(0);
      if (match !== undefined) classInBookmarked[match] = 1;
    }
  }
  count('BOOKMARKED', 'classes', bookmarkedClassSource.length);

  const bookmarkedSanity = emptySanity('BOOKMARKED');
  /** Teachers per source class as Bookmarked has them: source person positions, or `bookmarked:<id>`. */
  const bookmarkedTeachers = new Map<number, (number | string)[]>();
  /** Hand-made Bookmarked enrollments (no sourcedId), keyed by class, user and role, for the fallback match. */
  const unkeyedEnrollments = new Set<number>();
  const unkeyedKey = (section: number, user: number, role: string) =>
    (section * peopleSlots + user) * 2 + (role === 'teacher' ? 1 : 0);
  let bookmarkedEnrollmentCount = 0;
  for await (const batch of readAhead(options.bookmarked.enrollments())) {
    for (const enrollment of batch) {
      bookmarkedEnrollmentCount++;
      const section = bookmarkedClass.get(enrollment.classId);
      const user = bookmarkedUser.get(enrollment.userId);
      if (section === undefined) bookmarkedSanity.enrollmentsWithUnknownClass++;
      if (user === undefined) bookmarkedSanity.enrollmentsWithUnknownUser++;
      if (section === undefined || user === undefined) continue;
      notePresent('enrollment', enrollment.sourcedId);
      const sourceClass = bookmarkedClassSource[section] as number;
      const sourceUser = bookmarkedUserSource[user] as number;
      if (enrollment.role === 'student') {
        bookmarkedClassFlags[section] = (bookmarkedClassFlags[section] as number) | CLASS_HAS_STUDENT;
        bookmarkedUserFlags[user] = (bookmarkedUserFlags[user] as number) | 4;
      } else {
        bookmarkedClassFlags[section] = (bookmarkedClassFlags[section] as number) | CLASS_HAS_TEACHER;
        if (sourceClass >= 0) {
          // Teachers compare by sourcedId; one without (made in Bookmarked) cannot be compared.
          const teacher =
            sourceUser >= 0 ? sourceUser : (bookmarkedUserFlags[user] as number) & 2 ? `bookmarked:${enrollment.userId}` : null;
          const teachers = bookmarkedTeachers.get(sourceClass);
          if (teacher === null) {
            if (!teachers) bookmarkedTeachers.set(sourceClass, []);
          } else if (teachers) teachers.push(teacher);
          else bookmarkedTeachers.set(sourceClass, [teacher]);
        }
      }
      if (!enrollment.sourcedId) {
        if (sourceClass >= 0 && sourceUser >= 0) unkeyedEnrollments.add(unkeyedKey(sourceClass, sourceUser, enrollment.role));
        continue;
      }
      const match = enrollmentBySourcedId.get(enrollment.sourcedId);
      if (match !== undefined) {
        enrollmentMatched[match] = 1;
        continue;
      }
      sink.add('PHANTOM_ENROLLMENT', () => {
        const person = sourceUser >= 0 ? people.records[sourceUser] : undefined;
        const who = person ? describe(person) : describeUnmatched(unmatchedUsers.get(user));
        const section =
          sourceClass >= 0 ? describeSection(classes.records[sourceClass]) : `Bookmarked class ${enrollment.classId}`;
        return finding({
          kind: 'PHANTOM_ENROLLMENT',
          sourcedIds: [
            enrollment.sourcedId,
            person?.sourcedId ?? unmatchedUsers.get(user)?.sourcedId,
            sourceClass >= 0 ? classes.records[sourceClass]?.sourcedId : null,
          ],
          message: `Bookmarked enrolls ${who} in ${section} as ${enrollment.role} (enrollment ${enrollment.sourcedId}); the SIS has no live enrollment with that sourcedId.`,
          remediation: remedies.PHANTOM_ENROLLMENT(who, section),
        });
      });
    }
  }
  count('BOOKMARKED', 'enrollments', bookmarkedEnrollmentCount);

  let bookmarkedMembershipCount = 0;
  for await (const batch of readAhead(options.bookmarked.memberships())) {
    for (const membership of batch) {
      bookmarkedMembershipCount++;
      const user = bookmarkedUser.get(membership.userId);
      const school = bookmarkedSchool.get(membership.schoolId);
      // Memberships of users or campuses without a sourcedId (invited parents, campuses made in
      // Bookmarked) cannot be checked against the SIS.
      if (user === undefined || school === undefined || !((bookmarkedUserFlags[user] as number) & 2)) continue;
      if (school < 0 && !bookmarkedSchoolRecords.get(membership.schoolId)?.sourcedId) continue;
      const sourceUser = bookmarkedUserSource[user] as number;
      if (sourceUser >= 0 && school >= 0 && pendingMemberships.delete(membershipKey(sourceUser, school))) continue;
      sink.add('STALE_SCHOOL_MEMBERSHIP', () => {
        const person = sourceUser >= 0 ? people.records[sourceUser] : undefined;
        const who = person ? describe(person) : describeUnmatched(unmatchedUsers.get(user));
        const campus = school >= 0 ? schools.records[school] : bookmarkedSchoolRecords.get(membership.schoolId);
        return finding({
          kind: 'STALE_SCHOOL_MEMBERSHIP',
          sourcedIds: [person?.sourcedId ?? unmatchedUsers.get(user)?.sourcedId, campus?.sourcedId],
          message: `Bookmarked keeps ${who} at ${describeSchool(campus)}; the SIS does not list them there.`,
          remediation: remedies.STALE_SCHOOL_MEMBERSHIP(who, describeSchool(campus)),
        });
      });
    }
  }
  count('BOOKMARKED', 'memberships', bookmarkedMembershipCount);

  let bookmarkedLinkCount = 0;
  for await (const batch of readAhead(options.bookmarked.guardianLinks())) {
    for (const link of batch) {
      bookmarkedLinkCount++;
      const parent = bookmarkedUser.get(link.parentId);
      const student = bookmarkedUser.get(link.studentId);
      if (parent === undefined || student === undefined) continue;
      const sourceParent = bookmarkedUserSource[parent] as number;
      const sourceStudent = bookmarkedUserSource[student] as number;
      const merge = mergeCandidates.get(parent);
      if (merge && sourceStudent >= 0) merge.students.add(sourceStudent);
      const key = sourceParent >= 0 && sourceStudent >= 0 ? linkKey(sourceParent, sourceStudent) : -1;
      if (key >= 0 && sourceLinks.has(key)) {
        sourceLinks.set(key, true);
        continue;
      }
      // Invitation and hand-made links cannot be checked against the SIS (rule book).
      if (link.origin !== 'sis') continue;
      sink.add('PHANTOM_PARENT_LINK', () => phantomLink(parent, student));
    }
  }
  count('BOOKMARKED', 'guardianLinks', bookmarkedLinkCount);

  // ---- What the source has and Bookmarked lacks --------------------------------------------
  for (let index = 0; index < people.size; index++) {
    const person = people.records[index] as PersonRecord;
    if (person.role !== 'student') continue;
    if (!studentInBookmarked[index]) {
      sink.add('STUDENT_NOT_IN_BOOKMARKED', () =>
        finding({
          kind: 'STUDENT_NOT_IN_BOOKMARKED',
          sourcedIds: [person.sourcedId],
          message: `Student ${describe(person)} is in the SIS but has no live student record in Bookmarked.`,
          remediation: remedies.STUDENT_NOT_IN_BOOKMARKED(
            describe(person),
            !!person.sourcedId && syncErrors.has(`user|${person.sourcedId}`),
          ),
        }),
      );
    }
    if (!personFlags[index]) {
      sourceSanity.studentsWithoutEnrollments++;
      sink.add('ENROLLMENT_NOT_IN_SOURCE', () =>
        finding({
          kind: 'ENROLLMENT_NOT_IN_SOURCE',
          sourcedIds: [person.sourcedId],
          message: `Student ${describe(person)} has no live class enrollment in the SIS.`,
          remediation: remedies.ENROLLMENT_NOT_IN_SOURCE(describe(person)),
        }),
      );
    }
  }

  for (let index = 0; index < classes.size; index++) {
    const section = classes.records[index] as ClassRecord;
    if (!((classFlags[index] as number) & CLASS_HAS_STUDENT)) sourceSanity.classesWithoutStudents++;
    if (!((classFlags[index] as number) & CLASS_HAS_TEACHER)) sourceSanity.classesWithoutTeachers++;
    if (!classInBookmarked[index]) {
      sink.add('CLASS_NOT_IN_BOOKMARKED', () =>
        finding({
          kind: 'CLASS_NOT_IN_BOOKMARKED',
          sourcedIds: [section.sourcedId, schools.records[schools.ofId(section.schoolId) ?? -1]?.sourcedId],
          message: `The SIS has class ${describeSection(section)}; Bookmarked has no live class with that sourcedId.`,
          remediation: remedies.CLASS_NOT_IN_BOOKMARKED(describeSection(section)),
        }),
      );
      continue;
    }
    const sourceSet = sourceTeachers[index] ?? [];
    const bookmarkedSet = bookmarkedTeachers.get(index) ?? [];
    if (!sameMembers(sourceSet, bookmarkedSet)) {
      sink.add('TEACHER_MISMATCH', () => {
        const name = (t: number | string) =>
          typeof t === 'number'
            ? describe(people.records[t] as PersonRecord)
            : `Bookmarked account ${t.slice('bookmarked:'.length)} (not in the SIS)`;
        const list = (teachers: readonly (number | string)[]) =>
          teachers.length ? [...new Set(teachers)].map(name).join(', ') : 'no teacher';
        return finding({
          kind: 'TEACHER_MISMATCH',
          sourcedIds: [
            section.sourcedId,
            ...[...sourceSet, ...bookmarkedSet].map((t) => (typeof t === 'number' ? people.records[t]?.sourcedId : null)),
          ],
          message: `The teachers of ${describeSection(section)} differ: the SIS has ${list(sourceSet)}; Bookmarked has ${list(bookmarkedSet)}.`,
          remediation: remedies.TEACHER_MISMATCH(describeSection(section), list(sourceSet), list(bookmarkedSet)),
        });
      });
    }
  }

  for (let index = 0; index < enrollmentKeys.length; index++) {
    if (enrollmentMatched[index]) continue;
    const section = enrollmentClass[index] as number;
    const user = enrollmentUser[index] as number;
    const flags = enrollmentFlags[index] as number;
    const key = enrollmentKeys[index] as string;
    const role = flags & ENROLLMENT_TEACHER ? 'teacher' : 'student';
    if (unkeyedEnrollments.size && unkeyedEnrollments.has(unkeyedKey(section, user, role))) {
      enrollmentMatched[index] = 1;
      continue;
    }
    sink.add('ENROLLMENT_NOT_IN_BOOKMARKED', () => {
      const person = people.records[user] as PersonRecord;
      const cls = classes.records[section] as ClassRecord;
      const cause = !personInBookmarked[user] ? 'person' : !classInBookmarked[section] ? 'class' : 'enrollment';
      return finding({
        kind: 'ENROLLMENT_NOT_IN_BOOKMARKED',
        sourcedIds: [flags & ENROLLMENT_KEYED ? key : null, person.sourcedId, cls.sourcedId],
        message: `The SIS enrolls ${person.role} ${describe(person)} in ${describeSection(cls)} (enrollment ${key}); Bookmarked has no live enrollment with that sourcedId.`,
        remediation: remedies.ENROLLMENT_NOT_IN_BOOKMARKED(`${person.role} ${describe(person)}`, describeSection(cls), cause),
      });
    });
  }

  for (const key of pendingMemberships) {
    const user = Math.floor(key / schoolSlots);
    const school = key % schoolSlots;
    sink.add('SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED', () => {
      const person = people.records[user] as PersonRecord;
      const campus = schools.records[school];
      return finding({
        kind: 'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
        sourcedIds: [person.sourcedId, campus?.sourcedId],
        message: `The SIS lists ${person.role} ${describe(person)} at ${describeSchool(campus)}; Bookmarked has no live membership there.`,
        remediation: remedies.SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED(`${person.role} ${describe(person)}`, describeSchool(campus)),
      });
    });
  }

  for (const [key, inBookmarked] of sourceLinks) {
    if (inBookmarked) continue;
    const parent = people.records[Math.floor(key / peopleSlots)] as PersonRecord;
    const student = people.records[key % peopleSlots] as PersonRecord;
    sink.add('PARENT_LINK_NOT_IN_BOOKMARKED', () =>
      finding({
        kind: 'PARENT_LINK_NOT_IN_BOOKMARKED',
        sourcedIds: [parent.sourcedId, student.sourcedId],
        message: `The SIS links parent ${describe(parent)} to student ${describe(student)}; Bookmarked has no live link between them.`,
        remediation: remedies.PARENT_LINK_NOT_IN_BOOKMARKED(
          `parent ${describe(parent)}`,
          `student ${describe(student)}`,
          !!personInBookmarked[Math.floor(key / peopleSlots)],
        ),
      }),
    );
  }

  // ---- Duplicates and merges ------------------------------------------------------------------
  for (const [email, group] of sourceParentEmails.groups) {
    sink.add('DUPLICATE_EMAIL_IN_SOURCE', () => {
      const parents = group.map((index) => people.records[index] as PersonRecord);
      const listed = parents.map(describe).join(', ');
      return finding({
        kind: 'DUPLICATE_EMAIL_IN_SOURCE',
        sourcedIds: parents.map((p) => p.sourcedId),
        message: `${parents.length} different parents share the email ${email} in the SIS: ${listed}.`,
        remediation: remedies.DUPLICATE_EMAIL_IN_SOURCE(email, listed),
      });
    });
  }
  for (const [email, group] of bookmarkedParentEmails.groups) {
    sink.add('DUPLICATE_ACCOUNT_IN_BOOKMARKED', () => {
      const accounts = group.map((position) => describeBookmarkedUser(position));
      return finding({
        kind: 'DUPLICATE_ACCOUNT_IN_BOOKMARKED',
        sourcedIds: group.map((position) => sourcedIdOfBookmarkedUser(position)),
        message: `${group.length} live Bookmarked parent accounts share the email ${email}: ${accounts.join(', ')}.`,
        remediation: remedies.DUPLICATE_ACCOUNT_IN_BOOKMARKED(email, accounts.join(', ')),
      });
    });
  }
  for (const [position, merge] of mergeCandidates) {
    const parents = new Set<number>();
    for (const student of merge.students) {
      for (const parent of sharedEmailParentsOfStudent.get(student) ?? [])
        if (sharedEmailOf.get(parent) === merge.email) parents.add(parent);
    }
    if (parents.size < 2) continue;
    sink.add('MERGED_ACCOUNT_IN_BOOKMARKED', () => {
      const listed = [...parents].map((p) => describe(people.records[p] as PersonRecord)).join(', ');
      return finding({
        kind: 'MERGED_ACCOUNT_IN_BOOKMARKED',
        sourcedIds: [sourcedIdOfBookmarkedUser(position), ...[...parents].map((p) => people.records[p]?.sourcedId)],
        message: `Bookmarked account ${merge.account} is linked to students whose SIS parents with ${merge.email} are ${parents.size} different people: ${listed}.`,
        remediation: remedies.MERGED_ACCOUNT_IN_BOOKMARKED(merge.account, listed),
      });
    });
  }

  // ---- Sync errors of records Bookmarked lacks (one per record: entity type and sourcedId) ----
  for (const error of syncErrors.values()) {
    const sourcedId = error.sourcedId as string;
    // A guardianship error names no record Bookmarked could be checked for.
    if (error.entityType === 'guardianship' || present[error.entityType].has(sourcedId)) continue;
    sink.add('IMPORT_REJECTED', () => {
      const person = error.entityType === 'user' ? people.ofSourcedId(sourcedId) : undefined;
      const section = error.entityType === 'class' ? classes.ofSourcedId(sourcedId) : undefined;
      const school = error.entityType === 'org' ? schools.ofSourcedId(sourcedId) : undefined;
      const record =
        person !== undefined
          ? `${people.records[person]?.role} ${describe(people.records[person] as PersonRecord)}`
          : section !== undefined
            ? `class ${describeSection(classes.records[section])}`
            : school !== undefined
              ? `campus ${describeSchool(schools.records[school])}`
              : `${error.entityType} ${sourcedId}`;
      const quoted = `"${error.message}" (${error.count} sync error${error.count > 1 ? 's' : ''}; latest ${error.createdAt}, sync run ${error.syncRunId})`;
      return finding({
        kind: 'IMPORT_REJECTED',
        sourcedIds: [sourcedId],
        message: `The Bookmarked roster sync rejected ${record}, which Bookmarked has no live record of: ${quoted}.`,
        remediation: remedies.IMPORT_REJECTED(record, quoted),
      });
    });
  }

  // ---- Bookmarked sanity ----------------------------------------------------------------------
  for (const flags of bookmarkedUserFlags) if (flags & 1 && !(flags & 4)) bookmarkedSanity.studentsWithoutEnrollments++;
  for (const flags of bookmarkedClassFlags) {
    if (!(flags & CLASS_HAS_STUDENT)) bookmarkedSanity.classesWithoutStudents++;
    if (!(flags & CLASS_HAS_TEACHER)) bookmarkedSanity.classesWithoutTeachers++;
  }

  return {
    counts: sink.counts(),
    findingTotal: sink.total(),
    findings: sink.findings(),
    sanityCounts: [sourceSanity, bookmarkedSanity],
    scanned,
  };

  function describeUnmatched(user: { sourcedId: string | null; name: string; id: string } | undefined): string {
    if (!user) return 'an unknown user';
    return `${user.name || 'unnamed'} (${user.sourcedId ? `sourcedId ${user.sourcedId}, not in the SIS` : `Bookmarked account ${user.id}, no sourcedId`})`;
  }

  function describeBookmarkedUser(position: number): string {
    const source = bookmarkedUserSource[position] as number;
    if (source >= 0) return describe(people.records[source] as PersonRecord);
    return describeUnmatched(unmatchedUsers.get(position));
  }

  function sourcedIdOfBookmarkedUser(position: number): string | null {
    const source = bookmarkedUserSource[position] as number;
    return source >= 0 ? (people.records[source]?.sourcedId ?? null) : (unmatchedUsers.get(position)?.sourcedId ?? null);
  }

  function phantomLink(parent: number, student: number): Finding {
    const parentName = describeBookmarkedUser(parent);
    const studentName = describeBookmarkedUser(student);
    return finding({
      kind: 'PHANTOM_PARENT_LINK',
      sourcedIds: [sourcedIdOfBookmarkedUser(parent), sourcedIdOfBookmarkedUser(student)],
      message: `Bookmarked links parent ${parentName} to student ${studentName} (origin sis); the SIS does not link them.`,
      remediation: remedies.PHANTOM_PARENT_LINK(`parent ${parentName}`, `student ${studentName}`, ['SIS']),
    });
  }
}

function compareFields(
  sink: FindingSink,
  source: PersonRecord,
  bookmarked: PersonRecord,
  fields: readonly (keyof PersonRecord & string)[],
  role: string,
): void {
  const found = differences(source, bookmarked, fields);
  if (found.length === 0) return;
  sink.add('FIELD_MISMATCH', () => {
    const described = describeDifferences(found);
    return finding({
      kind: 'FIELD_MISMATCH',
      sourcedIds: [source.sourcedId],
      message: `${role === 'student' ? 'Student' : 'Parent'} ${describe(source)} differs between the systems: ${described}.`,
      remediation: remedies.FIELD_MISMATCH(`${role} ${describe(source)} (Bookmarked account ${bookmarked.id})`, described),
    });
  });
}

/** Same members, ignoring order and repeats. */
function sameMembers(a: readonly (number | string)[], b: readonly (number | string)[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size !== right.size) return false;
  for (const value of left) if (!right.has(value)) return false;
  return true;
}

/**
 * Asks for the next batch before handing out the current one, so the reader's next query runs
 * while this one is processed (one batch in flight, never more).
 */
export async function* readAhead<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // Handled when awaited above; this only keeps an early exit from reporting it as unhandled.
      next.catch(() => {});
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

function emptySanity(system: 'SOURCE' | 'BOOKMARKED'): SanityCounts {
  return {
    system,
    studentsWithoutEnrollments: 0,
    classesWithoutStudents: 0,
    classesWithoutTeachers: 0,
    enrollmentsWithUnknownClass: 0,
    enrollmentsWithUnknownUser: 0,
  };
}
