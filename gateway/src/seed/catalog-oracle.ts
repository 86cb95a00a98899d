import type { BookmarkedUserRow, DiagnosticStatus, FindingKind, GeneratedDistrict, SourceUser, ToolCall } from './district-model';

/**
 * A slow, in-memory restatement of the rule book (contract/DIAGNOSTICS.md) over a generated
 * district, used only to check the catalogue's hand-written expectations: when the two agree,
 * a planted fault's expected answer is not a slip of the pen. Not the diagnostics: no SQL, no
 * batching, no messages; it answers with a status and the kinds of the findings.
 *
 * `pairing` covers the one reading the rule book leaves open for Student Search: whether a
 * record matching the query in one system is paired with its twin even when the twin does not
 * match the query itself. The catalogue avoids depending on it; its spec runs both.
 */
export interface OracleAnswer {
  status: DiagnosticStatus;
  kinds: FindingKind[];
}

export type OraclePairing = 'twin-lookup' | 'matched-only';

const PARENT_ROLES = new Set(['parent', 'guardian', 'relative']);

export function createCatalogOracle(district: GeneratedDistrict) {
  const model = indexDistrict(district);
  return (call: ToolCall, options: { pairing?: OraclePairing } = {}): OracleAnswer => {
    switch (call.tool) {
      case 'studentSearch':
        return studentSearch(model, call.input.query, options.pairing ?? 'twin-lookup');
      case 'studentMismatch':
        return studentMismatch(model, call.input.parentEmail, call.input.studentName);
      case 'missingData':
        return missingData(model, call.input.studentName, call.input.school);
      case 'parentEmailConflicts':
        return parentEmailConflicts(model, call.input.parentEmail);
      case 'campusTransfer':
        return campusTransfer(model, call.input.studentName, call.input.oldCampus, call.input.newCampus);
    }
  };
}

type Model = ReturnType<typeof indexDistrict>;

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

function parseName(input: string): { given: string; family: string } | null {
  const folded = foldName(input);
  if (folded.includes(',')) {
    const [family = '', ...rest] = folded.split(',');
    const given = rest.join(' ').trim().split(' ')[0] ?? '';
    return family.trim() && given ? { given, family: family.trim() } : null;
  }
  const words = folded.split(' ');
  return words.length >= 2 ? { given: words[0] as string, family: words[words.length - 1] as string } : null;
}

function nameMatches(person: { givenName: string; familyName: string }, name: { given: string; family: string }): boolean {
  return foldName(person.givenName).split(' ')[0] === name.given && foldName(person.familyName) === name.family;
}

function statusOf(kinds: FindingKind[]): DiagnosticStatus {
  if (kinds.some((kind) => kind.endsWith('_IN_SOURCE'))) return 'ISSUE_IN_SOURCE';
  return kinds.length > 0 ? 'ISSUE_IN_BOOKMARKED' : 'NO_ISSUE';
}

function answer(kinds: FindingKind[], status?: DiagnosticStatus): OracleAnswer {
  return { status: status ?? statusOf(kinds), kinds: [...kinds].sort() };
}

const INCONCLUSIVE: OracleAnswer = { status: 'INCONCLUSIVE', kinds: [] };

