import { normalizeEmail, personMatchesName } from '../../domain/names';
import type {
  ClassRecord,
  EnrollmentRecord,
  GuardianLinkRecord,
  MembershipRecord,
  PeopleFilter,
  PersonRecord,
  PersonRole,
  RosterReader,
  RosterScan,
  SchoolRecord,
} from '../../domain/roster';
import type { OneRosterBundle } from '../oneroster-csv/bundle';
import { createCsvRosterReader } from '../oneroster-csv/csv-roster-reader';
import { type AnswerCache, createAnswerCache } from './answer-cache';
import type { OneRosterClient } from './connection';
import { downloadDistrictSnapshot } from './district-snapshot';
import { OneRosterApiError } from './errors';
import { chunkedAnyOf, emailFilter, familyNameFilter, filterClause } from './filter-expressions';
import type { OneRosterLogger } from './http-transport';
import {
  ANSWER_CACHE_MAX_ENTRIES,
  ANSWER_CACHE_TTL_MS,
  FIND_PEOPLE_MAX_RESULTS,
  MAX_CONCURRENT_REQUESTS,
  MAX_LOOKUP_ROWS,
  MAX_URL_LENGTH,
  PAGE_SIZE,
} from './limits';
import { getOne, listAll, listPages } from './paging';
import { readRecord, readRecords } from './record-errors';
import {
  enrollmentRecord,
  isEnrollmentRole,
  type RestClass,
  type RestEnrollment,
  type RestUser,
  readClass,
  readEnrollment,
  readOrg,
  readUser,
} from './rest-records';
import { buildUrl, pathSegment } from './urls';

/** A RosterReader over a OneRoster REST API, with the cache controls the provider needs. */
export interface RestRosterReader extends RosterReader {
  /**
   * Forgets every cached answer and the district snapshot, so the next call asks the server
   * (the "refresh" the tools offer). The OAuth 2 token is kept: it is not an answer.
   */
  refresh(): void;
  /** The whole district, downloaded once per cache lifetime (what `scan.*` read). */
  snapshot(): Promise<OneRosterBundle>;
}

export interface RestRosterReaderOptions {
  client: OneRosterClient;
  /** How long answers are reused. Default ANSWER_CACHE_TTL_MS (5 minutes). */
  cacheTtlMs?: number;
  pageSize?: number;
  logger?: OneRosterLogger;
  now?: () => number;
}

interface LiveSchools {
  list: SchoolRecord[];
  byId: Map<string, SchoolRecord>;
}

/**
 * The source side of every comparison, answered by a OneRoster REST server. Single-entity
 * lookups ask narrowly (a filter on family name, email, identifier or sourcedId; enrollments,
 * classes and reverse agent links by `field.sourcedId` filters, many keys per request) so a
 * tool run costs a handful of calls, not the district. Whole-district scans download the
 * district once into the CSV reader's in-memory shape and read it there, so a REST source
 * and a CSV bundle of the same data scan alike.
 *
 * Ids are sourcedIds, as in the CSV reader. Liveness follows the CSV reader: a deleted record
 * does not exist; an enrollment needs its class and user live; a guardian link needs both
 * people live, whichever side lists the other in `agents`.
 *
 * Answers (records, searches, the snapshot) are cached for `cacheTtlMs`; `refresh()` drops
 * them. When a snapshot is already loaded and fresh, lookups are answered from it with no call.
 */
