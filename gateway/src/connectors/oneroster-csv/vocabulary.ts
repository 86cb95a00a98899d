import type { EnrollmentRole, PersonRole } from '../../domain/roster';

/**
 * The OneRoster value sets the reader checks, and how source roles map onto domain roles.
 * Values are matched case-insensitively (real exports write `Student` as often as `student`)
 * and stored in the spelling of the spec.
 */

export type OneRosterVersion = '1.1' | '1.2';

export const ONEROSTER_VERSIONS: readonly OneRosterVersion[] = ['1.1', '1.2'];

/** Blank (a bulk file) counts as active. */
export const STATUS_VALUES = ['active', 'tobedeleted'] as const;

export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;

/**
 * users.role (1.1) and roles.role (1.2). The 1.2 vocabulary is accepted in 1.1 files too: an
 * export that writes `districtAdministrator` in a 1.1 users.csv is sloppy, not unreadable.
 */
export const USER_ROLES = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
  'counselor',
  'districtAdministrator',
  'principal',
  'siteAdministrator',
  'systemAdministrator',
] as const;

export const ENROLLMENT_ROLES = ['administrator', 'aide', 'proctor', 'student', 'teacher'] as const;

export const ROLE_TYPES = ['primary', 'secondary'] as const;

export const MANIFEST_FILE_MODES = ['absent', 'bulk', 'delta'] as const;

/** 1.2 lets a district extend role and org-type vocabularies with `ext:` values. */
export const EXTENSION_PREFIX = 'ext:';

/**
 * A source role onto the four roles the platform knows.
 * - guardian, parent, relative are parents (the rule book).
 * - Every staff role that is not a teacher, aide and proctor included, is an administrator:
 *   they are real accounts in the SIS, and dropping them would report a person the district
 *   has as missing from it. `sourceRole` keeps the original.
 * - `ext:` roles are district-specific staff roles; treated the same way.
 */
export function personRoleOf(sourceRole: string): PersonRole {
  switch (sourceRole) {
    case 'student':
      return 'student';
    case 'teacher':
      return 'teacher';
    case 'parent':
    case 'guardian':
    case 'relative':
      return 'parent';
    default:
      return 'administrator';
  }
}

/** Only student and teacher enrollments are enrollments in the domain; the rest are staff access. */
export function enrollmentRoleOf(sourceRole: string): EnrollmentRole | null {
  return sourceRole === 'student' || sourceRole === 'teacher' ? sourceRole : null;
}

/** A closed set of values, looked up case-insensitively; optionally open to `ext:` extensions. */
export interface Vocabulary {
  readonly values: readonly string[];
  readonly allowsExtensions: boolean;
  /** The spec spelling of `value`, the value itself for an `ext:` extension, or null when it is not allowed. */
  canonical(value: string): string | null;
}

export function vocabulary(values: readonly string[], options: { allowExtensions?: boolean } = {}): Vocabulary {
  const byLowerCase = new Map(values.map((value) => [value.toLowerCase(), value]));
  const allowsExtensions = options.allowExtensions ?? false;
  return {
    values,
    allowsExtensions,
    canonical(value) {
      const known = byLowerCase.get(value.toLowerCase());
      if (known !== undefined) return known;
      const isExtension =
        allowsExtensions && value.length > EXTENSION_PREFIX.length && value.toLowerCase().startsWith(EXTENSION_PREFIX);
      return isExtension ? value : null;
    },
  };
}

export const STATUS = vocabulary(STATUS_VALUES);
export const ORG_TYPE = vocabulary(ORG_TYPES, { allowExtensions: true });
export const USER_ROLE = vocabulary(USER_ROLES, { allowExtensions: true });
export const ENROLLMENT_ROLE = vocabulary(ENROLLMENT_ROLES);
export const ROLE_TYPE = vocabulary(ROLE_TYPES);
export const MANIFEST_FILE_MODE = vocabulary(MANIFEST_FILE_MODES);
export const ONEROSTER_VERSION = vocabulary(ONEROSTER_VERSIONS);
