import {
  type BookmarkedRows,
  type BookmarkedUserRow,
  emptyFindingCounts,
  type FindingCounts,
  type SourceRoster,
  type SourceUser,
} from './district-model';

/**
 * The reference answer for `dataQualityReport`: the count per finding kind the rule book's
 * "Data Quality Report" section gives for a whole district. Written as plain set arithmetic
 * over the generated rows, deliberately sharing no code with the diagnostics it checks (not
 * even the name normaliser), so the two can disagree and a test can notice.
 *
 * - Live: a source record not `tobedeleted`; a Bookmarked row without `deleted_at`. An
 *   enrollment also needs its class and user live, a class its school, a link or membership
 *   its people (and campus).
 * - One count per record concerned, cascades included: a student missing in Bookmarked also
 *   counts its enrollments, links and memberships.
 * - PHANTOM_PARENT_LINK: live links of origin `sis` only. FIELD_MISMATCH: paired students
 *   (given, family, email, grade, identifier) and parents (given, family), compared after
 *   normalisation. Duplicates: one per email. MERGED: one per account. IMPORT_REJECTED: one
 *   per (entity, sourcedId) in the district's sync errors that Bookmarked lacks.
 *   ENROLLMENT_NOT_IN_SOURCE: live students without a live enrollment. TEACHER_MISMATCH: one
 *   per class live in both whose teacher sets differ. TRANSFER_NOT_IN_SOURCE: never.
 *
 * Where the rule book names no kind (a parent or teacher missing on one side, a class only in
 * Bookmarked) nothing is counted; the generator never plants Bookmarked-only classes or
 * Bookmarked-only parents and teachers, so that reading never matters.
 *
 * Pairs (user, campus) and (parent, student) are keyed by small integers rather than joined
 * strings: a 200k-student district has about a million of them.
 */
export function computeExpectedReportCounts(options: { source: SourceRoster; bookmarked: BookmarkedRows }): FindingCounts {
  const keys = new PairKeys();
  const source = indexSource(options.source, keys);
  const bookmarked = indexBookmarked(options.bookmarked, keys, source.sharedEmails);
  const counts = emptyFindingCounts();

  for (const user of source.liveUsers.values()) {
    if (user.role === 'student') {
      if (!bookmarked.liveUsersBySourcedId.has(user.sourcedId)) counts.STUDENT_NOT_IN_BOOKMARKED += 1;
      if (!source.studentsWithEnrollment.has(user.sourcedId)) counts.ENROLLMENT_NOT_IN_SOURCE += 1;
    }
    const twin = bookmarked.liveUsersBySourcedId.get(user.sourcedId);
    if (twin && fieldsDiffer(user, twin)) counts.FIELD_MISMATCH += 1;
  }
  for (const row of bookmarked.liveUsersBySourcedId.values()) {
    if (row.role === 'student' && !source.liveUsers.has(row.sourcedId as string)) counts.STUDENT_NOT_IN_SOURCE += 1;
  }

  for (const classSourcedId of source.liveClasses) {
    if (!bookmarked.liveClassSourcedIds.has(classSourcedId)) {
      counts.CLASS_NOT_IN_BOOKMARKED += 1;
    } else if (teacherSet(source.teachersByClass, classSourcedId) !== teacherSet(bookmarked.teachersByClass, classSourcedId)) {
      counts.TEACHER_MISMATCH += 1;
    }
  }

  counts.ENROLLMENT_NOT_IN_BOOKMARKED = countMissing(source.liveEnrollments, bookmarked.liveEnrollments);
  counts.PHANTOM_ENROLLMENT = countMissing(bookmarked.liveEnrollments, source.liveEnrollments);
  counts.SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED = countMissing(source.memberships, bookmarked.memberships);
  counts.STALE_SCHOOL_MEMBERSHIP = countMissing(bookmarked.memberships, source.memberships);
  counts.PARENT_LINK_NOT_IN_BOOKMARKED = countMissing(source.links, bookmarked.links);
  counts.PHANTOM_PARENT_LINK = countMissing(bookmarked.sisLinks, source.links);
  counts.DUPLICATE_EMAIL_IN_SOURCE = source.sharedEmails.size;
  counts.DUPLICATE_ACCOUNT_IN_BOOKMARKED = bookmarked.sharedEmails.size;

  // Only an email two SIS parents share can stand behind a merged account.
  for (const [email, linkedStudents] of bookmarked.studentsOfAccountsWithSharedEmail) {
    for (const students of linkedStudents) {
      const people = new Set<string>();
      for (const student of students)
        for (const parent of source.parentsWithSharedEmailByStudent.get(student) ?? []) {
          if (foldEmail(source.liveUsers.get(parent)?.email) === email) people.add(parent);
        }
      if (people.size >= 2) counts.MERGED_ACCOUNT_IN_BOOKMARKED += 1;
    }
  }

  const rejected = new Set<string>();
  for (const error of options.bookmarked.syncErrors) {
    if (!error.sourcedId || !bookmarked.districtRunIds.has(error.syncRunId)) continue;
    const present =
      error.entityType === 'user'
        ? bookmarked.liveUsersBySourcedId.has(error.sourcedId)
        : error.entityType === 'class'
          ? bookmarked.liveClassSourcedIds.has(error.sourcedId)
          : error.entityType === 'enrollment'
            ? bookmarked.liveEnrollments.has(error.sourcedId)
            : error.entityType === 'org'
              ? bookmarked.liveSchoolSourcedIds.has(error.sourcedId)
              : true;
    if (!present) rejected.add(`${error.entityType}|${error.sourcedId}`);
  }
  counts.IMPORT_REJECTED = rejected.size;
  return counts;
}

