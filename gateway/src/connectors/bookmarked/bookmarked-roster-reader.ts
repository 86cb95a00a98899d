import { alignByKey, groupByKey } from '../../domain/batch';
import type { GuardianLinkRecord, PersonRole, RosterReader } from '../../domain/roster';
import type { BookmarkedDatabase, ReadQuery } from './database';
import { liveClassesByIds, liveClassesBySchoolIds, liveClassesBySourcedIds, liveClassesPage } from './sql/classes';
import { liveEnrollmentsByClassIds, liveEnrollmentsByUserIds, liveEnrollmentsPage } from './sql/enrollments';
import { liveGuardianshipsByParentIds, liveGuardianshipsByStudentIds, liveGuardianshipsPage } from './sql/guardianships';
import { liveSchools, liveSchoolsByIds, liveSchoolsBySourcedIds } from './sql/schools';
import { recentSyncRuns, syncErrorsBySourcedIds, syncErrorsPage } from './sql/sync';
import { liveMembershipsByUserIds, liveMembershipsPage } from './sql/user-schools';
import { findLiveUsers, liveUsersByIds, liveUsersBySourcedIds, liveUsersPage } from './sql/users';

/** Rows per statement when scanning a whole district. */
export const BOOKMARKED_SCAN_PAGE_SIZE = 10_000;

const isRowId = (id: string) => /^\d{1,18}$/.test(id);

/**
 * The Bookmarked side of one district in one environment. Every call is one read-only
 * transaction; batch calls are one statement whatever the number of keys.
 */
export function createBookmarkedRosterReader(options: { database: BookmarkedDatabase; districtId: string }): RosterReader {
  const { database, districtId } = options;
  const read = <T>(work: (query: ReadQuery) => Promise<T>) => database.read(work);
  // Keys that cannot be row ids (e.g. a sourcedId passed by mistake) find nothing instead of failing the batch.
  const rowIds = (ids: readonly string[]) => ids.filter(isRowId);

  async function* pages<T>(fetch: (query: ReadQuery, after: T | null) => Promise<T[]>): AsyncIterable<T[]> {
    let after: T | null = null;
    for (;;) {
      const cursor = after;
      const page = await read((query) => fetch(query, cursor));
      if (page.length === 0) return;
      yield page;
      if (page.length < BOOKMARKED_SCAN_PAGE_SIZE) return;
      after = page[page.length - 1] as T;
    }
  }

  return {
    system: 'BOOKMARKED',
    schools: () => read((q) => liveSchools(q, districtId)),
    schoolsByIds: async (ids) => alignByKey(ids, await read((q) => liveSchoolsByIds(q, districtId, rowIds(ids))), (s) => s.id),
    schoolsBySourcedIds: async (sourcedIds) =>
      alignByKey(sourcedIds, await read((q) => liveSchoolsBySourcedIds(q, districtId, sourcedIds)), (s) => s.sourcedId),
    findPeople: (filter) => read((q) => findLiveUsers(q, districtId, filter)),
    peopleByIds: async (ids) => alignByKey(ids, await read((q) => liveUsersByIds(q, districtId, rowIds(ids))), (p) => p.id),
    peopleBySourcedIds: async (sourcedIds) =>
      alignByKey(sourcedIds, await read((q) => liveUsersBySourcedIds(q, districtId, sourcedIds)), (p) => p.sourcedId),
    classesByIds: async (ids) => alignByKey(ids, await read((q) => liveClassesByIds(q, districtId, rowIds(ids))), (c) => c.id),
    classesBySourcedIds: async (sourcedIds) =>
      alignByKey(sourcedIds, await read((q) => liveClassesBySourcedIds(q, districtId, sourcedIds)), (c) => c.sourcedId),
    classesBySchoolIds: async (schoolIds) =>
      groupByKey(schoolIds, await read((q) => liveClassesBySchoolIds(q, districtId, rowIds(schoolIds))), (c) => c.schoolId),
    enrollmentsByClassIds: async (classIds) =>
      groupByKey(classIds, await read((q) => liveEnrollmentsByClassIds(q, districtId, rowIds(classIds))), (e) => e.classId),
    enrollmentsByUserIds: async (userIds) =>
      groupByKey(userIds, await read((q) => liveEnrollmentsByUserIds(q, districtId, rowIds(userIds))), (e) => e.userId),
    membershipsByUserIds: async (userIds) =>
      groupByKey(userIds, await read((q) => liveMembershipsByUserIds(q, districtId, rowIds(userIds))), (m) => m.userId),
    guardianLinksByStudentIds: async (studentIds) =>
      groupByKey(
        studentIds,
        await read((q) => liveGuardianshipsByStudentIds(q, districtId, rowIds(studentIds))),
        (link) => link.studentId,
      ),
    guardianLinksByParentIds: async (parentIds) =>
      groupByKey(
        parentIds,
        await read((q) => liveGuardianshipsByParentIds(q, districtId, rowIds(parentIds))),
        (link) => link.parentId,
      ),
    syncErrorsBySourcedIds: async (sourcedIds) =>
      groupByKey(sourcedIds, await read((q) => syncErrorsBySourcedIds(q, districtId, sourcedIds)), (e) => e.sourcedId ?? ''),
    syncRuns: (limit) => read((q) => recentSyncRuns(q, districtId, limit)),
    scan: {
      async *schools() {
        yield await read((q) => liveSchools(q, districtId));
      },
      people: (roles: readonly PersonRole[]) =>
        pages((q, after) => liveUsersPage(q, { districtId, roles, afterId: after?.id ?? '0', limit: BOOKMARKED_SCAN_PAGE_SIZE })),
      classes: () =>
        pages((q, after) => liveClassesPage(q, { districtId, afterId: after?.id ?? '0', limit: BOOKMARKED_SCAN_PAGE_SIZE })),
      enrollments: () =>
        pages((q, after) => liveEnrollmentsPage(q, { districtId, afterId: after?.id ?? '0', limit: BOOKMARKED_SCAN_PAGE_SIZE })),
      memberships: () =>
        pages((q, after) =>
          liveMembershipsPage(q, {
            districtId,
            after: after ?? { userId: '0', schoolId: '0' },
            limit: BOOKMARKED_SCAN_PAGE_SIZE,
          }),
        ),
      async *guardianLinks() {
        for await (const page of pages<GuardianLinkRecord & { rowId: string }>((q, after) =>
          liveGuardianshipsPage(q, { districtId, afterId: after?.rowId ?? '0', limit: BOOKMARKED_SCAN_PAGE_SIZE }),
        )) {
          yield page.map(({ rowId: _rowId, ...link }) => link);
        }
      },
      syncErrors: () =>
        pages((q, after) => syncErrorsPage(q, { districtId, afterId: after?.id ?? '0', limit: BOOKMARKED_SCAN_PAGE_SIZE })),
    },
  };
}
