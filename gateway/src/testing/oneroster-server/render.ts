import {
  type OneRosterTestRoster,
  rolesOf,
  type TestAcademicSession,
  type TestClass,
  type TestCourse,
  type TestEnrollment,
  type TestOrg,
  type TestUser,
} from './roster-data';

export type RestVersion = '1.1' | '1.2';

export type Json = Record<string, unknown>;

/** A roster rendered as one version's REST JSON, with the indexes the routes need. */
export interface RenderedRoster {
  orgs: Json[];
  users: Json[];
  classes: Json[];
  enrollments: Json[];
  courses: Json[];
  academicSessions: Json[];
  /** The plain data each rendered record came from, by sourcedId. */
  source: {
    users: Map<string, TestUser>;
    orgs: Map<string, TestOrg>;
    classes: Map<string, TestClass>;
    enrollments: TestEnrollment[];
  };
}

const DATE_MODIFIED = '2025-08-04T09:30:00.000Z';

/**
 * Renders every record as a OneRoster server of `version` sends it: 1.1 users carry `role`
 * and `orgs` (and `enabledUser` as the string "true", as ClassLink sends it); 1.2 users carry
 * `roles` with orgs and `primaryOrg` instead. References are guid refs with hrefs under `hrefBase`.
 */
export function renderRoster(options: { roster: OneRosterTestRoster; version: RestVersion; hrefBase: string }): RenderedRoster {
  const { roster, version, hrefBase } = options;
  const ref = (collection: string, type: string) => (sourcedId: string) => ({
    href: `${hrefBase}/${collection}/${encodeURIComponent(sourcedId)}`,
    sourcedId,
    type,
  });
  const orgRef = ref('orgs', 'org');
  const userRef = ref('users', 'user');
  const classRef = ref('classes', 'class');
  const courseRef = ref('courses', 'course');
  const sessionRef = ref('academicSessions', 'academicSession');
  const districtOrg = roster.orgs.find((org) => org.type === 'district')?.sourcedId ?? null;

  const renderOrg = (org: TestOrg): Json => ({
    sourcedId: org.sourcedId,
    status: org.status ?? 'active',
    dateLastModified: DATE_MODIFIED,
    name: org.name,
    type: org.type,
    identifier: org.identifier ?? '',
    parent: org.parentSourcedId ? orgRef(org.parentSourcedId) : null,
    children: roster.orgs.filter((child) => child.parentSourcedId === org.sourcedId).map((child) => orgRef(child.sourcedId)),
  });

  const renderUser = (user: TestUser): Json => {
    const common: Json = {
      sourcedId: user.sourcedId,
      status: user.status ?? 'active',
      dateLastModified: DATE_MODIFIED,
      username: user.username ?? '',
      userIds: user.identifier ? [{ type: 'SIS', identifier: user.identifier }] : [],
      givenName: user.givenName,
      familyName: user.familyName,
      middleName: user.middleName ?? '',
      identifier: user.identifier ?? '',
      email: user.email ?? '',
      sms: '',
      phone: user.phone ?? '',
      agents: (user.agentSourcedIds ?? []).map(userRef),
      grades: user.grades ?? [],
    };
    if (version === '1.1') {
      return { ...common, enabledUser: user.enabledUser ?? 'true', role: user.role, orgs: user.orgSourcedIds.map(orgRef) };
    }
    const roles = rolesOf(user, districtOrg);
    const primary = roles.find((role) => role.roleType === 'primary') ?? roles[0];
    return {
      ...common,
      enabledUser: user.enabledUser ?? true,
      userMasterIdentifier: user.identifier ?? '',
      preferredFirstName: '',
      preferredMiddleName: '',
      preferredLastName: '',
      pronouns: '',
      roles: roles.map((role) => ({
        roleType: role.roleType,
        role: role.role,
        org: orgRef(role.orgSourcedId),
        userProfile: null,
        beginDate: role.beginDate ?? null,
        endDate: role.endDate ?? null,
      })),
      userProfiles: [],
      primaryOrg: primary ? orgRef(primary.orgSourcedId) : null,
    };
  };

  const renderClass = (value: TestClass): Json => ({
    sourcedId: value.sourcedId,
    status: value.status ?? 'active',
    dateLastModified: DATE_MODIFIED,
    title: value.title,
    classCode: value.classCode ?? '',
    classType: value.classType ?? 'scheduled',
    location: value.location ?? '',
    grades: value.grades ?? [],
    subjects: value.subjects ?? [],
    course: value.courseSourcedId ? courseRef(value.courseSourcedId) : null,
    school: orgRef(value.schoolSourcedId),
    terms: (value.termSourcedIds ?? []).map(sessionRef),
    subjectCodes: [],
    periods: value.periods ?? [],
  });

  const classSchool = new Map(roster.classes.map((value) => [value.sourcedId, value.schoolSourcedId]));
  const renderEnrollment = (enrollment: TestEnrollment): Json => {
    const schoolId = enrollment.schoolSourcedId ?? classSchool.get(enrollment.classSourcedId) ?? null;
    return {
      sourcedId: enrollment.sourcedId,
      status: enrollment.status ?? 'active',
      dateLastModified: DATE_MODIFIED,
      user: userRef(enrollment.userSourcedId),
      class: classRef(enrollment.classSourcedId),
      school: schoolId ? orgRef(schoolId) : null,
      role: enrollment.role,
      primary: enrollment.primary ?? false,
      beginDate: enrollment.beginDate ?? null,
      endDate: enrollment.endDate ?? null,
    };
  };

  const renderCourse = (course: TestCourse): Json => ({
    sourcedId: course.sourcedId,
    status: course.status ?? 'active',
    dateLastModified: DATE_MODIFIED,
    title: course.title,
    schoolYear: course.schoolYearSourcedId ? sessionRef(course.schoolYearSourcedId) : null,
    courseCode: course.courseCode ?? '',
    grades: course.grades ?? [],
    subjects: course.subjects ?? [],
    org: course.orgSourcedId ? orgRef(course.orgSourcedId) : null,
  });

  const renderSession = (session: TestAcademicSession): Json => ({
    sourcedId: session.sourcedId,
    status: session.status ?? 'active',
    dateLastModified: DATE_MODIFIED,
    title: session.title,
    type: session.type,
    startDate: session.startDate ?? null,
    endDate: session.endDate ?? null,
    parent: session.parentSourcedId ? sessionRef(session.parentSourcedId) : null,
    children: [],
    schoolYear: session.schoolYear ?? null,
  });

  return {
    orgs: roster.orgs.map(renderOrg),
    users: roster.users.map(renderUser),
    classes: roster.classes.map(renderClass),
    enrollments: roster.enrollments.map(renderEnrollment),
    courses: (roster.courses ?? []).map(renderCourse),
    academicSessions: (roster.academicSessions ?? []).map(renderSession),
    source: {
      users: new Map(roster.users.map((user) => [user.sourcedId, user])),
      orgs: new Map(roster.orgs.map((org) => [org.sourcedId, org])),
      classes: new Map(roster.classes.map((value) => [value.sourcedId, value])),
      enrollments: roster.enrollments,
    },
  };
}

/** The orgs a user belongs to in a version: 1.1 `orgs`, 1.2 the orgs of its roles. */
export function userOrgIds(user: Json): string[] {
  const refs = Array.isArray(user.roles)
    ? (user.roles as Json[]).map((role) => role.org as Json | null)
    : ((user.orgs as Json[] | undefined) ?? []);
  return refs.map((ref) => (ref?.sourcedId as string | undefined) ?? '').filter(Boolean);
}

/** A user's role in a version: 1.1 `role`; 1.2 its primary role (else first). */
export function userRole(user: Json): string {
  if (typeof user.role === 'string') return user.role;
  const roles = (user.roles as Json[] | undefined) ?? [];
  const primary = roles.find((role) => role.roleType === 'primary') ?? roles[0];
  return (primary?.role as string | undefined) ?? '';
}
