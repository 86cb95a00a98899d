import type { SystemName } from '../domain/roster';
import type { ToolDocument } from './tool';

/**
 * Fragments the tools' documents share, and the TypeScript shapes of what they select. The
 * shapes are what comparators read, so a comparator spec builds them by hand.
 */
export const ROSTER_FRAGMENTS: Record<string, string> = {
  DxSchool: /* GraphQL */ `fragment DxSchool on School { id system sourcedId name schoolCode }`,
  DxPerson: /* GraphQL */ `fragment DxPerson on Person { id system sourcedId role givenName familyName email identifier }`,
  DxStudent: /* GraphQL */ `fragment DxStudent on Student { ...DxPerson grade schools { ...DxSchool } }`,
  DxClass: /* GraphQL */ `fragment DxClass on Class { id system sourcedId title classCode school { ...DxSchool } teachers { ...DxPerson } }`,
  DxEnrollment: /* GraphQL */ `fragment DxEnrollment on Enrollment { id system sourcedId role class { ...DxClass } }`,
  DxSyncError: /* GraphQL */ `fragment DxSyncError on SyncError { id syncRunId entityType sourcedId message createdAt }`,
  DxStudentLinks: /* GraphQL */ `fragment DxStudentLinks on Student { ...DxStudent parentLinks { origin parent { ...DxPerson } } }`,
  DxParentLinks: /* GraphQL */ `fragment DxParentLinks on Parent { ...DxPerson studentLinks { origin student { ...DxStudent } } }`,
};

/**
 * A tool document: the operation text with every fragment it spreads (transitively) appended,
 * so the stored evidence runs as is in GraphiQL.
 */
export function toolDocument(operationName: string, operation: string): ToolDocument {
  const needed = new Set<string>();
  const visit = (text: string) => {
    for (const match of text.matchAll(/\.\.\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const name = match[1] as string;
      if (needed.has(name)) continue;
      const fragment = ROSTER_FRAGMENTS[name];
      if (!fragment)
        throw new Error(
          `Document ${operationName} spreads unknown fragment ${name}; known: ${Object.keys(ROSTER_FRAGMENTS).join(', ')}.`,
        );
      needed.add(name);
      visit(fragment);
    }
  };
  visit(operation);
  const fragments = [...needed].map((name) => ROSTER_FRAGMENTS[name] as string);
  return { operationName, text: [operation.trim(), ...fragments].join('\n\n') };
}

export interface DxSchool {
  id: string;
  system: SystemName;
  sourcedId: string | null;
  name: string;
  schoolCode: string | null;
}

export interface DxPerson {
  id: string;
  system: SystemName;
  sourcedId: string | null;
  role: string;
  givenName: string;
  familyName: string;
  email: string | null;
  identifier: string | null;
}

export interface DxStudent extends DxPerson {
  grade: string | null;
  schools: DxSchool[];
}

export interface DxClass {
  id: string;
  system: SystemName;
  sourcedId: string | null;
  title: string;
  classCode: string | null;
  school: DxSchool | null;
  teachers: DxPerson[];
}

export type DxEnrollmentRole = 'STUDENT' | 'TEACHER';

export interface DxEnrollment {
  id: string;
  system: SystemName;
  sourcedId: string | null;
  role: DxEnrollmentRole;
  class: DxClass | null;
}

export interface DxSyncError {
  id: string;
  syncRunId: string;
  entityType: string;
  sourcedId: string | null;
  message: string;
  createdAt: string;
}

export interface DxStudentWithEnrollments extends DxStudent {
  enrollments: DxEnrollment[];
}

export type DxLinkOrigin = 'SIS' | 'INVITE' | 'MANUAL';

export interface DxStudentWithLinks extends DxStudent {
  parentLinks: { origin: DxLinkOrigin; parent: DxPerson | null }[];
}

export interface DxParentWithLinks extends DxPerson {
  studentLinks: { origin: DxLinkOrigin; student: DxStudent | null }[];
}

/** The common envelope of every tool document: `district { source { … } bookmarked { … } }`. */
export interface DistrictSides<Source, Bookmarked = Source> {
  district: { source: Source | null; bookmarked: Bookmarked | null } | null;
}

/** Both sides of a tool document's answer; the runner has already turned GraphQL errors into thrown errors. */
export function sidesOf<Source, Bookmarked>(
  result: DistrictSides<Source, Bookmarked>,
  operationName: string,
): { source: Source; bookmarked: Bookmarked } {
  const district = result.district;
  if (!district?.source || !district.bookmarked) {
    throw new Error(
      `${operationName}: expected district.source and district.bookmarked in the answer, found ${JSON.stringify(result)}.`,
    );
  }
  return { source: district.source, bookmarked: district.bookmarked };
}

/** sourcedIds of `records` that none of `present` carries (distinct, in order). */
export function sourcedIdsMissingFrom(
  records: readonly { sourcedId: string | null }[],
  present: readonly { sourcedId: string | null }[],
): string[] {
  const have = new Set(present.map((record) => record.sourcedId));
  return [...new Set(records.map((record) => record.sourcedId).filter((id): id is string => !!id && !have.has(id)))];
}

/** One side of an answer whose document reads only that system. */
export function sideOf<Side>(
  result: { district: Partial<Record<'source' | 'bookmarked', Side | null>> | null },
  side: 'source' | 'bookmarked',
  operationName: string,
): Side {
  const value = result.district?.[side];
  if (!value) throw new Error(`${operationName}: expected district.${side} in the answer, found ${JSON.stringify(result)}.`);
  return value;
}