/** Numbers sourcedIds so that a pair of them is one number. */
class PairKeys {
  static readonly #WIDTH = 2 ** 23;
  readonly #numbers = new Map<string, number>();

  pair(first: string, second: string): number {
    return this.#number(first) * PairKeys.#WIDTH + this.#number(second);
  }

  #number(sourcedId: string): number {
    let number = this.#numbers.get(sourcedId);
    if (number === undefined) {
      number = this.#numbers.size;
      if (number >= PairKeys.#WIDTH)
        throw new Error(`computeExpectedReportCounts: more than ${PairKeys.#WIDTH} distinct sourcedIds`);
      this.#numbers.set(sourcedId, number);
    }
    return number;
  }
}

function isParentRole(role: string): boolean {
  return role === 'parent' || role === 'guardian' || role === 'relative';
}

function countMissing<K>(from: ReadonlySet<K>, other: ReadonlySet<K>): number {
  let missing = 0;
  for (const key of from) if (!other.has(key)) missing += 1;
  return missing;
}

function teacherSet(teachersByClass: Map<string, string[]>, classSourcedId: string): string {
  return [...(teachersByClass.get(classSourcedId) ?? [])].sort().join(',');
}

/** Emails (folded) that two or more distinct people carry. */
class SharedEmails {
  readonly #firstOwner = new Map<string, string>();
  readonly shared = new Set<string>();

  add(email: string | null, owner: string): void {
    const folded = foldEmail(email);
    if (!folded) return;
    const first = this.#firstOwner.get(folded);
    if (first === undefined) this.#firstOwner.set(folded, owner);
    else if (first !== owner) this.shared.add(folded);
  }
}

/** Students: given, family, email, grade, identifier. Parents: given and family. Teachers: not compared. */
function fieldsDiffer(user: SourceUser, row: BookmarkedUserRow): boolean {
  if (user.role === 'teacher') return false;
  const namesDiffer = !sameName(user.givenName, row.givenName) || !sameName(user.familyName, row.familyName);
  if (user.role !== 'student') return namesDiffer;
  return (
    namesDiffer ||
    foldEmail(user.email) !== foldEmail(row.email) ||
    (user.grade ?? '') !== (row.grade ?? '') ||
    (user.identifier ?? '') !== (row.identifier ?? '')
  );
}

function sameName(a: string, b: string): boolean {
  return a === b || foldName(a) === foldName(b);
}

