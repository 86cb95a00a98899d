import { inconclusiveStep, noIssueStep, remedy, SIS_ADMIN } from '../../remediation';

/** Student Mismatch Resolver's steps: whether the SIS or Bookmarked made the link decides who acts. */
export const studentMismatchRemedies = {
  PHANTOM_PARENT_LINK: remedy.phantomParentLink,
  PARENT_LINK_NOT_IN_BOOKMARKED: remedy.parentLinkNotInBookmarked,
  DUPLICATE_EMAIL_IN_SOURCE: remedy.duplicateEmailInSource,
  IMPORT_REJECTED: remedy.importRejected,
  /** The named student is linked to the email by the SIS itself. */
  linkedInSource: (student: string, parents: string, email: string) =>
    `${SIS_ADMIN}: the SIS itself links ${student} to ${parents} (email ${email}). Remove the student from that parent's agentSourcedIds (or the parent from the student's), or correct the parent's email if it belongs to another family; Bookmarked follows at the next roster sync.`,
  noIssue: (student: string, email: string) =>
    noIssueStep(`the SIS and Bookmarked links of ${email}, and neither links ${student} to it,`),
  noParent: (email: string) =>
    `Nobody has the email ${email} in the SIS or in Bookmarked: ${inconclusiveStep('the exact email the parent signs in with').toLowerCase()}`,
  unknownStudent: () => inconclusiveStep("the student's full name as the school has it, or their student number"),
  ambiguousStudent: () => inconclusiveStep("the student's campus, grade or student number, to tell the candidates apart"),
};
