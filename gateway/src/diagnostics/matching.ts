import { displayName, normalizeEmail, normalizeName } from '../domain/names';
import type { NameQuery, SchoolRecord, SystemName } from '../domain/roster';
import { matchSchools } from '../services/roster-lookups';
import type { Candidate } from './findings';
import type { DxClass, DxPerson, DxSchool, DxStudent, DxSyncError } from './roster-fragments';

/**
 * The rule book's matching, shared by every comparator: records pair across systems by
 * sourcedId; names and emails compare with the matching normalisation; campuses resolve by
 * name, code or sourcedId. All pure.
 */

/** The key a person is known by across systems: the sourcedId, else the Bookmarked row. */
export function personKey(person: Pick<DxPerson, 'sourcedId' | 'id' | 'system'>): string {
  return person.sourcedId ?? `${person.system}:${person.id}`;
}

export interface PersonPair<S extends DxPerson = DxPerson, B extends DxPerson = DxPerson> {
  key: string;
  sourcedId: string | null;
  source: S | null;
  bookmarked: B | null;
}

/**
 * Pairs people by sourcedId, first-seen order. Duplicates (the same record found by two
 * lookups) collapse; a Bookmarked account without a sourcedId stays alone.
 */
export function pairPeople<S extends DxPerson, B extends DxPerson>(
  source: readonly S[],
  bookmarked: readonly B[],
): PersonPair<S, B>[] {
  const pairs = new Map<string, PersonPair<S, B>>();
  for (const person of source) {
    const key = personKey(person);
    if (!pairs.has(key)) pairs.set(key, { key, sourcedId: person.sourcedId, source: person, bookmarked: null });
  }
  for (const person of bookmarked) {
    const key = personKey(person);
    const pair = pairs.get(key);
    if (!pair) pairs.set(key, { key, sourcedId: person.sourcedId, source: null, bookmarked: person });
    else if (!pair.bookmarked) pair.bookmarked = person;
  }
  return [...pairs.values()];
}

export const sameName = (a: string | null | undefined, b: string | null | undefined) => normalizeName(a) === normalizeName(b);
export const sameEmail = (a: string | null | undefined, b: string | null | undefined) => normalizeEmail(a) === normalizeEmail(b);
const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();

export interface FieldDifference {
  field: string;
  source: string | null;
  bookmarked: string | null;
}

/** Fields FIELD_MISMATCH compares for students (rule book, Student Search). */
export const STUDENT_COMPARED_FIELDS = ['givenName', 'familyName', 'email', 'grade', 'identifier'] as const;
/** Fields FIELD_MISMATCH compares for parents (rule book, Parent Email Conflicts). */
export const PARENT_COMPARED_FIELDS = ['givenName', 'familyName'] as const;

type ComparedField = 'givenName' | 'familyName' | 'email' | 'grade' | 'identifier';

const FIELD_EQUALITY: Record<ComparedField, (a: string | null | undefined, b: string | null | undefined) => boolean> = {
  givenName: sameName,
  familyName: sameName,
  email: sameEmail,
  grade: sameText,
  identifier: sameText,
};

/** The compared fields whose values differ after the matching normalisation. Never campuses. */
export function fieldDifferences(
  source: Partial<Record<ComparedField, string | null>>,
  bookmarked: Partial<Record<ComparedField, string | null>>,
  fields: readonly ComparedField[],
): FieldDifference[] {
  return fields
    .filter((field) => !FIELD_EQUALITY[field](source[field], bookmarked[field]))
    .map((field) => ({ field, source: source[field] ?? null, bookmarked: bookmarked[field] ?? null }));
}

export function describeDifferences(differences: readonly FieldDifference[]): string {
  const show = (value: string | null) => (value === null || value === '' ? 'empty' : `"${value}"`);
  return differences.map((d) => `${d.field} ${show(d.source)} in the SIS vs ${show(d.bookmarked)} in Bookmarked`).join('; ');
}

/** "Ana Lopez (sourcedId stu-1)" or "Ana Lopez (Bookmarked account 42, no sourcedId)". */
export function describePerson(person: Pick<DxPerson, 'givenName' | 'familyName' | 'sourcedId' | 'id' | 'system'>): string {
  const name = displayName(person) || 'unnamed';
  if (person.sourcedId) return `${name} (sourcedId ${person.sourcedId})`;
  return `${name} (${person.system === 'BOOKMARKED' ? 'Bookmarked account' : 'record'} ${person.id}, no sourcedId)`;
}

export function describeSchool(school: Pick<DxSchool, 'name' | 'sourcedId'>): string {
  return school.sourcedId ? `${school.name} (sourcedId ${school.sourcedId})` : `${school.name} (no sourcedId)`;
}

/** '"Algebra I" at Lake High (sourcedId cls-1)' */
export function describeClass(section: Pick<DxClass, 'title' | 'sourcedId' | 'school'>): string {
  const at = section.school ? ` at ${section.school.name}` : '';
  return `"${section.title}"${at} (sourcedId ${section.sourcedId ?? 'none'})`;
}

export function personMatchesQuery(person: Pick<DxPerson, 'givenName' | 'familyName'>, query: NameQuery | null): boolean {
  if (!query) return false;
  const given = normalizeName(person.givenName).split(' ')[0] ?? '';
  return given === query.given && normalizeName(person.familyName) === query.family;
}

