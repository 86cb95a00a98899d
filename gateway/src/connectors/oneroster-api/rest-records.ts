import type { ClassRecord, EnrollmentRecord, EnrollmentRole, PersonRecord, PersonRole, SchoolRecord } from '../../domain/roster';
import { personRoleFor } from '../oneroster-csv/oneroster-format';

/**
 * OneRoster REST JSON (1.1 and 1.2) read into the domain records, with the CSV reader's rules:
 * `tobedeleted` records do not exist; parents, guardians and relatives are parents; aides,
 * proctors and `ext:` roles are not exposed; in 1.2 a user's role is its primary role's (else
 * its first exposed one) and every role's org is a membership candidate.
 *
 * Readers are tolerant where real servers differ (a guid ref as a bare string, grades as a
 * comma list, `enabledUser` as the string "true", empty strings for absent values) and throw
 * RecordShapeError only when a record lacks what every lookup needs (its sourcedId).
 */

export class RecordShapeError extends Error {}

/** A user as the reader needs it: its person (null when not live or not exposed), its orgs and agents. */
export interface RestUser {
  sourcedId: string;
  live: boolean;
  person: PersonRecord | null;
  /** 1.1 `orgs`; 1.2 the orgs of `roles` (every role, as roles.csv rows). */
  orgIds: string[];
  /** `agents`: related users (parents of a student, students of a parent). */
  agentIds: string[];
}

export interface RestOrg {
  sourcedId: string;
  live: boolean;
  /** The school record when the org is a live school. */
  school: SchoolRecord | null;
}

export interface RestClass {
  sourcedId: string;
  live: boolean;
  record: ClassRecord;
}

export interface RestEnrollment {
  sourcedId: string;
  live: boolean;
  classId: string;
  userId: string;
  /** Lower-cased role; only student and teacher enrollments become records. */
  role: string;
  beginDate: string | null;
  endDate: string | null;
}

export function readUser(json: unknown): RestUser {
  const user = asObject(json, 'user');
  const sourcedId = requiredId(user, 'user');
  const live = isLive(user);
  const agentIds = refIds(user.agents);

  let role: PersonRole | null = null;
  let sourceRole = '';
  let orgIds: string[];
  const roles = Array.isArray(user.roles) ? user.roles : null;
  if (roles && (roles.length > 0 || typeof user.role !== 'string')) {
    // 1.2: the primary exposed role wins, else the first exposed one (as roles.csv is read).
    let primaryChosen = false;
    orgIds = [];
    for (const entry of roles) {
      if (typeof entry !== 'object' || entry === null) continue;
      const roleEntry = entry as Record<string, unknown>;
      const entryRole = text(roleEntry.role);
      const mapped = entryRole ? personRoleFor(entryRole) : null;
      const primary = text(roleEntry.roleType)?.toLowerCase() === 'primary';
      if (mapped && entryRole && (role === null || (primary && !primaryChosen))) {
        role = mapped;
        sourceRole = entryRole;
        primaryChosen = primary;
      }
      const orgId = refId(roleEntry.org);
      if (orgId) orgIds.push(orgId);
    }
  } else {
    sourceRole = text(user.role) ?? '';
    role = sourceRole ? personRoleFor(sourceRole) : null;
    orgIds = refIds(user.orgs);
  }

  const person: PersonRecord | null =
    live && role
      ? {
          system: 'SOURCE',
          id: sourcedId,
          sourcedId,
          role,
          sourceRole,
          givenName: text(user.givenName) ?? '',
          familyName: text(user.familyName) ?? '',
          middleName: text(user.middleName),
          email: text(user.email),
          identifier: text(user.identifier),
          grade: listValues(user.grades)[0] ?? null,
        }
      : null;
  return { sourcedId, live, person, orgIds, agentIds };
}

export function readOrg(json: unknown, options: { assumeSchool?: boolean } = {}): RestOrg {
  const org = asObject(json, 'org');
  const sourcedId = requiredId(org, 'org');
  const live = isLive(org);
  const type = text(org.type)?.toLowerCase() ?? (options.assumeSchool ? 'school' : null);
  const school: SchoolRecord | null =
    live && type === 'school'
      ? { system: 'SOURCE', id: sourcedId, sourcedId, name: text(org.name) ?? '', schoolCode: text(org.identifier) }
      : null;
  return { sourcedId, live, school };
}

export function readClass(json: unknown): RestClass {
  const value = asObject(json, 'class');
  const sourcedId = requiredId(value, 'class');
  const schoolId = refId(value.school);
  if (!schoolId) throw new RecordShapeError(`class ${sourcedId} has no school reference`);
  return {
    sourcedId,
    live: isLive(value),
    record: {
      system: 'SOURCE',
      id: sourcedId,
      sourcedId,
      title: text(value.title) ?? '',
      classCode: text(value.classCode),
      schoolId,
    },
  };
}

export function readEnrollment(json: unknown): RestEnrollment {
  const value = asObject(json, 'enrollment');
  const sourcedId = requiredId(value, 'enrollment');
  const classId = refId(value.class);
  const userId = refId(value.user);
  if (!classId || !userId) throw new RecordShapeError(`enrollment ${sourcedId} lacks a ${classId ? 'user' : 'class'} reference`);
  return {
    sourcedId,
    live: isLive(value),
    classId,
    userId,
    role: (text(value.role) ?? '').toLowerCase(),
    beginDate: text(value.beginDate),
    endDate: text(value.endDate),
  };
}

/** The record of a live student or teacher enrollment, keyed to the live class and person given. */
export function enrollmentRecord(enrollment: RestEnrollment, classId: string, userId: string): EnrollmentRecord | null {
  if (!enrollment.live || !isEnrollmentRole(enrollment.role)) return null;
  return {
    system: 'SOURCE',
    id: enrollment.sourcedId,
    sourcedId: enrollment.sourcedId,
    classId,
    userId,
    role: enrollment.role,
    beginDate: enrollment.beginDate,
    endDate: enrollment.endDate,
  };
}

export function isEnrollmentRole(role: string): role is EnrollmentRole {
  return role === 'student' || role === 'teacher';
}

/** `status` other than tobedeleted (absent, active, or any case of them) is live. */
function isLive(record: Record<string, unknown>): boolean {
  return text(record.status)?.toLowerCase() !== 'tobedeleted';
}

function asObject(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RecordShapeError(
      `expected a ${what} object, found ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`,
    );
  }
  return json as Record<string, unknown>;
}

function requiredId(record: Record<string, unknown>, what: string): string {
  const id = text(record.sourcedId);
  if (!id) throw new RecordShapeError(`a ${what} has no sourcedId`);
  return id;
}

/** A string field, trimmed as CSV cells are; empty strings are absent, like blank cells. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** A guid ref `{ sourcedId, href, type }`, or a bare id string as some servers send. */
function refId(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'object' && value !== null) return text((value as Record<string, unknown>).sourcedId)?.trim() ?? null;
  return null;
}

function refIds(value: unknown): string[] {
  if (!Array.isArray(value)) return typeof value === 'string' ? listValues(value) : [];
  return value.map(refId).filter((id): id is string => id !== null);
}

/** A list field: a JSON array, or a comma-separated string. */
function listValues(value: unknown): string[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return values
    .map((item) => (typeof item === 'string' ? item.trim() : typeof item === 'number' ? String(item) : ''))
    .filter(Boolean);
}