function foldName(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

function foldEmail(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function lowestId(rows: BookmarkedRows): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const table of [rows.schools, rows.users, rows.classes]) for (const row of table) if (row.id < lowest) lowest = row.id;
  return Number.isFinite(lowest) ? lowest : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexSource(roster: SourceRoster, keys: PairKeys) {
  const liveSchools = new Set(
    roster.orgs.filter((org) => org.type === 'school' && org.status === 'active').map((org) => org.sourcedId),
  );
  const liveUsers = new Map<string, SourceUser>();
  for (const user of roster.users) if (user.status === 'active') liveUsers.set(user.sourcedId, user);
  const liveClasses = new Set<string>();
  for (const klass of roster.classes) {
    if (klass.status === 'active' && liveSchools.has(klass.schoolSourcedId)) liveClasses.add(klass.sourcedId);
  }

  const liveEnrollments = new Set<string>();
  const studentsWithEnrollment = new Set<string>();
  const teachersByClass = new Map<string, string[]>();
  for (const enrollment of roster.enrollments) {
    if (enrollment.status !== 'active' || !liveClasses.has(enrollment.classSourcedId) || !liveUsers.has(enrollment.userSourcedId))
      continue;
    liveEnrollments.add(enrollment.sourcedId);
    if (enrollment.role === 'student') studentsWithEnrollment.add(enrollment.userSourcedId);
    else push(teachersByClass, enrollment.classSourcedId, enrollment.userSourcedId);
  }

  const emails = new SharedEmails();
  for (const user of liveUsers.values()) if (isParentRole(user.role)) emails.add(user.email, user.sourcedId);
  const sharedEmails = emails.shared;

  const memberships = new Set<number>();
  const links = new Set<number>();
  const parentsWithSharedEmailByStudent = new Map<string, string[]>();
  for (const user of liveUsers.values()) {
    for (const school of user.orgSourcedIds) if (liveSchools.has(school)) memberships.add(keys.pair(user.sourcedId, school));
    for (const agentSourcedId of user.agentSourcedIds) {
      const agent = liveUsers.get(agentSourcedId);
      if (!agent) continue;
      const [parent, student] = user.role === 'student' ? [agent, user] : [user, agent];
      if (student.role !== 'student' || !isParentRole(parent.role)) continue;
      const key = keys.pair(parent.sourcedId, student.sourcedId);
      if (links.has(key)) continue;
      links.add(key);
      if (sharedEmails.has(foldEmail(parent.email))) push(parentsWithSharedEmailByStudent, student.sourcedId, parent.sourcedId);
    }
  }
  return {
    liveUsers,
    liveClasses,
    liveEnrollments,
    studentsWithEnrollment,
    teachersByClass,
    memberships,
    links,
    sharedEmails,
    parentsWithSharedEmailByStudent,
  };
}

function indexBookmarked(rows: BookmarkedRows, keys: PairKeys, sourceSharedEmails: ReadonlySet<string>) {
  const districtId = rows.district.id;
  // Ids relative to the district's range are small integers, which V8 hashes far faster.
  const base = lowestId(rows);
  const liveSchools = new Map<number, string | null>();
  for (const school of rows.schools)
    if (school.districtId === districtId && !school.deletedAt) liveSchools.set(school.id - base, school.sourcedId);
  const liveUsers = new Map<number, BookmarkedUserRow>();
  const liveUsersBySourcedId = new Map<string, BookmarkedUserRow>();
  const emails = new SharedEmails();
  for (const user of rows.users) {
    if (user.districtId !== districtId || user.deletedAt) continue;
    liveUsers.set(user.id - base, user);
    if (user.sourcedId) liveUsersBySourcedId.set(user.sourcedId, user);
    if (user.role === 'parent') emails.add(user.email, String(user.id));
  }
  const liveClasses = new Map<number, string | null>();
  for (const klass of rows.classes)
    if (!klass.deletedAt && liveSchools.has(klass.schoolId - base)) liveClasses.set(klass.id - base, klass.sourcedId);

  const liveEnrollments = new Set<string>();
  const teachersByClass = new Map<string, string[]>();
  for (const enrollment of rows.enrollments) {
    const classSourcedId = enrollment.deletedAt ? undefined : liveClasses.get(enrollment.classId - base);
    if (classSourcedId === undefined) continue;
    const user = liveUsers.get(enrollment.userId - base);
    if (!user) continue;
    if (enrollment.sourcedId) liveEnrollments.add(enrollment.sourcedId);
    if (enrollment.role === 'teacher' && classSourcedId && user.sourcedId) push(teachersByClass, classSourcedId, user.sourcedId);
  }

  const memberships = new Set<number>();
  for (const membership of rows.userSchools) {
    if (membership.deletedAt) continue;
    const userSourcedId = liveUsers.get(membership.userId - base)?.sourcedId;
    const schoolSourcedId = liveSchools.get(membership.schoolId - base);
    if (userSourcedId && schoolSourcedId) memberships.add(keys.pair(userSourcedId, schoolSourcedId));
  }

  const links = new Set<number>();
  const sisLinks = new Set<number>();
  const studentsByAccount = new Map<number, string[]>();
  let unkeyedLinks = 0;
  for (const link of rows.guardianships) {
    if (link.deletedAt) continue;
    const parent = liveUsers.get(link.parentId - base);
    const student = liveUsers.get(link.studentId - base);
    if (!parent || !student) continue;
    // A link to an account without a sourcedId can never be in the source: give it a key of its own.
    const key = parent.sourcedId && student.sourcedId ? keys.pair(parent.sourcedId, student.sourcedId) : -++unkeyedLinks;
    links.add(key);
    if (link.origin === 'sis') sisLinks.add(key);
    if (student.sourcedId && sourceSharedEmails.has(foldEmail(parent.email)))
      push(studentsByAccount, link.parentId - base, student.sourcedId);
  }
  const studentsOfAccountsWithSharedEmail = new Map<string, string[][]>();
  for (const [accountId, students] of studentsByAccount) {
    push(studentsOfAccountsWithSharedEmail, foldEmail(liveUsers.get(accountId)?.email), students);
  }

  const districtRunIds = new Set(rows.syncRuns.filter((run) => run.districtId === districtId).map((run) => run.id));
  const liveClassSourcedIds = new Set<string>();
  for (const sourcedId of liveClasses.values()) if (sourcedId) liveClassSourcedIds.add(sourcedId);
  const liveSchoolSourcedIds = new Set<string>();
  for (const sourcedId of liveSchools.values()) if (sourcedId) liveSchoolSourcedIds.add(sourcedId);
  return {
    liveUsersBySourcedId,
    liveClassSourcedIds,
    liveSchoolSourcedIds,
    liveEnrollments,
    teachersByClass,
    memberships,
    links,
    sisLinks,
    sharedEmails: emails.shared,
    studentsOfAccountsWithSharedEmail,
    districtRunIds,
  };
}
