import { normalizeName, parseNameQuery } from '../domain/names';
import type { PeopleFilter, PersonRecord, PersonRole, RosterReader, SchoolRecord } from '../domain/roster';
import { InputError } from '../errors';

// High enough for ad-hoc comparisons of whole districts; the default page stays small.
export const MAX_PEOPLE_PER_LOOKUP = 250_000;

export type StudentQueryKind = 'email' | 'identifier' | 'sourcedId' | 'name';

/**
 * What a free-text student query is, per the rule book: an email when it contains `@`, a
 * student number when it is all digits, a sourcedId when it equals one, otherwise a name.
 */
export function classifyStudentQuery(query: string): Exclude<StudentQueryKind, 'sourcedId'> {
  const trimmed = query.trim();
  if (trimmed.includes('@')) return 'email';
  if (/^\d+$/.test(trimmed)) return 'identifier';
  return 'name';
}

export interface PeopleLookup {
  roles: readonly PersonRole[];
  /** Free text: email, student number, sourcedId or name. */
  query?: string | null;
  name?: string | null;
  email?: string | null;
  identifier?: string | null;
  sourcedId?: string | null;
  sourcedIds?: readonly string[] | null;
  limit?: number | null;
}

/** People of the given roles matching every criterion given. */
export async function findPeople(reader: RosterReader, lookup: PeopleLookup): Promise<PersonRecord[]> {
  const limit = Math.min(Math.max(lookup.limit ?? 100, 1), MAX_PEOPLE_PER_LOOKUP);
  const roles = new Set(lookup.roles);
  const ofRoles = (people: (PersonRecord | null)[]) =>
    people.filter((p): p is PersonRecord => p !== null && roles.has(p.role)).slice(0, limit);

  if (lookup.sourcedIds) return ofRoles(await reader.peopleBySourcedIds(lookup.sourcedIds));
  if (lookup.query != null) return findByFreeText(reader, lookup.roles, lookup.query, limit);

  const filter: PeopleFilter = { roles: lookup.roles, limit };
  if (lookup.name != null) filter.name = requireName(lookup.name);
  if (lookup.email != null) filter.email = lookup.email;
  if (lookup.identifier != null) filter.identifier = lookup.identifier;
  if (lookup.sourcedId != null) filter.sourcedId = lookup.sourcedId;
  return reader.findPeople(filter);
}

async function findByFreeText(reader: RosterReader, roles: readonly PersonRole[], query: string, limit: number) {
  const text = query.trim();
  if (!text) throw new InputError('The search is empty: give a name, an email, a student number or a sourcedId.');
  switch (classifyStudentQuery(text)) {
    case 'email':
      return reader.findPeople({ roles, email: text, limit });
    case 'identifier': {
      const byNumber = await reader.findPeople({ roles, identifier: text, limit });
      // Some SIS exports use numeric sourcedIds: fall back to them when no student number matches.
      return byNumber.length ? byNumber : reader.findPeople({ roles, sourcedId: text, limit });
    }
    default: {
      const bySourcedId = await reader.findPeople({ roles, sourcedId: text, limit });
      if (bySourcedId.length) return bySourcedId;
      const name = parseNameQuery(text);
      return name ? reader.findPeople({ roles, name, limit }) : [];
    }
  }
}

function requireName(input: string) {
  const name = parseNameQuery(input);
  if (!name) throw new InputError(`"${input}" is not a full name: give a first and a last name ("Ana Lopez" or "Lopez, Ana").`);
  return name;
}

/**
 * Campuses named by a school name, school code or sourcedId (rule book). Exact matches
 * (after name normalisation) win; otherwise a name that contains the reference counts
 * only when it is the only one.
 */
export function matchSchools(schools: readonly SchoolRecord[], reference: string): SchoolRecord[] {
  const ref = normalizeName(reference);
  if (!ref) return [];
  const exact = schools.filter(
    (school) =>
      school.sourcedId === reference.trim() || normalizeName(school.schoolCode) === ref || normalizeName(school.name) === ref,
  );
  if (exact.length) return exact;
  const partial = schools.filter((school) => normalizeName(school.name).includes(ref));
  return partial.length === 1 ? partial : [];
}
