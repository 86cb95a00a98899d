import DataLoader from 'dataloader';
import type {
  ClassRecord,
  EnrollmentRecord,
  GuardianLinkRecord,
  MembershipRecord,
  PersonRecord,
  RosterReader,
  SchoolRecord,
  SyncErrorRecord,
} from '../domain/roster';

/** Keys per statement; large batches are split so that one IN-list never grows without bound. */
export const ROSTER_LOADER_MAX_BATCH = 5_000;

/**
 * The DataLoaders of one system's view of one district, created per request: every nested
 * field asks through them, so a query costs one statement per level, whatever the number
 * of records.
 */
export function createRosterLoaders(reader: RosterReader) {
  const loader = <V>(batch: (keys: readonly string[]) => Promise<V[]>) =>
    new DataLoader<string, V>(batch, { maxBatchSize: ROSTER_LOADER_MAX_BATCH });
  // What personById's batches found, so a field whose person is already loaded answers without a
  // promise (Enrollment.user on 100,000 enrollments: one promise each was most of a compare).
  const loadedPeople = new Map<string, PersonRecord | null>();
  return {
    schoolById: loader<SchoolRecord | null>((ids) => reader.schoolsByIds(ids)),
    schoolBySourcedId: loader<SchoolRecord | null>((ids) => reader.schoolsBySourcedIds(ids)),
    personById: loader<PersonRecord | null>(async (ids) => {
      const people = await reader.peopleByIds(ids);
      ids.forEach((id, index) => {
        loadedPeople.set(id, people[index] ?? null);
      });
      return people;
    }),
    /** The person personById loaded for `id` (null: none), or undefined while it has not been loaded. */
    loadedPerson: (id: string): PersonRecord | null | undefined => loadedPeople.get(id),
    personBySourcedId: loader<PersonRecord | null>((ids) => reader.peopleBySourcedIds(ids)),
    classById: loader<ClassRecord | null>((ids) => reader.classesByIds(ids)),
    classBySourcedId: loader<ClassRecord | null>((ids) => reader.classesBySourcedIds(ids)),
    classesBySchoolId: loader<ClassRecord[]>((ids) => reader.classesBySchoolIds(ids)),
    enrollmentsByClassId: loader<EnrollmentRecord[]>((ids) => reader.enrollmentsByClassIds(ids)),
    enrollmentsByUserId: loader<EnrollmentRecord[]>((ids) => reader.enrollmentsByUserIds(ids)),
    membershipsByUserId: loader<MembershipRecord[]>((ids) => reader.membershipsByUserIds(ids)),
    guardianLinksByStudentId: loader<GuardianLinkRecord[]>((ids) => reader.guardianLinksByStudentIds(ids)),
    guardianLinksByParentId: loader<GuardianLinkRecord[]>((ids) => reader.guardianLinksByParentIds(ids)),
    syncErrorsBySourcedId: loader<SyncErrorRecord[]>((ids) => reader.syncErrorsBySourcedIds(ids)),
  };
}

export type RosterLoaders = ReturnType<typeof createRosterLoaders>;

/** Loads many keys and drops the ones that found nothing. */
export async function loadPresent<V>(loader: DataLoader<string, V | null>, keys: readonly string[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  return values.filter((value): value is V => value !== null && !(value instanceof Error));
}
