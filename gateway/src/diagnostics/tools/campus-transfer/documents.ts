import { toolDocument } from '../../roster-fragments';

/** The campuses of each system and the students with the name, with memberships and enrollments. */
export const CAMPUS_TRANSFER = toolDocument(
  'CampusTransfer',
  /* GraphQL */ `
query CampusTransfer($districtId: ID!, $environment: Environment, $studentName: String!, $nameIsComplete: Boolean!) {
  district(id: $districtId, environment: $environment) {
    source {
      schools { ...DxSchool }
      students(name: $studentName) @include(if: $nameIsComplete) { ...DxStudent enrollments { ...DxEnrollment } }
    }
    bookmarked {
      schools { ...DxSchool }
      students(name: $studentName) @include(if: $nameIsComplete) { ...DxStudent enrollments { ...DxEnrollment } }
    }
  }
}`,
);

/** The other system's record of students found by name on one side only (a renamed student). */
export const CAMPUS_TRANSFER_COUNTERPARTS = toolDocument(
  'CampusTransferCounterparts',
  /* GraphQL */ `
query CampusTransferCounterparts($districtId: ID!, $environment: Environment, $missingInSource: [String!]!, $missingInBookmarked: [String!]!) {
  district(id: $districtId, environment: $environment) {
    source { students(sourcedIds: $missingInSource) { ...DxStudent enrollments { ...DxEnrollment } } }
    bookmarked { students(sourcedIds: $missingInBookmarked) { ...DxStudent enrollments { ...DxEnrollment } } }
  }
}`,
);

/** Sync errors of the identified student and of their SIS enrollments and classes. */
export const CAMPUS_TRANSFER_SYNC_ERRORS = toolDocument(
  'CampusTransferSyncErrors',
  /* GraphQL */ `
query CampusTransferSyncErrors($districtId: ID!, $environment: Environment, $sourcedIds: [String!]!) {
  district(id: $districtId, environment: $environment) {
    bookmarked { syncErrors(sourcedIds: $sourcedIds) { ...DxSyncError } }
  }
}`,
);