export function createRestRosterReader(options: RestRosterReaderOptions): RestRosterReader {
  const { client } = options;
  const now = options.now ?? Date.now;
  const ttlMs = options.cacheTtlMs ?? ANSWER_CACHE_TTL_MS;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const cache: AnswerCache = createAnswerCache({ ttlMs, maxEntries: ANSWER_CACHE_MAX_ENTRIES, now });
  let snapshotState: { bundle: Promise<OneRosterBundle>; reader: RosterReader | null; loadedAt: number | null } | null = null;
  /**
   * Whether the server takes filters on reference fields (`user.sourcedId='…'`). Common, but
   * not in every implementation: the first 400/422 switches to the spec's nested endpoints.
   */
  let referenceFilters: 'unknown' | 'supported' | 'unsupported' = 'unknown';

  // ---- the snapshot ----

  function snapshot(): Promise<OneRosterBundle> {
    const state = snapshotState;
    if (state && (state.loadedAt === null || now() - state.loadedAt < ttlMs)) return state.bundle;
    const next: NonNullable<typeof snapshotState> = {
      reader: null,
      loadedAt: null,
      bundle: downloadDistrictSnapshot({ client, pageSize, parallel: MAX_CONCURRENT_REQUESTS }).then(
        (bundle) => {
          next.loadedAt = now();
          next.reader = createCsvRosterReader(bundle);
          // A large district's snapshot is hundreds of megabytes: let it go when it goes stale.
          setTimeout(() => {
            if (snapshotState === next) snapshotState = null;
          }, ttlMs).unref();
          return bundle;
        },
        (error: unknown) => {
          if (snapshotState === next) snapshotState = null;
          throw error;
        },
      ),
    };
    snapshotState = next;
    return next.bundle;
  }

  /** The snapshot's reader when one is loaded and fresh; lookups then cost no call. */
  function loadedSnapshot(): RosterReader | null {
    const state = snapshotState;
    if (!state?.reader || state.loadedAt === null || now() - state.loadedAt >= ttlMs) return null;
    return state.reader;
  }

  async function snapshotReader(): Promise<RosterReader> {
    const bundle = await snapshot();
    // Normally the loaded state's reader; a fresh one when a refresh() replaced the state meanwhile.
    return snapshotState?.reader ?? createCsvRosterReader(bundle);
  }

  // ---- requests ----

  const chunksFor = (path: string, field: string, values: readonly string[]) =>
    chunkedAnyOf({
      field,
      values,
      fixedLength: buildUrl({ baseUrl: client.baseUrl, path, query: { limit: pageSize, offset: 999_999 } }).length,
      maxUrlLength: MAX_URL_LENGTH,
    });

  /** Every record of `path` matching any of `field='value'`, many values per request. */
  async function listByValues(options: {
    path: string;
    key: string;
    field: string;
    values: readonly string[];
  }): Promise<unknown[]> {
    const chunks = chunksFor(options.path, options.field, options.values);
    const pages = await Promise.all(
      chunks.map((chunk) => listAll({ client, path: options.path, key: options.key, filter: chunk.filter, pageSize })),
    );
    return pages.flat();
  }

  /** Runs a lookup by reference filter, or its nested-endpoint twin when the server refuses those filters. */
  async function byReferenceFilter<T>(primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (referenceFilters === 'unsupported') return fallback();
    try {
      const result = await primary();
      referenceFilters = 'supported';
      return result;
    } catch (error) {
      const refused = error instanceof OneRosterApiError && (error.status === 400 || error.status === 422);
      if (!refused || referenceFilters === 'supported') throw error;
      referenceFilters = 'unsupported';
      options.logger?.warn(
        { customerId: client.connection.customerId, endpoint: (error as OneRosterApiError).endpoint },
        `${client.connection.system} refuses filters on reference fields; using nested endpoints instead`,
      );
      return fallback();
    }
  }

  function rememberUsers(users: readonly RestUser[]): void {
    for (const user of users) cache.set(`user:${user.sourcedId}`, user);
  }

  function rememberClasses(classes: readonly RestClass[]): void {
    for (const found of classes) cache.set(`class:${found.sourcedId}`, found);
  }

  /**
   * Records by sourcedId (null when unknown), from the cache, else one GET for a single id or
   * one `sourcedId='…' OR …` request per URL-sized chunk of ids.
   */
  function recordsByIds<T extends { sourcedId: string }>(options: {
    collection: 'users' | 'classes';
    single: 'user' | 'class';
    ids: readonly string[];
    read: (json: unknown) => T;
  }): Promise<Map<string, T | null>> {
    const { collection, single, read } = options;
    return cache.getMany<T | null>({
      prefix: `${single}:`,
      ids: options.ids,
      missing: null,
      load: async (missingIds) => {
        const found = new Map<string, T>();
        if (missingIds.length === 1) {
          const id = missingIds[0] as string;
          const path = `/${collection}/${pathSegment(id)}`;
          const json = await getOne({ client, path, key: single });
          if (json !== null) found.set(id, readRecord({ client, path, record: json, read }));
          return found;
        }
        const path = `/${collection}`;
        const records = await listByValues({ path, key: collection, field: 'sourcedId', values: missingIds });
        for (const record of readRecords({ client, path, records, read })) {
          if (!found.has(record.sourcedId)) found.set(record.sourcedId, record);
        }
        return found;
      },
    });
  }

  const usersByIds = (ids: readonly string[]) => recordsByIds({ collection: 'users', single: 'user', ids, read: readUser });
  const classesByIds = (ids: readonly string[]) => recordsByIds({ collection: 'classes', single: 'class', ids, read: readClass });

  function liveSchools(): Promise<LiveSchools> {
    return cache.get('schools', async () => {
      const records = await listAll({ client, path: '/schools', key: 'orgs', pageSize });
      const byId = new Map<string, SchoolRecord>();
      for (const org of readRecords({
        client,
        path: '/schools',
        records,
        read: (json) => readOrg(json, { assumeSchool: true }),
      })) {
        if (org.school && !byId.has(org.sourcedId)) byId.set(org.sourcedId, org.school);
      }
      return { list: [...byId.values()], byId };
    });
  }

  /** Users found by a filter on /users (a name, an email, an identifier), remembered by id too. */
  function usersMatching(filter: string | null): Promise<RestUser[]> {
    if (filter === null) return Promise.resolve([]);
    return cache.get(`search:${filter}`, async () => {
      const records = await listAll({ client, path: '/users', key: 'users', filter, pageSize, maxRows: MAX_LOOKUP_ROWS });
      const users = readRecords({ client, path: '/users', records, read: readUser });
      rememberUsers(users);
      return users;
    });
  }

  /** Users that list each id among their `agents` (the other side of a guardian link). */
  function usersListing(ids: readonly string[]): Promise<Map<string, RestUser[]>> {
    return cache.getMany<RestUser[]>({
      prefix: 'listed-by:',
      ids,
      missing: [],
      load: (missingIds) =>
        byReferenceFilter(
          async () => {
            const records = await listByValues({ path: '/users', key: 'users', field: 'agents.sourcedId', values: missingIds });
            const users = readRecords({ client, path: '/users', records, read: readUser });
            rememberUsers(users);
            const wanted = new Set(missingIds);
            const found = new Map<string, RestUser[]>();
            for (const user of users) {
              for (const agentId of new Set(user.agentIds)) {
                if (!wanted.has(agentId)) continue;
                const listing = found.get(agentId);
                if (listing) {
                  if (!listing.some((known) => known.sourcedId === user.sourcedId)) listing.push(user);
                } else {
                  found.set(agentId, [user]);
                }
              }
            }
            return found;
          },
          // No standard endpoint answers "who lists this user as an agent": read the district.
          async () => {
            const bundle = await snapshot();
            const found = new Map<string, RestUser[]>();
            for (const id of missingIds) {
              const links = [
                ...(bundle.guardianLinksByStudentId.get(id) ?? []),
                ...(bundle.guardianLinksByParentId.get(id) ?? []),
              ];
              const others = links.map((link) => (link.studentId === id ? link.parentId : link.studentId));
              found.set(
                id,
                others.map((otherId) => ({
                  sourcedId: otherId,
                  live: true,
                  person: bundle.people.get(otherId) ?? null,
                  orgIds: [],
                  agentIds: [id],
                })),
              );
            }
            return found;
          },
        ),
    });
  }

  function enrollmentsOfUsers(userIds: readonly string[]): Promise<Map<string, RestEnrollment[]>> {
    return cache.getMany<RestEnrollment[]>({
      prefix: 'enrollments-of-user:',
      ids: userIds,
      missing: [],
      load: (missingIds) =>
        byReferenceFilter(
          async () => {
            const records = await listByValues({
              path: '/enrollments',
              key: 'enrollments',
              field: 'user.sourcedId',
              values: missingIds,
            });
            return groupBy(readRecords({ client, path: '/enrollments', records, read: readEnrollment }), (e) => e.userId);
          },
          async () => {
            // Spec endpoints only: the user's classes, then each class's enrollments.
            const found = new Map<string, RestEnrollment[]>();
            await Promise.all(
              missingIds.map(async (userId) => {
                const path = `/users/${pathSegment(userId)}/classes`;
                const records = await listAll({ client, path, key: 'classes', pageSize, notFoundIsEmpty: true });
                const classes = readRecords({ client, path, records, read: readClass });
                rememberClasses(classes);
                const byClass = await enrollmentsOfClasses(classes.map((entry) => entry.sourcedId));
                found.set(
                  userId,
                  [...byClass.values()].flat().filter((enrollment) => enrollment.userId === userId),
                );
              }),
            );
            return found;
          },
        ),
    });
  }

  function enrollmentsOfClasses(classIds: readonly string[]): Promise<Map<string, RestEnrollment[]>> {
    return cache.getMany<RestEnrollment[]>({
      prefix: 'enrollments-of-class:',
      ids: classIds,
      missing: [],
      load: (missingIds) =>
        byReferenceFilter(
          async () => {
            const records = await listByValues({
              path: '/enrollments',
              key: 'enrollments',
              field: 'class.sourcedId',
              values: missingIds,
            });
            return groupBy(readRecords({ client, path: '/enrollments', records, read: readEnrollment }), (e) => e.classId);
          },
          async () => {
            const classes = await classesByIds(missingIds);
            const found = new Map<string, RestEnrollment[]>();
            await Promise.all(
              missingIds.map(async (classId) => {
                const schoolClass = classes.get(classId);
                if (!schoolClass) return;
                const path = `/schools/${pathSegment(schoolClass.record.schoolId)}/classes/${pathSegment(classId)}/enrollments`;
                const records = await listAll({ client, path, key: 'enrollments', pageSize, notFoundIsEmpty: true });
                found.set(classId, readRecords({ client, path, records, read: readEnrollment }));
              }),
            );
            return found;
          },
        ),
    });
  }

  function classesOfSchools(schoolIds: readonly string[]): Promise<Map<string, RestClass[]>> {
    return cache.getMany<RestClass[]>({
      prefix: 'classes-of-school:',
      ids: schoolIds,
      missing: [],
      load: (missingIds) =>
        byReferenceFilter(
          async () => {
            const records = await listByValues({
              path: '/classes',
              key: 'classes',
              field: 'school.sourcedId',
              values: missingIds,
            });
            const classes = readRecords({ client, path: '/classes', records, read: readClass });
            rememberClasses(classes);
            return groupBy(classes, (entry) => entry.record.schoolId);
          },
          async () => {
            const found = new Map<string, RestClass[]>();
            await Promise.all(
              missingIds.map(async (schoolId) => {
                const path = `/schools/${pathSegment(schoolId)}/classes`;
                const records = await listAll({ client, path, key: 'classes', pageSize, notFoundIsEmpty: true });
                const classes = readRecords({ client, path, records, read: readClass });
                rememberClasses(classes);
                found.set(schoolId, classes);
              }),
            );
            return found;
          },
        ),
    });
  }

  // ---- RosterReader ----

  async function findPeople(filter: PeopleFilter): Promise<PersonRecord[]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.findPeople(filter);
    const limit = Math.min(filter.limit ?? FIND_PEOPLE_MAX_RESULTS, FIND_PEOPLE_MAX_RESULTS);
    if (limit <= 0) return [];
    const email = filter.email === undefined ? undefined : normalizeEmail(filter.email);
    const identifier = filter.identifier?.trim();
    const roles = filter.roles ? new Set<PersonRole>(filter.roles) : null;

    // The narrowest question the filter allows, as the CSV reader picks its narrowest index.
    let candidates: RestUser[];
    if (filter.sourcedId !== undefined) {
      const id = filter.sourcedId.trim();
      const user = id ? (await usersByIds([id])).get(id) : null;
      candidates = user ? [user] : [];
    } else if (identifier !== undefined) {
      candidates = identifier ? await usersMatching(filterClause({ field: 'identifier', op: '=', value: identifier })) : [];
    } else if (email !== undefined) {
      candidates = email ? await usersMatching(emailFilter(filter.email ?? '')) : [];
    } else if (filter.name) {
      candidates = await usersMatching(familyNameFilter(filter.name));
    } else {
      return peopleWithRoles({ roles, limit });
    }

    const found: PersonRecord[] = [];
    const seen = new Set<string>();
    for (const { person } of candidates) {
      if (!person || seen.has(person.id)) continue;
      if (roles && !roles.has(person.role)) continue;
      if (filter.name && !personMatchesName(person, filter.name)) continue;
      if (email !== undefined && normalizeEmail(person.email) !== email) continue;
      if (identifier !== undefined && person.identifier !== identifier) continue;
      seen.add(person.id);
      found.push(person);
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * People by role alone: pages /users until `limit` are found. Not /students or /teachers:
   * those go by a 1.2 user's primary role, while a person's role is its primary *exposed* one.
   */
  async function peopleWithRoles(options: { roles: Set<PersonRole> | null; limit: number }): Promise<PersonRecord[]> {
    const { roles } = options;
    const found: PersonRecord[] = [];
    for await (const page of listPages({ client, path: '/users', key: 'users', pageSize })) {
      for (const { person } of readRecords({ client, path: '/users', records: page, read: readUser })) {
        if (!person || (roles && !roles.has(person.role))) continue;
        found.push(person);
        if (found.length >= options.limit) return found;
      }
    }
    return found;
  }

  async function peopleByIds(ids: readonly string[]): Promise<(PersonRecord | null)[]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.peopleByIds(ids);
    const users = await usersByIds(ids);
    return ids.map((id) => users.get(id)?.person ?? null);
  }

  async function schoolsByIds(ids: readonly string[]): Promise<(SchoolRecord | null)[]> {
    const schools = await liveSchools();
    return ids.map((id) => schools.byId.get(id) ?? null);
  }

  async function classRecordsByIds(ids: readonly string[]): Promise<(ClassRecord | null)[]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.classesByIds(ids);
    const classes = await classesByIds(ids);
    return ids.map((id) => {
      const found = classes.get(id);
      return found?.live ? found.record : null;
    });
  }

  async function guardianLinks(ids: readonly string[], side: 'student' | 'parent'): Promise<GuardianLinkRecord[][]> {
    const loaded = loadedSnapshot();
    if (loaded) return side === 'student' ? loaded.guardianLinksByStudentIds(ids) : loaded.guardianLinksByParentIds(ids);
    const other: PersonRole = side === 'student' ? 'parent' : 'student';
    const subjects = await usersByIds(ids);
    const subjectIds = [...subjects.values()]
      .filter((user) => user?.person?.role === side)
      .map((user) => (user as RestUser).sourcedId);
    if (subjectIds.length === 0) return ids.map(() => []);
    // Who lists the subject first: it answers most of the other direction from the same request.
    const listing = await usersListing(subjectIds);
    const listed = await usersByIds(subjectIds.flatMap((id) => subjects.get(id)?.agentIds ?? []));
    return ids.map((id) => {
      const subject = subjects.get(id);
      if (subject?.person?.role !== side) return [];
      const links: GuardianLinkRecord[] = [];
      const seen = new Set<string>();
      const add = (person: PersonRecord | null | undefined) => {
        if (!person || person.role !== other || seen.has(person.id)) return;
        seen.add(person.id);
        links.push({
          system: 'SOURCE',
          parentId: side === 'student' ? person.id : id,
          studentId: side === 'student' ? id : person.id,
          origin: 'sis',
        });
      };
      for (const agentId of subject.agentIds) add(listed.get(agentId)?.person);
      for (const user of listing.get(id) ?? []) add(user.person);
      return links;
    });
  }

  async function enrollmentsByUserIds(userIds: readonly string[]): Promise<EnrollmentRecord[][]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.enrollmentsByUserIds(userIds);
    const users = await usersByIds(userIds);
    const liveUserIds = [...users.values()].filter((user) => user?.person).map((user) => (user as RestUser).sourcedId);
    if (liveUserIds.length === 0) return userIds.map(() => []);
    const enrollments = await enrollmentsOfUsers(liveUserIds);
    const wanted = [...enrollments.values()].flat().filter((enrollment) => enrollment.live && isEnrollmentRole(enrollment.role));
    const classes = await classesByIds(unique(wanted.map((enrollment) => enrollment.classId)));
    return userIds.map((userId) => {
      const person = users.get(userId)?.person;
      if (!person) return [];
      return (enrollments.get(userId) ?? []).flatMap((enrollment) => {
        const schoolClass = classes.get(enrollment.classId);
        const record = schoolClass?.live ? enrollmentRecord(enrollment, schoolClass.record.id, person.id) : null;
        return record ? [record] : [];
      });
    });
  }

  async function enrollmentsByClassIds(classIds: readonly string[]): Promise<EnrollmentRecord[][]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.enrollmentsByClassIds(classIds);
    const classes = await classesByIds(classIds);
    const liveClassIds = [...classes.values()].filter((found) => found?.live).map((found) => (found as RestClass).sourcedId);
    if (liveClassIds.length === 0) return classIds.map(() => []);
    const enrollments = await enrollmentsOfClasses(liveClassIds);
    const userIds = unique(
      [...enrollments.values()]
        .flat()
        .filter((enrollment) => enrollment.live && isEnrollmentRole(enrollment.role))
        .map((enrollment) => enrollment.userId),
    );
    const users = await usersByIds(userIds);
    return classIds.map((classId) => {
      const schoolClass = classes.get(classId);
      if (!schoolClass?.live) return [];
      return (enrollments.get(classId) ?? []).flatMap((enrollment) => {
        const person = users.get(enrollment.userId)?.person;
        const record = person ? enrollmentRecord(enrollment, schoolClass.record.id, person.id) : null;
        return record ? [record] : [];
      });
    });
  }

  async function membershipsByUserIds(userIds: readonly string[]): Promise<MembershipRecord[][]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.membershipsByUserIds(userIds);
    const [users, schools] = await Promise.all([usersByIds(userIds), liveSchools()]);
    return userIds.map((userId) => {
      const user = users.get(userId);
      if (!user?.person) return [];
      const memberships: MembershipRecord[] = [];
      for (const orgId of user.orgIds) {
        const school = schools.byId.get(orgId);
        if (!school || memberships.some((membership) => membership.schoolId === school.id)) continue;
        memberships.push({ system: 'SOURCE', userId: user.person.id, schoolId: school.id });
      }
      return memberships;
    });
  }

  async function classesBySchoolIds(schoolIds: readonly string[]): Promise<ClassRecord[][]> {
    const loaded = loadedSnapshot();
    if (loaded) return loaded.classesBySchoolIds(schoolIds);
    const classes = await classesOfSchools(schoolIds);
    return schoolIds.map((schoolId) => (classes.get(schoolId) ?? []).filter((found) => found.live).map((found) => found.record));
  }

  async function* fromSnapshot<T>(pick: (reader: RosterReader) => AsyncIterable<T>): AsyncGenerator<T> {
    yield* pick(await snapshotReader());
  }

  const scan: RosterScan = {
    schools: () => fromSnapshot((reader) => reader.scan.schools()),
    people: (roles) => fromSnapshot((reader) => reader.scan.people(roles)),
    classes: () => fromSnapshot((reader) => reader.scan.classes()),
    enrollments: () => fromSnapshot((reader) => reader.scan.enrollments()),
    memberships: () => fromSnapshot((reader) => reader.scan.memberships()),
    guardianLinks: () => fromSnapshot((reader) => reader.scan.guardianLinks()),
    // Sync runs and their errors are Bookmarked's; the SIS has none.
    syncErrors: async function* () {},
  };

  return {
    system: 'SOURCE',
    schools: async () => (await liveSchools()).list.slice(),
    schoolsByIds,
    schoolsBySourcedIds: schoolsByIds,
    findPeople,
    peopleByIds,
    peopleBySourcedIds: peopleByIds,
    classesByIds: classRecordsByIds,
    classesBySourcedIds: classRecordsByIds,
    classesBySchoolIds,
    enrollmentsByClassIds,
    enrollmentsByUserIds,
    membershipsByUserIds,
    guardianLinksByStudentIds: (ids) => guardianLinks(ids, 'student'),
    guardianLinksByParentIds: (ids) => guardianLinks(ids, 'parent'),
    syncErrorsBySourcedIds: async (sourcedIds) => sourcedIds.map(() => []),
    syncRuns: async () => [],
    scan,
    refresh() {
      cache.clear();
      snapshotState = null;
    },
    snapshot,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
