import type { PersonRole } from '../../domain/roster';

export type OneRosterVersion = '1.1' | '1.2';

export const ONEROSTER_VERSIONS: readonly OneRosterVersion[] = ['1.1', '1.2'];

/** The files this reader uses. Other files a bundle carries (lineItems, results...) are ignored. */
export const BUNDLE_FILES = {
  manifest: 'manifest.csv',
  orgs: 'orgs.csv',
  users: 'users.csv',
  roles: 'roles.csv',
  classes: 'classes.csv',
  courses: 'courses.csv',
  enrollments: 'enrollments.csv',
  academicSessions: 'academicSessions.csv',
  demographics: 'demographics.csv',
} as const;

/** Files without which the bundle cannot answer anything; 1.2 adds roles.csv (roles and campuses live there). */
export const REQUIRED_FILES = ['orgs.csv', 'users.csv', 'classes.csv', 'enrollments.csv'] as const;

/**
 * Columns each file must have: the ones this reader depends on. `status` and
 * `dateLastModified` are read when present (sloppy bulk exports drop them); unknown extra
 * columns are fine.
 */
export const REQUIRED_COLUMNS = {
  manifest: ['propertyName', 'value'],
  orgs: ['sourcedId', 'name', 'type'],
  users11: ['sourcedId', 'orgSourcedIds', 'role', 'givenName', 'familyName'],
  users12: ['sourcedId', 'givenName', 'familyName'],
  roles: ['sourcedId', 'userSourcedId', 'roleType', 'role', 'orgSourcedId'],
  classes: ['sourcedId', 'title', 'schoolSourcedId'],
  courses: ['sourcedId', 'title'],
  enrollments: ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'],
  academicSessions: ['sourcedId', 'title', 'type'],
  demographics: ['sourcedId'],
} as const;

/** Bulk files leave status blank; delta files say active or tobedeleted. */
export const STATUS_VALUES = ['active', 'tobedeleted'] as const;

export const MANIFEST_FILE_MODES = ['absent', 'bulk', 'delta'] as const;

export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;

export const ACADEMIC_SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;

export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;

export const ROLE_TYPES = ['primary', 'secondary'] as const;

/** users.role in 1.1. */
export const USER_ROLES_11 = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
] as const;

/** roles.role in 1.2 (plus `ext:` values); `administrator` is 1.1's word, still seen in 1.2 exports. */
export const USER_ROLES_12 = [
  'administrator',
  'aide',
  'counselor',
  'districtAdministrator',
  'guardian',
  'parent',
  'principal',
  'proctor',
  'relative',
  'siteAdministrator',
  'student',
  'systemAdministrator',
  'teacher',
] as const;

/**
 * How a source role shows up as a person. Parents, guardians and relatives are all parents
 * (the rule book). Aides, proctors and `ext:` roles are not exposed as people at all:
 * Bookmarked has no such role, and calling them administrators would invent staff accounts
 * the platform never imports, so every comparison would report them missing.
 */
const PERSON_ROLE_BY_SOURCE_ROLE: ReadonlyMap<string, PersonRole> = new Map([
  ['student', 'student'],
  ['teacher', 'teacher'],
  ['parent', 'parent'],
  ['guardian', 'parent'],
  ['relative', 'parent'],
  ['administrator', 'administrator'],
  ['districtadministrator', 'administrator'],
  ['siteadministrator', 'administrator'],
  ['systemadministrator', 'administrator'],
  ['principal', 'administrator'],
  ['counselor', 'administrator'],
]);

/** The person role for a source role (any case), or null when such users are not exposed. */
export function personRoleFor(sourceRole: string): PersonRole | null {
  return PERSON_ROLE_BY_SOURCE_ROLE.get(sourceRole.toLowerCase()) ?? null;
}

/**
 * Matches a value against an enum case-insensitively and returns the spelling the spec uses,
 * or null when it is not a member. `ext:` values pass through when the version allows them.
 */
export function matchEnum(options: { value: string; allowed: readonly string[]; allowExtensions?: boolean }): string | null {
  const { value, allowed } = options;
  if (options.allowExtensions && /^ext:\S+/i.test(value)) return value;
  const lower = value.toLowerCase();
  return allowed.find((member) => member.toLowerCase() === lower) ?? null;
}

/** Comma-separated OneRoster list field (orgSourcedIds, agentSourcedIds, grades). */
export function splitList(value: string): string[] {
  if (!value) return [];
  // Most lists hold one item (a user's school, a student's grade): no array of pieces for them.
  if (value.indexOf(',') < 0) {
    const item = value.trim();
    return item ? [item] : [];
  }
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
