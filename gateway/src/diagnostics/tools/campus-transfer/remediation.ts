import { inconclusiveStep, noIssueStep, remedy, SIS_ADMIN } from '../../remediation';

/** Campus Transfer Validator's steps per finding kind. */
export const campusTransferRemedies = {
  TRANSFER_NOT_IN_SOURCE: (student: string, campus: string, stillAtOld: boolean) =>
    stillAtOld
      ? `${SIS_ADMIN}: the SIS still lists ${student} at ${campus}. End the membership and the enrollments there (or mark them tobedeleted in the export); Bookmarked follows at the next roster sync.`
      : `${SIS_ADMIN}: record ${student}'s move to ${campus} in the SIS (campus membership and class enrollments); Bookmarked follows at the next roster sync.`,
  STALE_SCHOOL_MEMBERSHIP: remedy.staleMembership,
  PHANTOM_ENROLLMENT: remedy.phantomEnrollment,
  SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: remedy.membershipNotInBookmarked,
  ENROLLMENT_NOT_IN_BOOKMARKED: remedy.enrollmentNotInBookmarked,
  IMPORT_REJECTED: remedy.importRejected,
  noIssue: (student: string) => noIssueStep(`the SIS and Bookmarked campuses and enrollments of ${student}`),
  unknownCampus: (reference: string) => inconclusiveStep(`the exact name, school code or sourcedId of the campus "${reference}"`),
  incompleteName: () => inconclusiveStep("the student's first and last name ('Ana Lopez' or 'Lopez, Ana')"),
  unknownStudent: () => inconclusiveStep("the student's name as the school has it"),
  ambiguousStudent: () => inconclusiveStep("the student's student number or grade, to tell the candidates apart"),
};
