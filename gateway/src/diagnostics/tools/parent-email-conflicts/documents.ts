import { toolDocument } from '../../roster-fragments';

/** The parents with the email in each system, with the students they are linked to. */
export const PARENT_EMAIL_CONFLICTS = toolDocument(
  'ParentEmailConflicts',
  /* GraphQL */ `
query ParentEmailConflicts($districtId: ID!, $environment: Environment, $parentEmail: String!) {
  district(id: $districtId, environment: $environment) {
    source { parents(email: $parentEmail) { ...DxParentLinks } }
    bookmarked { parents(email: $parentEmail) { ...DxParentLinks } }
  }
}`,
);

/**
 * What the first answer decides we need: the SIS parents of the students each Bookmarked
 * account is linked to (merged accounts), the SIS records of the accounts (names), and
 * Bookmarked's records and sync errors of the SIS parents.
 */
export const PARENT_EMAIL_CONFLICTS_COUNTERPARTS = toolDocument(
  'ParentEmailConflictsCounterparts',
  /* GraphQL */ `
query ParentEmailConflictsCounterparts($districtId: ID!, $environment: Environment, $studentSourcedIds: [String!]!, $accountSourcedIds: [String!]!, $parentSourcedIds: [String!]!) {
  district(id: $districtId, environment: $environment) {
    source {
      students(sourcedIds: $studentSourcedIds) { ...DxStudentLinks }
      parents(sourcedIds: $accountSourcedIds) { ...DxPerson }
    }
    bookmarked {
      parents(sourcedIds: $parentSourcedIds) { ...DxPerson }
      syncErrors(sourcedIds: $parentSourcedIds) { ...DxSyncError }
    }
  }
}`,
);