function indexDistrict(district: GeneratedDistrict) {
  const { source, bookmarked } = district;
  const schools = source.orgs.filter((org) => org.type === 'school' && org.status === 'active');
  const liveSchoolIds = new Set(schools.map((school) => school.sourcedId));
  const users = new Map<string, SourceUser>();
  for (const user of source.users) if (user.status === 'active') users.set(user.sourcedId, user);
  const classSchool = new Map<string, string>();
  for (const klass of source.classes) {
    if (klass.status === 'active' && liveSchoolIds.has(klass.schoolSourcedId))
      classSchool.set(klass.sourcedId, klass.schoolSourcedId);
  }
  const enrollments = source.enrollments.filter(
    (enrollment) =>
      enrollment.status === 'active' && classSchool.has(enrollment.classSourcedId) && users.has(enrollment.userSourcedId),
  );
  const liveEnrollmentIds = new Set(enrollments.map((enrollment) => enrollment.sourcedId));
  const teachers = new Map<string, Set<string>>();
  for (const enrollment of enrollments)
    if (enrollment.role === 'teacher') add(teachers, enrollment.classSourcedId, enrollment.userSourcedId);
  const parentsOf = new Map<string, Set<string>>();
  const childrenOf = new Map<string, Set<string>>();
  for (const user of users.values()) {
    for (const agentId of user.agentSourcedIds) {
      const agent = users.get(agentId);
      if (!agent) continue;
      const [parent, student] = user.role === 'student' ? [agent, user] : [user, agent];
      if (student.role !== 'student' || !PARENT_ROLES.has(parent.role)) continue;
      add(parentsOf, student.sourcedId, parent.sourcedId);
      add(childrenOf, parent.sourcedId, student.sourcedId);
    }
  }

  const bSchools = new Map(bookmarked.schools.filter((school) => !school.deletedAt).map((school) => [school.id, school]));
  const bUsers = new Map<number, BookmarkedUserRow>();
  for (const user of bookmarked.users) if (!user.deletedAt) bUsers.set(user.id, user);
  const bUsersBySourcedId = new Map<string, BookmarkedUserRow>();
  for (const user of bUsers.values()) if (user.sourcedId) bUsersBySourcedId.set(user.sourcedId, user);
  const bClasses = new Map(
    bookmarked.classes.filter((klass) => !klass.deletedAt && bSchools.has(klass.schoolId)).map((klass) => [klass.id, klass]),
  );
  const bClassBySourcedId = new Map([...bClasses.values()].map((klass) => [klass.sourcedId, klass]));
  const bEnrollments = bookmarked.enrollments.filter(
    (enrollment) => !enrollment.deletedAt && bClasses.has(enrollment.classId) && bUsers.has(enrollment.userId),
  );
  const bEnrollmentIds = new Set(bEnrollments.map((enrollment) => enrollment.sourcedId));
  const bTeachers = new Map<number, Set<string>>();
  for (const enrollment of bEnrollments) {
    if (enrollment.role === 'teacher')
      add(bTeachers, enrollment.classId, bUsers.get(enrollment.userId)?.sourcedId ?? `b:${enrollment.userId}`);
  }
  const bMemberships = new Map<number, Set<string>>();
  for (const membership of bookmarked.userSchools) {
    const school = bSchools.get(membership.schoolId);
    if (!membership.deletedAt && school && bUsers.has(membership.userId))
      add(bMemberships, membership.userId, school.sourcedId ?? `b:${school.id}`);
  }
  const bChildrenOf = new Map<number, Set<number>>();
  for (const link of bookmarked.guardianships) {
    if (!link.deletedAt && bUsers.has(link.parentId) && bUsers.has(link.studentId))
      add(bChildrenOf, link.parentId, link.studentId);
  }
  const runIds = new Set(bookmarked.syncRuns.filter((run) => run.districtId === bookmarked.district.id).map((run) => run.id));
  const rejected = new Set(bookmarked.syncErrors.filter((error) => runIds.has(error.syncRunId)).map((error) => error.sourcedId));

  return {
    schools,
    users,
    classSchool,
    enrollments,
    liveEnrollmentIds,
    teachers,
    parentsOf,
    childrenOf,
    bSchools,
    bUsers,
    bUsersBySourcedId,
    bClasses,
    bClassBySourcedId,
    bEnrollments,
    bEnrollmentIds,
    bTeachers,
    bMemberships,
    bChildrenOf,
    rejected,
  };
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function identityOf(row: BookmarkedUserRow): string {
  return row.sourcedId ?? `b:${row.id}`;
}

function sourceMemberships(model: Model, user: SourceUser): Set<string> {
  return new Set(user.orgSourcedIds.filter((id) => model.schools.some((school) => school.sourcedId === id)));
}

function sourceStudentsMatching(model: Model, name: { given: string; family: string }): SourceUser[] {
  return [...model.users.values()].filter((user) => user.role === 'student' && nameMatches(user, name));
}

function bookmarkedStudentsMatching(model: Model, name: { given: string; family: string }): BookmarkedUserRow[] {
  return [...model.bUsers.values()].filter((user) => user.role === 'student' && nameMatches(user, name));
}

function studentSearch(model: Model, rawQuery: string, pairing: OraclePairing): OracleAnswer {
  const query = rawQuery.trim();
  const students = [...model.users.values()].filter((user) => user.role === 'student');
  const bStudents = [...model.bUsers.values()].filter((user) => user.role === 'student');
  let matchSource: (user: SourceUser) => boolean;
  let matchBookmarked: (user: BookmarkedUserRow) => boolean;
  if (query.includes('@')) {
    matchSource = (user) => foldEmail(user.email) === foldEmail(query);
    matchBookmarked = (user) => foldEmail(user.email) === foldEmail(query);
  } else if (/^\d+$/.test(query)) {
    matchSource = (user) => user.identifier === query;
    matchBookmarked = (user) => user.identifier === query;
  } else if (students.some((user) => user.sourcedId === query) || bStudents.some((user) => user.sourcedId === query)) {
    matchSource = (user) => user.sourcedId === query;
    matchBookmarked = (user) => user.sourcedId === query;
  } else {
    const name = parseName(query);
    if (!name) return INCONCLUSIVE;
    matchSource = (user) => nameMatches(user, name);
    matchBookmarked = (user) => nameMatches(user, name);
  }
  const sourceHits = students.filter(matchSource);
  const bookmarkedHits = bStudents.filter(matchBookmarked);
  const identities = new Set([...sourceHits.map((user) => user.sourcedId), ...bookmarkedHits.map(identityOf)]);
  if (identities.size === 0) return INCONCLUSIVE;
  const kinds: FindingKind[] = [];
  for (const identity of identities) {
    const sourceUser =
      pairing === 'twin-lookup' ? model.users.get(identity) : sourceHits.find((user) => user.sourcedId === identity);
    const bookmarkedUser =
      pairing === 'twin-lookup'
        ? model.bUsersBySourcedId.get(identity)
        : bookmarkedHits.find((user) => identityOf(user) === identity);
    if (sourceUser && !bookmarkedUser) {
      kinds.push('STUDENT_NOT_IN_BOOKMARKED');
      if (model.rejected.has(identity)) kinds.push('IMPORT_REJECTED');
      continue;
    }
    if (!sourceUser || !bookmarkedUser) {
      kinds.push('STUDENT_NOT_IN_SOURCE');
      continue;
    }
    const differs =
      foldName(sourceUser.givenName) !== foldName(bookmarkedUser.givenName) ||
      foldName(sourceUser.familyName) !== foldName(bookmarkedUser.familyName) ||
      foldEmail(sourceUser.email) !== foldEmail(bookmarkedUser.email) ||
      (sourceUser.grade ?? '') !== (bookmarkedUser.grade ?? '') ||
      (sourceUser.identifier ?? '') !== (bookmarkedUser.identifier ?? '');
    if (differs) kinds.push('FIELD_MISMATCH');
    const sourceCampuses = sourceMemberships(model, sourceUser);
    const bookmarkedCampuses = model.bMemberships.get(bookmarkedUser.id) ?? new Set<string>();
    for (const campus of sourceCampuses) if (!bookmarkedCampuses.has(campus)) kinds.push('SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED');
    for (const campus of bookmarkedCampuses) if (!sourceCampuses.has(campus)) kinds.push('STALE_SCHOOL_MEMBERSHIP');
  }
  return answer(kinds);
}

function parentsWithEmail(model: Model, email: string) {
  const folded = foldEmail(email);
  const sourceParents = [...model.users.values()].filter(
    (user) => PARENT_ROLES.has(user.role) && foldEmail(user.email) === folded,
  );
  const bookmarkedParents = [...model.bUsers.values()].filter(
    (user) => user.role === 'parent' && foldEmail(user.email) === folded,
  );
  return { sourceParents, bookmarkedParents };
}

function studentMismatch(model: Model, email: string, studentName: string): OracleAnswer {
  const { sourceParents, bookmarkedParents } = parentsWithEmail(model, email);
  if (sourceParents.length === 0 && bookmarkedParents.length === 0) return INCONCLUSIVE;
  const linkedInSource = new Set<string>();
  for (const parent of sourceParents) for (const child of model.childrenOf.get(parent.sourcedId) ?? []) linkedInSource.add(child);
  const linkedInBookmarked = new Set<string>();
  for (const parent of bookmarkedParents) {
    for (const childId of model.bChildrenOf.get(parent.id) ?? []) {
      const child = model.bUsers.get(childId);
      if (child) linkedInBookmarked.add(identityOf(child));
    }
  }
  const name = parseName(studentName);
  if (!name) return INCONCLUSIVE;
  const named = (identity: string): boolean => {
    const sourceUser = model.users.get(identity);
    const bookmarkedUser =
      model.bUsersBySourcedId.get(identity) ?? [...model.bUsers.values()].find((user) => identityOf(user) === identity);
    return Boolean((sourceUser && nameMatches(sourceUser, name)) || (bookmarkedUser && nameMatches(bookmarkedUser, name)));
  };
  let candidates = [...new Set([...linkedInSource, ...linkedInBookmarked])].filter(named);
  if (candidates.length === 0) {
    candidates = [
      ...new Set([
        ...sourceStudentsMatching(model, name).map((user) => user.sourcedId),
        ...bookmarkedStudentsMatching(model, name).map(identityOf),
      ]),
    ];
  }
  if (candidates.length !== 1) return INCONCLUSIVE;
  const kinds: FindingKind[] = [];
  for (const identity of linkedInBookmarked) if (!linkedInSource.has(identity)) kinds.push('PHANTOM_PARENT_LINK');
  for (const identity of linkedInSource) if (!linkedInBookmarked.has(identity)) kinds.push('PARENT_LINK_NOT_IN_BOOKMARKED');
  if (new Set(sourceParents.map((parent) => parent.sourcedId)).size >= 2) kinds.push('DUPLICATE_EMAIL_IN_SOURCE');
  return answer(kinds, linkedInSource.has(candidates[0] as string) ? 'ISSUE_IN_SOURCE' : undefined);
}

function resolveCampus(model: Model, input: string): string | null {
  const trimmed = input.trim();
  const folded = foldName(input);
  const sourceSchool = model.schools.find(
    (school) => school.sourcedId === trimmed || school.identifier === trimmed || foldName(school.name) === folded,
  );
  if (sourceSchool) return sourceSchool.sourcedId;
  const bookmarkedSchool = [...model.bSchools.values()].find(
    (school) => school.sourcedId === trimmed || school.schoolCode === trimmed || foldName(school.name) === folded,
  );
  return bookmarkedSchool ? (bookmarkedSchool.sourcedId ?? `b:${bookmarkedSchool.id}`) : null;
}

/** The one student a name (and optional campus) designates, or null when none or several. */
function resolveStudent(
  model: Model,
  studentName: string,
  campus: string | null,
): { source: SourceUser | null; bookmarked: BookmarkedUserRow | null } | null {
  const name = parseName(studentName);
  if (!name) return null;
  const identities = new Set([
    ...sourceStudentsMatching(model, name).map((user) => user.sourcedId),
    ...bookmarkedStudentsMatching(model, name).map(identityOf),
  ]);
  const resolved = [...identities]
    .map((identity) => ({ source: model.users.get(identity) ?? null, bookmarked: model.bUsersBySourcedId.get(identity) ?? null }))
    .filter(
      (student) =>
        campus === null ||
        (student.source && sourceMemberships(model, student.source).has(campus)) ||
        (student.bookmarked && model.bMemberships.get(student.bookmarked.id)?.has(campus)),
    );
  return resolved.length === 1 ? (resolved[0] ?? null) : null;
}

function missingData(model: Model, studentName: string, school: string | undefined): OracleAnswer {
  const campus = school === undefined ? null : resolveCampus(model, school);
  if (school !== undefined && campus === null) return INCONCLUSIVE;
  const student = resolveStudent(model, studentName, campus);
  if (!student) return INCONCLUSIVE;
  if (!student.source) return answer(['STUDENT_NOT_IN_SOURCE']);
  const kinds: FindingKind[] = [];
  const sourcedId = student.source.sourcedId;
  if (!student.bookmarked) {
    kinds.push('STUDENT_NOT_IN_BOOKMARKED');
    if (model.rejected.has(sourcedId)) kinds.push('IMPORT_REJECTED');
  }
  const own = model.enrollments.filter((enrollment) => enrollment.userSourcedId === sourcedId && enrollment.role === 'student');
  if (own.length === 0) kinds.push('ENROLLMENT_NOT_IN_SOURCE');
  const classesSeen = new Set<string>();
  for (const enrollment of own) {
    const bookmarkedClass = model.bClassBySourcedId.get(enrollment.classSourcedId);
    if (!classesSeen.has(enrollment.classSourcedId)) {
      classesSeen.add(enrollment.classSourcedId);
      if (!bookmarkedClass) {
        kinds.push('CLASS_NOT_IN_BOOKMARKED');
        if (model.rejected.has(enrollment.classSourcedId)) kinds.push('IMPORT_REJECTED');
      } else {
        const sourceTeachers = [...(model.teachers.get(enrollment.classSourcedId) ?? [])].sort().join(',');
        const bookmarkedTeachers = [...(model.bTeachers.get(bookmarkedClass.id) ?? [])].sort().join(',');
        if (sourceTeachers !== bookmarkedTeachers) kinds.push('TEACHER_MISMATCH');
      }
    }
    if (!model.bEnrollmentIds.has(enrollment.sourcedId)) {
      kinds.push('ENROLLMENT_NOT_IN_BOOKMARKED');
      if (model.rejected.has(enrollment.sourcedId)) kinds.push('IMPORT_REJECTED');
    }
  }
  return answer(kinds);
}

function parentEmailConflicts(model: Model, email: string): OracleAnswer {
  const { sourceParents, bookmarkedParents } = parentsWithEmail(model, email);
  if (sourceParents.length === 0 && bookmarkedParents.length === 0) return INCONCLUSIVE;
  const kinds: FindingKind[] = [];
  if (new Set(sourceParents.map((parent) => parent.sourcedId)).size >= 2) kinds.push('DUPLICATE_EMAIL_IN_SOURCE');
  if (bookmarkedParents.length >= 2) kinds.push('DUPLICATE_ACCOUNT_IN_BOOKMARKED');
  const folded = foldEmail(email);
  for (const account of bookmarkedParents) {
    const people = new Set<string>();
    for (const childId of model.bChildrenOf.get(account.id) ?? []) {
      const childSourcedId = model.bUsers.get(childId)?.sourcedId;
      for (const parentId of (childSourcedId && model.parentsOf.get(childSourcedId)) || []) {
        if (foldEmail(model.users.get(parentId)?.email) === folded) people.add(parentId);
      }
    }
    if (people.size >= 2) kinds.push('MERGED_ACCOUNT_IN_BOOKMARKED');
    const twin = account.sourcedId ? model.users.get(account.sourcedId) : undefined;
    if (twin && PARENT_ROLES.has(twin.role)) {
      if (foldName(twin.givenName) !== foldName(account.givenName) || foldName(twin.familyName) !== foldName(account.familyName))
        kinds.push('FIELD_MISMATCH');
    }
  }
  return answer(kinds);
}

function campusTransfer(model: Model, studentName: string, oldInput: string, newInput: string): OracleAnswer {
  const oldCampus = resolveCampus(model, oldInput);
  const newCampus = resolveCampus(model, newInput);
  if (!oldCampus || !newCampus) return INCONCLUSIVE;
  const student = resolveStudent(model, studentName, null);
  if (!student) return INCONCLUSIVE;
  const sourcedId = student.source?.sourcedId ?? student.bookmarked?.sourcedId ?? '';
  const ownEnrollments = model.enrollments.filter((enrollment) => enrollment.userSourcedId === sourcedId);
  const sourceLists = (campus: string): boolean =>
    Boolean(student.source && sourceMemberships(model, student.source).has(campus)) ||
    ownEnrollments.some((enrollment) => model.classSchool.get(enrollment.classSourcedId) === campus);
  const listsOld = sourceLists(oldCampus);
  const listsNew = sourceLists(newCampus);
  const kinds: FindingKind[] = [];
  if (listsOld || !listsNew) kinds.push('TRANSFER_NOT_IN_SOURCE');
  const bookmarkedCampuses = student.bookmarked
    ? (model.bMemberships.get(student.bookmarked.id) ?? new Set<string>())
    : new Set<string>();
  if (!listsOld && bookmarkedCampuses.has(oldCampus)) kinds.push('STALE_SCHOOL_MEMBERSHIP');
  if (student.bookmarked) {
    for (const enrollment of model.bEnrollments) {
      if (enrollment.userId !== student.bookmarked.id) continue;
      const klass = model.bClasses.get(enrollment.classId);
      if (
        klass &&
        model.bSchools.get(klass.schoolId)?.sourcedId === oldCampus &&
        !model.liveEnrollmentIds.has(enrollment.sourcedId ?? '')
      ) {
        kinds.push('PHANTOM_ENROLLMENT');
      }
    }
  }
  if (listsNew && !bookmarkedCampuses.has(newCampus)) kinds.push('SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED');
  for (const enrollment of ownEnrollments) {
    if (model.classSchool.get(enrollment.classSourcedId) !== newCampus || model.bEnrollmentIds.has(enrollment.sourcedId))
      continue;
    kinds.push('ENROLLMENT_NOT_IN_BOOKMARKED');
    if (model.rejected.has(enrollment.sourcedId)) kinds.push('IMPORT_REJECTED');
  }
  return answer(kinds);
}
