import { type Finding, finding } from './findings';
import { describePerson, type PersonPair, quoteSyncErrors, syncErrorsFor } from './matching';
import { remedy } from './remediation';
import type { DxPerson, DxSyncError } from './roster-fragments';

/**
 * Findings several tools share about whether a record exists on each side (pure).
 */

/**
 * IMPORT_REJECTED for a record Bookmarked lacks whose sourcedId has sync errors (rule book,
 * "Sync errors"), or nothing.
 */
export function importRejected(options: {
  record: string;
  sourcedId: string | null;
  syncErrors: readonly DxSyncError[];
  /** Other records involved (e.g. the student of an enrollment). */
  related?: readonly (string | null)[];
}): Finding[] {
  const errors = syncErrorsFor(options.syncErrors, options.sourcedId);
  if (errors.length === 0) return [];
  const quoted = quoteSyncErrors(errors);
  return [
    finding({
      kind: 'IMPORT_REJECTED',
      sourcedIds: [options.sourcedId, ...(options.related ?? [])],
      message: `The Bookmarked roster sync rejected ${options.record}: ${quoted}.`,
      remediation: remedy.importRejected(options.record, quoted),
    }),
  ];
}

/**
 * STUDENT_NOT_IN_SOURCE for a student only Bookmarked has; STUDENT_NOT_IN_BOOKMARKED (and
 * IMPORT_REJECTED when the sync logged why) for one only the SIS has.
 */
export function studentPresenceFindings(pair: PersonPair, syncErrors: readonly DxSyncError[]): Finding[] {
  if (pair.source && pair.bookmarked) return [];
  if (pair.bookmarked) {
    const student = describePerson(pair.bookmarked);
    return [
      finding({
        kind: 'STUDENT_NOT_IN_SOURCE',
        sourcedIds: [pair.bookmarked.sourcedId],
        message: pair.bookmarked.sourcedId
          ? `Student ${student} is live in Bookmarked (account ${pair.bookmarked.id}) but the SIS has no live record with that sourcedId.`
          : `Student ${student} is live in Bookmarked but has no sourcedId, so the SIS cannot have them.`,
        remediation: remedy.studentNotInSource(student, pair.bookmarked.id),
      }),
    ];
  }
  const source = pair.source as DxPerson;
  const student = describePerson(source);
  const rejected = importRejected({ record: `student ${student}`, sourcedId: source.sourcedId, syncErrors });
  return [
    finding({
      kind: 'STUDENT_NOT_IN_BOOKMARKED',
      sourcedIds: [source.sourcedId],
      message: `Student ${student} is in the SIS but has no live record in Bookmarked.`,
      remediation: remedy.studentNotInBookmarked(student, rejected.length > 0),
    }),
    ...rejected,
  ];
}