/** A pair as an INCONCLUSIVE candidate. */
export function candidateOf(pair: PersonPair<DxStudent | DxPerson>, detail: string | null = null): Candidate {
  const record = (pair.source ?? pair.bookmarked) as DxPerson;
  const systems: SystemName[] = [];
  if (pair.source) systems.push('SOURCE');
  if (pair.bookmarked) systems.push('BOOKMARKED');
  const schools = [pair.source, pair.bookmarked]
    .flatMap((p) => (p && 'schools' in p ? (p as DxStudent).schools.map((s) => s.name) : []))
    .filter((name, i, all) => all.indexOf(name) === i);
  return {
    sourcedId: pair.sourcedId,
    bookmarkedId: pair.bookmarked?.id ?? null,
    name: displayName(record),
    systems,
    detail: detail ?? (schools.length ? `at ${schools.join(', ')}` : null),
  };
}

export function describeCandidates(candidates: readonly Candidate[]): string {
  return candidates
    .map((c) => {
      const where = c.systems.length === 2 ? 'SIS and Bookmarked' : c.systems[0] === 'SOURCE' ? 'SIS only' : 'Bookmarked only';
      const id = c.sourcedId ? `sourcedId ${c.sourcedId}` : `Bookmarked account ${c.bookmarkedId}`;
      return `${c.name} (${id}; ${where}${c.detail ? `; ${c.detail}` : ''})`;
    })
    .join('; ');
}

/**
 * A campus reference resolved in both systems. A school found in one system also brings its
 * twin (same sourcedId) in the other, so renamed campuses still line up.
 */
export interface CampusMatch {
  reference: string;
  source: DxSchool[];
  bookmarked: DxSchool[];
  /** Keys of the campus in the source (sourcedIds). */
  sourcedIds: Set<string>;
  /** Keys of the campus in Bookmarked (row ids). */
  bookmarkedIds: Set<string>;
  /** False when the reference names no campus in either system. */
  resolved: boolean;
}

export function resolveCampus(options: {
  reference: string;
  sourceSchools: readonly DxSchool[];
  bookmarkedSchools: readonly DxSchool[];
}): CampusMatch {
  const { reference } = options;
  const asRecords = (schools: readonly DxSchool[]) => schools as unknown as SchoolRecord[];
  const sourceHits = matchSchools(asRecords(options.sourceSchools), reference) as unknown as DxSchool[];
  const bookmarkedHits = matchSchools(asRecords(options.bookmarkedSchools), reference) as unknown as DxSchool[];
  const sourcedIds = new Set<string>();
  for (const school of [...sourceHits, ...bookmarkedHits]) if (school.sourcedId) sourcedIds.add(school.sourcedId);
  const source = options.sourceSchools.filter(
    (s) => sourceHits.includes(s) || (s.sourcedId !== null && sourcedIds.has(s.sourcedId)),
  );
  const bookmarked = options.bookmarkedSchools.filter(
    (s) => bookmarkedHits.includes(s) || (s.sourcedId !== null && sourcedIds.has(s.sourcedId)),
  );
  return {
    reference,
    source,
    bookmarked,
    sourcedIds,
    bookmarkedIds: new Set(bookmarked.map((s) => s.id)),
    resolved: source.length > 0 || bookmarked.length > 0,
  };
}

export function describeCampus(campus: CampusMatch): string {
  const school = campus.source[0] ?? campus.bookmarked[0];
  return school ? describeSchool(school) : `"${campus.reference}"`;
}

/** Whether a school (of either system) is the campus. */
export function schoolIsCampus(school: DxSchool | null | undefined, campus: CampusMatch): boolean {
  if (!school) return false;
  return school.system === 'SOURCE'
    ? (school.sourcedId !== null && campus.sourcedIds.has(school.sourcedId)) || campus.source.some((s) => s.id === school.id)
    : campus.bookmarkedIds.has(school.id);
}

/**
 * Enrollment identity across systems: equal sourcedIds; a Bookmarked enrollment without a
 * sourcedId (made by hand) is the same as the source one with its class, user and role.
 */
export function sameEnrollment(
  source: { sourcedId: string | null; classSourcedId: string | null; userSourcedId: string | null; role: string },
  bookmarked: { sourcedId: string | null; classSourcedId: string | null; userSourcedId: string | null; role: string },
): boolean {
  if (bookmarked.sourcedId) return bookmarked.sourcedId === source.sourcedId;
  return (
    bookmarked.classSourcedId !== null &&
    bookmarked.classSourcedId === source.classSourcedId &&
    bookmarked.userSourcedId !== null &&
    bookmarked.userSourcedId === source.userSourcedId &&
    bookmarked.role.toLowerCase() === source.role.toLowerCase()
  );
}

/** Sync errors logged for a sourcedId, newest first as the reader returns them. */
export function syncErrorsFor(errors: readonly DxSyncError[], sourcedId: string | null | undefined): DxSyncError[] {
  return sourcedId ? errors.filter((e) => e.sourcedId === sourcedId) : [];
}

/** "…: 'message' (3 errors, latest 2024-…)" for IMPORT_REJECTED messages. */
export function quoteSyncErrors(errors: readonly DxSyncError[]): string {
  const latest = errors[0];
  if (!latest) return '';
  const more =
    errors.length > 1
      ? ` (${errors.length} sync errors; latest ${latest.createdAt})`
      : ` (sync run ${latest.syncRunId}, ${latest.createdAt})`;
  return `"${latest.message}"${more}`;
}

/** Whether the inputs single out one subject (rule book: nobody, or several, is INCONCLUSIVE). */
export type Identification<Subject> =
  | { kind: 'found'; subject: Subject }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: Subject[] };

export function identifyOne<Subject>(subjects: readonly Subject[]): Identification<Subject> {
  if (subjects.length === 0) return { kind: 'none' };
  if (subjects.length === 1) return { kind: 'found', subject: subjects[0] as Subject };
  return { kind: 'ambiguous', candidates: [...subjects] };
}
