import { toolDocument } from '../../roster-fragments';

/**
 * The parents with the email in each system and the students they are linked to, and the
 * district's students with the name (for when the named student is linked to nobody).
 */
export const STUDENT_MISMATCH = toolDocument(
  'StudentMismatch',
  /* GraphQL */ `
query StudentMismatch($districtId: ID!, $environment: Environment, $parentEmail: String!, $studentName: String!, $nameIsComplete: Boolean!) {
  district(id: $districtId, environment: $environment) {
    source {
      parents(email: $parentEmail) { ...DxParentLinks }
      students(name: $studentName) @include(if: $nameIsComplete) { ...DxStudent }
    }
    bookmarked {
      parents(email: $parentEmail) { ...DxParentLinks }
      students(name: $studentName) @include(if: $nameIsComplete) { ...DxStudent }
    }
  }
}`,
);

/**
 * Bookmarked's records (by sourcedId) of the SIS parents and linked students the first answer
 * did not pair, and the sync errors logged for them.
 */
export const STUDENT_MISMATCH_COUNTERPARTS = toolDocument(
  'StudentMismatchCounterparts',
  /* GraphQL */ `
query StudentMismatchCounterparts($districtId: ID!, $environment: Environment, $parentSourcedIds: [String!]!, $studentSourcedIds: [String!]!) {
  district(id: $districtId, environment: $environment) {
    bookmarked {
      parents(sourcedIds: $parentSourcedIds) { ...DxPerson }
      students(sourcedIds: $studentSourcedIds) { ...DxStudent }
      parentSyncErrors: syncErrors(sourcedIds: $parentSourcedIds) { ...DxSyncError }
      studentSyncErrors: syncErrors(sourcedIds: $studentSourcedIds) { ...DxSyncError }
    }
  }
}`,
);
