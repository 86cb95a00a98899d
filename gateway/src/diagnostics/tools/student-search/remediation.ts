import { noIssueStep, remedy } from '../../remediation';

/** Student Search's steps per finding kind (shared wording, Student Search's subjects). */
export const studentSearchRemedies = {
  STUDENT_NOT_IN_SOURCE: remedy.studentNotInSource,
  STUDENT_NOT_IN_BOOKMARKED: remedy.studentNotInBookmarked,
  IMPORT_REJECTED: remedy.importRejected,
  FIELD_MISMATCH: remedy.fieldMismatch,
  SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: remedy.membershipNotInBookmarked,
  STALE_SCHOOL_MEMBERSHIP: remedy.staleMembership,
  noIssue: () => noIssueStep('the SIS and Bookmarked records of the students found'),
  nothingFound: (query: string) =>
    `Nobody matches "${query}" in either system: check the spelling, try the student number or email, or ask the requester which district and campus the student attends.`,
};
