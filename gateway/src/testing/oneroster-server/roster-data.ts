import type { SourceRoster } from '../../seed/district-model';

/**
 * The roster a test OneRoster server serves, as plain data in OneRoster terms. One roster is
 * served as 1.1 and as 1.2: a user's 1.1 `role` and `orgSourcedIds` become 1.2 `roles`
 * (the first org primary) unless `roles` is given.
 */

export type TestStatus = 'active' | 'tobedeleted';

export interface TestOrg {
  sourcedId: string;
  status?: TestStatus;
  name: string;
  type: string;
  identifier?: string | null;
  parentSourcedId?: string | null;
}

export interface TestUserRole {
  roleType: 'primary' | 'secondary';
  role: string;
  orgSourcedId: string;
  beginDate?: string | null;
  endDate?: string | null;
}

export interface TestUser {
  sourcedId: string;
  status?: TestStatus;
  /** As servers send it: ClassLink sends the string "true". Default: "true" in 1.1, true in 1.2. */
  enabledUser?: boolean | 'true' | 'false';
  /** The 1.1 role. */
  role: string;
  orgSourcedIds: string[];
  /** The 1.2 roles; derived from `role` and `orgSourcedIds` when absent. */
  roles?: TestUserRole[];
  username?: string;
  givenName: string;
  familyName: string;
  middleName?: string | null;
  identifier?: string | null;
  email?: string | null;
  phone?: string | null;
  grades?: string[];
  agentSourcedIds?: string[];
}

export interface TestClass {
  sourcedId: string;
  status?: TestStatus;
  title: string;
  classCode?: string | null;
  classType?: string;
  location?: string | null;
  schoolSourcedId: string;
  courseSourcedId?: string | null;
  termSourcedIds?: string[];
  grades?: string[];
  subjects?: string[];
  periods?: string[];
}

export interface TestEnrollment {
  sourcedId: string;
  status?: TestStatus;
  classSourcedId: string;
  schoolSourcedId?: string | null;
  userSourcedId: string;
  role: string;
  primary?: boolean;
  beginDate?: string | null;
  endDate?: string | null;
}

export interface TestCourse {
  sourcedId: string;
  status?: TestStatus;
  title: string;
  courseCode?: string | null;
  orgSourcedId?: string | null;
  schoolYearSourcedId?: string | null;
  grades?: string[];
  subjects?: string[];
}

export interface TestAcademicSession {
  sourcedId: string;
  status?: TestStatus;
  title: string;
  type: string;
  startDate?: string | null;
  endDate?: string | null;
  parentSourcedId?: string | null;
  schoolYear?: string | null;
}

export interface OneRosterTestRoster {
  orgs: TestOrg[];
  users: TestUser[];
  classes: TestClass[];
  enrollments: TestEnrollment[];
  courses?: TestCourse[];
  academicSessions?: TestAcademicSession[];
}

/**
 * A user's 1.2 roles: as given, else one per org of its 1.1 role, the first primary. A user
 * without orgs gets its role at `fallbackOrgId` (the district), since a 1.2 role needs an org
 * (the seed's bundle writer does the same).
 */
export function rolesOf(user: TestUser, fallbackOrgId: string | null): TestUserRole[] {
  if (user.roles) return user.roles;
  const orgs = user.orgSourcedIds.length > 0 ? user.orgSourcedIds : fallbackOrgId ? [fallbackOrgId] : [];
  return orgs.map((orgSourcedId, index) => ({
    roleType: index === 0 ? 'primary' : 'secondary',
    role: user.role,
    orgSourcedId,
  }));
}

type CsvRows = readonly (readonly string[])[];

/**
 * The roster of a OneRoster 1.1 CSV bundle given as rows (test-bundles.ts `sampleDistrict11()`),
 * with roles.csv rows, when present, as the users' 1.2 roles. Blank status means active.
 */
