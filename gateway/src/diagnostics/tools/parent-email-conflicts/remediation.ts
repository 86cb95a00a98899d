import { inconclusiveStep, noIssueStep, remedy } from '../../remediation';

/** Parent Email Conflicts' steps per finding kind. */
export const parentEmailConflictsRemedies = {
  DUPLICATE_EMAIL_IN_SOURCE: remedy.duplicateEmailInSource,
  DUPLICATE_ACCOUNT_IN_BOOKMARKED: remedy.duplicateAccountInBookmarked,
  MERGED_ACCOUNT_IN_BOOKMARKED: remedy.mergedAccount,
  FIELD_MISMATCH: remedy.fieldMismatch,
  IMPORT_REJECTED: remedy.importRejected,
  noIssue: (email: string) => noIssueStep(`the parents with ${email} in the SIS and their Bookmarked accounts`),
  noParent: (email: string) =>
    `Nobody has the email ${email} in the SIS or in Bookmarked: ${inconclusiveStep('the exact email the parents use').toLowerCase()}`,
};
