import type { SystemName } from '../../domain/roster';
import type {
  DxClass,
  DxEnrollment,
  DxLinkOrigin,
  DxParentWithLinks,
  DxPerson,
  DxSchool,
  DxStudent,
  DxStudentWithEnrollments,
  DxStudentWithLinks,
  DxSyncError,
} from '../roster-fragments';

/**
 * Hand-made answers of the tools' documents, for comparator specs. Source records are keyed
 * by sourcedId, Bookmarked ones by a row id, as the gateway returns them.
 */

let nextRowId = 1000;
const rowId = () => String(nextRowId++);
const idFor = (system: SystemName, sourcedId: string | null) => (system === 'SOURCE' && sourcedId ? sourcedId : rowId());

export function school(system: SystemName, options: { sourcedId: string | null; name: string; code?: string | null }): DxSchool {
  return {
    id: idFor(system, options.sourcedId),
    system,
    sourcedId: options.sourcedId,
    name: options.name,
    schoolCode: options.code ?? null,
  };
}

export interface PersonOptions {
  sourcedId: string | null;
  given: string;
  family: string;
  email?: string | null;
  identifier?: string | null;
  id?: string;
}

export function person(system: SystemName, role: string, options: PersonOptions): DxPerson {
  return {
    id: options.id ?? idFor(system, options.sourcedId),
    system,
    sourcedId: options.sourcedId,
    role,
    givenName: options.given,
    familyName: options.family,
    email: options.email ?? null,
    identifier: options.identifier ?? null,
  };
}

export function student(
  system: SystemName,
  options: PersonOptions & { grade?: string | null; schools?: DxSchool[]; enrollments?: DxEnrollment[] },
): DxStudentWithEnrollments {
  return {
    ...person(system, 'student', options),
    grade: options.grade ?? '05',
    schools: options.schools ?? [],
    enrollments: options.enrollments ?? [],
  };
}

/** The same student in both systems (Bookmarked gets its own row id); `bookmarked` overrides fields there. */
export function studentInBoth(
  options: PersonOptions & {
    grade?: string;
    schools?: [DxSchool[], DxSchool[]];
    bookmarked?: Partial<PersonOptions & { grade: string | null }>;
  },
): { source: DxStudentWithEnrollments; bookmarked: DxStudentWithEnrollments } {
  const source = student('SOURCE', { ...options, schools: options.schools?.[0] });
  const bookmarked = student('BOOKMARKED', { ...options, id: undefined, schools: options.schools?.[1], ...options.bookmarked });
  return { source, bookmarked };
}

export function parent(system: SystemName, options: PersonOptions): DxPerson {
  return person(system, 'parent', options);
}

export function parentWithLinks(
  system: SystemName,
  options: PersonOptions & { students?: (DxStudent | { student: DxStudent; origin: DxLinkOrigin })[] },
): DxParentWithLinks {
  return {
    ...parent(system, options),
    studentLinks: (options.students ?? []).map((s) =>
      'origin' in s && 'student' in s ? s : { origin: 'SIS' as const, student: s as DxStudent },
    ),
  };
}

export function studentWithParents(system: SystemName, options: PersonOptions & { parents: DxPerson[] }): DxStudentWithLinks {
  return { ...student(system, options), parentLinks: options.parents.map((p) => ({ origin: 'SIS' as const, parent: p })) };
}

export function section(
  system: SystemName,
  options: { sourcedId: string | null; title: string; school?: DxSchool | null; teachers?: DxPerson[] },
): DxClass {
  return {
    id: idFor(system, options.sourcedId),
    system,
    sourcedId: options.sourcedId,
    title: options.title,
    classCode: null,
    school: options.school ?? null,
    teachers: options.teachers ?? [],
  };
}

export function enrollment(
  system: SystemName,
  options: { sourcedId: string | null; class: DxClass | null; role?: 'STUDENT' | 'TEACHER' },
): DxEnrollment {
  return {
    id: idFor(system, options.sourcedId),
    system,
    sourcedId: options.sourcedId,
    role: options.role ?? 'STUDENT',
    class: options.class,
  };
}

export function syncError(options: { sourcedId: string; message: string; entityType?: string }): DxSyncError {
  return {
    id: rowId(),
    syncRunId: '7',
    entityType: options.entityType ?? 'user',
    sourcedId: options.sourcedId,
    message: options.message,
    createdAt: '2026-09-01T02:00:00Z',
  };
}

/** The multiset of finding kinds, sorted, for exact comparisons regardless of order. */
export const kindsOf = (verdict: { findings: { kind: string }[] }) => verdict.findings.map((f) => f.kind).sort();