export function rosterFromCsvFiles(files: Readonly<Record<string, CsvRows>>): OneRosterTestRoster {
  const rows = (name: string) => objects(files[name] ?? []);
  const list = (value: string | undefined) =>
    value
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [];
  const status = (value: string | undefined): TestStatus | undefined =>
    value?.toLowerCase() === 'tobedeleted' ? 'tobedeleted' : value ? 'active' : undefined;
  const blankToNull = (value: string | undefined) => (value ? value : null);

  const hasRoles = files['roles.csv'] !== undefined;
  const rolesByUser = new Map<string, TestUserRole[]>();
  for (const row of rows('roles.csv')) {
    if (status(row.status) === 'tobedeleted') continue;
    const roles = rolesByUser.get(row.userSourcedId ?? '') ?? [];
    roles.push({
      roleType: row.roleType === 'primary' ? 'primary' : 'secondary',
      role: row.role ?? '',
      orgSourcedId: row.orgSourcedId ?? '',
      beginDate: blankToNull(row.beginDate),
      endDate: blankToNull(row.endDate),
    });
    rolesByUser.set(row.userSourcedId ?? '', roles);
  }

  return {
    orgs: rows('orgs.csv').map((row) => ({
      sourcedId: row.sourcedId ?? '',
      status: status(row.status),
      name: row.name ?? '',
      type: row.type ?? '',
      identifier: blankToNull(row.identifier),
      parentSourcedId: blankToNull(row.parentSourcedId),
    })),
    users: rows('users.csv').map((row) => ({
      sourcedId: row.sourcedId ?? '',
      status: status(row.status),
      role: row.role ?? '',
      orgSourcedIds: list(row.orgSourcedIds),
      // With a roles.csv, a user without role rows has no 1.2 role (and is not exposed), as in the bundle.
      roles: rolesByUser.get(row.sourcedId ?? '') ?? (hasRoles ? [] : undefined),
      username: row.username ?? '',
      givenName: row.givenName ?? '',
      familyName: row.familyName ?? '',
      middleName: blankToNull(row.middleName),
      identifier: blankToNull(row.identifier),
      email: blankToNull(row.email),
      phone: blankToNull(row.phone),
      grades: list(row.grades),
      agentSourcedIds: list(row.agentSourcedIds),
    })),
    classes: rows('classes.csv').map((row) => ({
      sourcedId: row.sourcedId ?? '',
      status: status(row.status),
      title: row.title ?? '',
      classCode: blankToNull(row.classCode),
      classType: row.classType || 'scheduled',
      location: blankToNull(row.location),
      schoolSourcedId: row.schoolSourcedId ?? '',
      courseSourcedId: blankToNull(row.courseSourcedId),
      termSourcedIds: list(row.termSourcedIds),
      grades: list(row.grades),
      subjects: list(row.subjects),
      periods: list(row.periods),
    })),
    enrollments: rows('enrollments.csv').map((row) => ({
      sourcedId: row.sourcedId ?? '',
      status: status(row.status),
      classSourcedId: row.classSourcedId ?? '',
      schoolSourcedId: blankToNull(row.schoolSourcedId),
      userSourcedId: row.userSourcedId ?? '',
      role: row.role ?? '',
      primary: row.primary === 'true',
      beginDate: blankToNull(row.beginDate),
      endDate: blankToNull(row.endDate),
    })),
    courses: rows('courses.csv').map((row) => ({
      sourcedId: row.sourcedId ?? '',
      status: status(row.status),
      title: row.title ?? '',
      courseCode: blankToNull(row.courseCode),
      orgSourcedId: blankToNull(row.orgSourcedId),
      schoolYearSourcedId: blankToNull(row.schoolYearSourcedId),
      grades: list(row.grades),
      subjects: list(row.subjects),
    })),
    academicSessions: rows('academicSessions.csv').map((row) => ({
      sourcedId: row.sourcedId ?? '',
      status: status(row.status),
      title: row.title ?? '',
      type: row.type ?? '',
      startDate: blankToNull(row.startDate),
      endDate: blankToNull(row.endDate),
      parentSourcedId: blankToNull(row.parentSourcedId),
      schoolYear: blankToNull(row.schoolYear),
    })),
  };
}

/** The SIS side of a generated district (gateway/src/seed) as a test server roster. */
export function rosterFromSeed(source: SourceRoster): OneRosterTestRoster {
  return {
    orgs: source.orgs.map((org) => ({
      sourcedId: org.sourcedId,
      status: org.status,
      name: org.name,
      type: org.type,
      identifier: org.identifier,
      parentSourcedId: org.parentSourcedId,
    })),
    users: source.users.map((user) => ({
      sourcedId: user.sourcedId,
      status: user.status,
      role: user.role,
      orgSourcedIds: [...user.orgSourcedIds],
      username: user.username,
      givenName: user.givenName,
      familyName: user.familyName,
      middleName: user.middleName,
      identifier: user.identifier,
      email: user.email,
      phone: user.phone,
      grades: user.grade ? [user.grade] : [],
      agentSourcedIds: [...user.agentSourcedIds],
    })),
    classes: source.classes.map((value) => ({
      sourcedId: value.sourcedId,
      status: value.status,
      title: value.title,
      classCode: value.classCode,
      classType: value.classType,
      location: value.location,
      schoolSourcedId: value.schoolSourcedId,
      courseSourcedId: value.courseSourcedId,
      termSourcedIds: [...value.termSourcedIds],
      grades: [...value.grades],
      subjects: [...value.subjects],
      periods: [...value.periods],
    })),
    enrollments: source.enrollments.map((enrollment) => ({
      sourcedId: enrollment.sourcedId,
      status: enrollment.status,
      classSourcedId: enrollment.classSourcedId,
      schoolSourcedId: enrollment.schoolSourcedId,
      userSourcedId: enrollment.userSourcedId,
      role: enrollment.role,
      primary: enrollment.primary,
      beginDate: enrollment.beginDate,
      endDate: enrollment.endDate,
    })),
    courses: source.courses.map((course) => ({
      sourcedId: course.sourcedId,
      status: course.status,
      title: course.title,
      courseCode: course.courseCode,
      orgSourcedId: course.orgSourcedId,
      schoolYearSourcedId: course.schoolYearSourcedId,
      grades: [...course.grades],
      subjects: [...course.subjects],
    })),
    academicSessions: source.academicSessions.map((session) => ({
      sourcedId: session.sourcedId,
      status: session.status,
      title: session.title,
      type: session.type,
      startDate: session.startDate,
      endDate: session.endDate,
      parentSourcedId: session.parentSourcedId,
      schoolYear: session.schoolYear,
    })),
  };
}

function objects(rows: CsvRows): Record<string, string>[] {
  const [header = [], ...data] = rows;
  return data.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}
