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
 * Where the rule book lists no kind for a case (a parent or teacher missing on one side, a
 * class only in Bookmarked), nothing is counted; the generator never plants Bookmarked-only
 * classes or Bookmarked-only people other than students, so that reading never matters.
 */
export function computeExpectedReportCounts(options: { source: SourceRoster; bookmarked: BookmarkedRows }): FindingCounts {
  const source = indexSource(options.source);
  const bookmarked = indexBookmarked(options.bookmarked);
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
      continue;
    }
    const sourceTeachers = [...(source.teachersByClass.get(classSourcedId) ?? [])].sort().join(',');
    const bookmarkedTeachers = [...(bookmarked.teachersByClass.get(classSourcedId) ?? [])].sort().join(',');
    if (sourceTeachers !== bookmarkedTeachers) counts.TEACHER_MISMATCH += 1;
  }

  counts.ENROLLMENT_NOT_IN_BOOKMARKED = countMissing(source.liveEnrollments, bookmarked.liveEnrollments);
  counts.PHANTOM_ENROLLMENT = countMissing(bookmarked.liveEnrollments, source.liveEnrollments);
  counts.SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED = countMissing(source.memberships, bookmarked.memberships);
  counts.STALE_SCHOOL_MEMBERSHIP = countMissing(bookmarked.memberships, source.memberships);
  counts.PARENT_LINK_NOT_IN_BOOKMARKED = countMissing(source.links, bookmarked.links);
  counts.PHANTOM_PARENT_LINK = countMissing(bookmarked.sisLinks, source.links);

  counts.DUPLICATE_EMAIL_IN_SOURCE = countSharedEmails(
    [...source.liveUsers.values()].filter((user) => isParentRole(user.role)).map((user) => [user.email, user.sourcedId]),
  );
  counts.DUPLICATE_ACCOUNT_IN_BOOKMARKED = countSharedEmails(
    bookmarked.liveParents.map((row) => [row.email, String(row.id)]),
  );

  for (const account of bookmarked.liveParents) {
    const email = foldEmail(account.email);
    if (!email) continue;
    const sourceParents = new Set<string>();
    for (const studentSourcedId of bookmarked.linkedStudentSourcedIds.get(account.id) ?? []) {
      for (const parentSourcedId of source.parentsByStudent.get(studentSourcedId) ?? []) {
        if (foldEmail(source.liveUsers.get(parentSourcedId)?.email) === email) sourceParents.add(parentSourcedId);
      }
    }
    if (sourceParents.size >= 2) counts.MERGED_ACCOUNT_IN_BOOKMARKED += 1;
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

function isParentRole(role: string): boolean {
  return role === 'parent' || role === 'guardian' || role === 'relative';
}

function countMissing(from: ReadonlySet<string>, other: ReadonlySet<string>): number {
  let missing = 0;
  for (const key of from) if (!other.has(key)) missing += 1;
  return missing;
}

function countSharedEmails(people: [string | null, string][]): number {
  const peopleByEmail = new Map<string, Set<string>>();
  for (const [email, key] of people) {
    const folded = foldEmail(email);
    if (!folded) continue;
    const keys = peopleByEmail.get(folded) ?? new Set<string>();
    keys.add(key);
    peopleByEmail.set(folded, keys);
  }
  let shared = 0;
  for (const keys of peopleByEmail.values()) if (keys.size >= 2) shared += 1;
  return shared;
}

/** Students: given, family, email, grade, identifier. Parents: given and family. Teachers: not compared. */
function fieldsDiffer(user: SourceUser, row: BookmarkedUserRow): boolean {
  if (user.role === 'teacher') return false;
  const namesDiffer = foldName(user.givenName) !== foldName(row.givenName) || foldName(user.familyName) !== foldName(row.familyName);
  if (user.role !== 'student') return namesDiffer;
  return (
    namesDiffer ||
    foldEmail(user.email) !== foldEmail(row.email) ||
    (user.grade ?? '') !== (row.grade ?? '') ||
    (user.identifier ?? '') !== (row.identifier ?? '')
  );
}

function foldName(value: string | null | undefined): string {
  return (value ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/\s+/).filter(Boolean).join(' ');
}

function foldEmail(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function indexSource(roster: SourceRoster) {
  const liveSchools = new Set(roster.orgs.filter((org) => org.type === 'school' && org.status === 'active').map((org) => org.sourcedId));
  const liveUsers = new Map<string, SourceUser>();
  for (const user of roster.users) if (user.status === 'active') liveUsers.set(user.sourcedId, user);
  const liveClasses = new Set<string>();
  for (const klass of roster.classes) {
    if (klass.status === 'active' && liveSchools.has(klass.schoolSourcedId)) liveClasses.add(klass.sourcedId);
  }

  const liveEnrollments = new Set<string>();
  const studentsWithEnrollment = new Set<string>();
  const teachersByClass = new Map<string, Set<string>>();
  for (const enrollment of roster.enrollments) {
    if (enrollment.status !== 'active' || !liveClasses.has(enrollment.classSourcedId) || !liveUsers.has(enrollment.userSourcedId)) continue;
    liveEnrollments.add(enrollment.sourcedId);
    if (enrollment.role === 'student') studentsWithEnrollment.add(enrollment.userSourcedId);
    else addToSetMap(teachersByClass, enrollment.classSourcedId, enrollment.userSourcedId);
  }

  const memberships = new Set<string>();
  const links = new Set<string>();
  const parentsByStudent = new Map<string, Set<string>>();
  for (const user of liveUsers.values()) {
    for (const school of user.orgSourcedIds) if (liveSchools.has(school)) memberships.add(`${user.sourcedId}|${school}`);
    for (const agentSourcedId of user.agentSourcedIds) {
      const agent = liveUsers.get(agentSourcedId);
      if (!agent) continue;
      const [parent, student] = user.role === 'student' ? [agent, user] : [user, agent];
      if (student.role !== 'student' || !isParentRole(parent.role)) continue;
      links.add(`${parent.sourcedId}|${student.sourcedId}`);
      addToSetMap(parentsByStudent, student.sourcedId, parent.sourcedId);
    }
  }
  return { liveUsers, liveClasses, liveEnrollments, studentsWithEnrollment, teachersByClass, memberships, links, parentsByStudent };
}

function indexBookmarked(rows: BookmarkedRows) {
  const districtId = rows.district.id;
  const liveSchools = new Map<number, string | null>();
  for (const school of rows.schools) if (school.districtId === districtId && !school.deletedAt) liveSchools.set(school.id, school.sourcedId);
  const liveUsers = new Map<number, BookmarkedUserRow>();
  const liveUsersBySourcedId = new Map<string, BookmarkedUserRow>();
  const liveParents: BookmarkedUserRow[] = [];
  for (const user of rows.users) {
    if (user.districtId !== districtId || user.deletedAt) continue;
    liveUsers.set(user.id, user);
    if (user.sourcedId) liveUsersBySourcedId.set(user.sourcedId, user);
    if (user.role === 'parent') liveParents.push(user);
  }
  const liveClasses = new Map<number, string | null>();
  for (const klass of rows.classes) if (!klass.deletedAt && liveSchools.has(klass.schoolId)) liveClasses.set(klass.id, klass.sourcedId);

  const liveEnrollments = new Set<string>();
  const teachersByClass = new Map<string, Set<string>>();
  for (const enrollment of rows.enrollments) {
    if (enrollment.deletedAt || !liveClasses.has(enrollment.classId)) continue;
    const user = liveUsers.get(enrollment.userId);
    if (!user) continue;
    if (enrollment.sourcedId) liveEnrollments.add(enrollment.sourcedId);
    const classSourcedId = liveClasses.get(enrollment.classId);
    if (enrollment.role === 'teacher' && classSourcedId && user.sourcedId) addToSetMap(teachersByClass, classSourcedId, user.sourcedId);
  }

  const memberships = new Set<string>();
  for (const membership of rows.userSchools) {
    if (membership.deletedAt) continue;
    const userSourcedId = liveUsers.get(membership.userId)?.sourcedId;
    const schoolSourcedId = liveSchools.get(membership.schoolId);
    if (userSourcedId && schoolSourcedId) memberships.add(`${userSourcedId}|${schoolSourcedId}`);
  }

  const links = new Set<string>();
  const sisLinks = new Set<string>();
  const linkedStudentSourcedIds = new Map<number, Set<string>>();
  for (const link of rows.guardianships) {
    if (link.deletedAt) continue;
    const parent = liveUsers.get(link.parentId);
    const student = liveUsers.get(link.studentId);
    if (!parent || !student) continue;
    // A link to an account without a sourcedId can never be in the source: key it by row id.
    const key = parent.sourcedId && student.sourcedId ? `${parent.sourcedId}|${student.sourcedId}` : `row:${link.id}`;
    links.add(key);
    if (link.origin === 'sis') sisLinks.add(key);
    if (student.sourcedId) addToSetMap(linkedStudentSourcedIds, parent.id, student.sourcedId);
  }

  const districtRunIds = new Set(rows.syncRuns.filter((run) => run.districtId === districtId).map((run) => run.id));
  const liveClassSourcedIds = new Set<string>();
  for (const sourcedId of liveClasses.values()) if (sourcedId) liveClassSourcedIds.add(sourcedId);
  const liveSchoolSourcedIds = new Set<string>();
  for (const sourcedId of liveSchools.values()) if (sourcedId) liveSchoolSourcedIds.add(sourcedId);
  return {
    liveUsersBySourcedId,
    liveParents,
    liveClassSourcedIds,
    liveSchoolSourcedIds,
    liveEnrollments,
    teachersByClass,
    memberships,
    links,
    sisLinks,
    linkedStudentSourcedIds,
    districtRunIds,
  };
}

function addToSetMap<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
