import { normalizeEmail, personMatchesName } from '../../domain/names';
import type { PeopleFilter, PersonRecord, PersonRole, RosterReader } from '../../domain/roster';
import type { OneRosterBundle } from './bundle';

/** Records per batch yielded by `scan.*`. */
export const SCAN_BATCH_SIZE = 5_000;

/** findPeople never returns more than this, whatever `limit` asks; scans are for whole-district work. */
export const FIND_PEOPLE_MAX_RESULTS = 10_000;

/**
 * The source side of every comparison, answered from a parsed bundle in memory. Ids are
 * sourcedIds, so the `ById` and `BySourcedId` lookups are the same. Returned records may be
 * the bundle's own objects (do not mutate them); returned arrays are fresh.
 */
export function createCsvRosterReader(bundle: OneRosterBundle): RosterReader {
  const schoolsByIds = async (ids: readonly string[]) => lookup(bundle.schools, ids);
  const peopleByIds = async (ids: readonly string[]) => lookup(bundle.people, ids);
  const classesByIds = async (ids: readonly string[]) => lookup(bundle.classes, ids);

  return {
    system: 'SOURCE',
    schools: async () => [...bundle.schools.values()],
    schoolsByIds,
    schoolsBySourcedIds: schoolsByIds,
    findPeople: async (filter) => findPeople(bundle, filter),
    peopleByIds,
    peopleBySourcedIds: peopleByIds,
    classesByIds,
    classesBySourcedIds: classesByIds,
    classesBySchoolIds: async (schoolIds) => lookupMany(bundle.classesBySchoolId, schoolIds),
    enrollmentsByClassIds: async (classIds) => lookupMany(bundle.enrollmentsByClassId, classIds),
    enrollmentsByUserIds: async (userIds) => lookupMany(bundle.enrollmentsByUserId, userIds),
    membershipsByUserIds: async (userIds) => lookupMany(bundle.membershipsByUserId, userIds),
    guardianLinksByStudentIds: async (studentIds) => lookupMany(bundle.guardianLinksByStudentId, studentIds),
    guardianLinksByParentIds: async (parentIds) => lookupMany(bundle.guardianLinksByParentId, parentIds),
    // Sync runs and their errors are Bookmarked's; the SIS has none.
    syncErrorsBySourcedIds: async (sourcedIds) => sourcedIds.map(() => []),
    syncRuns: async () => [],
    scan: {
      schools: () => batches(bundle.schools.values()),
      people: (roles) => batches(peopleWithRoles(bundle.people.values(), roles)),
      classes: () => batches(bundle.classes.values()),
      // Walked in people and class order, so a 1.1 bundle and its 1.2 twin scan alike.
      enrollments: () => batches(flatten(bundle.classes.keys(), bundle.enrollmentsByClassId)),
      memberships: () => batches(flatten(bundle.people.keys(), bundle.membershipsByUserId)),
      guardianLinks: () => batches(flatten(bundle.people.keys(), bundle.guardianLinksByStudentId)),
      syncErrors: () => batches([]),
    },
  };
}

/**
 * Starts from the narrowest index the filter allows (sourcedId, identifier, email, name),
 * then checks every criterion, so a filter with several criteria means all of them.
 */
export function findPeople(bundle: OneRosterBundle, filter: PeopleFilter): PersonRecord[] {
  const limit = Math.min(filter.limit ?? FIND_PEOPLE_MAX_RESULTS, FIND_PEOPLE_MAX_RESULTS);
  if (limit <= 0) return [];
  const email = filter.email === undefined ? undefined : normalizeEmail(filter.email);
  const identifier = filter.identifier?.trim();
  const roles = filter.roles ? new Set<PersonRole>(filter.roles) : null;

  let candidates: Iterable<PersonRecord>;
  if (filter.sourcedId !== undefined) {
    const person = bundle.people.get(filter.sourcedId.trim());
    candidates = person ? [person] : [];
  } else if (identifier !== undefined) {
    candidates = bundle.peopleByIdentifier.get(identifier) ?? [];
  } else if (email !== undefined) {
    candidates = bundle.peopleByEmail.get(email) ?? [];
  } else if (filter.name) {
    candidates = bundle.peopleByFamilyName.get(filter.name.family) ?? [];
  } else {
    candidates = bundle.people.values();
  }

  const found: PersonRecord[] = [];
  for (const person of candidates) {
    if (roles && !roles.has(person.role)) continue;
    if (filter.name && !personMatchesName(person, filter.name)) continue;
    if (email !== undefined && normalizeEmail(person.email) !== email) continue;
    if (identifier !== undefined && person.identifier !== identifier) continue;
    found.push(person);
    if (found.length >= limit) break;
  }
  return found;
}

function lookup<Value>(index: ReadonlyMap<string, Value>, keys: readonly string[]): (Value | null)[] {
  return keys.map((key) => index.get(key) ?? null);
}

function lookupMany<Value>(index: ReadonlyMap<string, readonly Value[]>, keys: readonly string[]): Value[][] {
  return keys.map((key) => [...(index.get(key) ?? [])]);
}

function* peopleWithRoles(people: Iterable<PersonRecord>, roles: readonly PersonRole[]): Generator<PersonRecord> {
  const wanted = new Set(roles);
  for (const person of people) if (wanted.has(person.role)) yield person;
}

function* flatten<Value>(keys: Iterable<string>, index: ReadonlyMap<string, readonly Value[]>): Generator<Value> {
  for (const key of keys) {
    const values = index.get(key);
    if (values) yield* values;
  }
}

async function* batches<Value>(values: Iterable<Value>): AsyncGenerator<Value[]> {
  let batch: Value[] = [];
  for (const value of values) {
    batch.push(value);
    if (batch.length >= SCAN_BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
