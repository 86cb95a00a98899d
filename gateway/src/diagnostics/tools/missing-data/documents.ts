import { toolDocument } from '../../roster-fragments';

/** Students with the name in each system, and the campuses the optional `school` input may name. */
export const MISSING_DATA_CANDIDATES = toolDocument(
  'MissingDataCandidates',
  /* GraphQL */ `
query MissingDataCandidates($districtId: ID!, $environment: Environment, $studentName: String!) {
  district(id: $districtId, environment: $environment) {
    source { students(name: $studentName) { ...DxStudent } schools { ...DxSchool } }
    bookmarked { students(name: $studentName) { ...DxStudent } schools { ...DxSchool } }
  }
}`,
);

/** The other system's record of candidates found by name on one side only (a renamed student). */
export const MISSING_DATA_COUNTERPARTS = toolDocument(
  'MissingDataCounterparts',
  /* GraphQL */ `
query MissingDataCounterparts($districtId: ID!, $environment: Environment, $missingInSource: [String!]!, $missingInBookmarked: [String!]!) {
  district(id: $districtId, environment: $environment) {
    source { students(sourcedIds: $missingInSource) { ...DxStudent } }
    bookmarked { students(sourcedIds: $missingInBookmarked) { ...DxStudent } }
  }
}`,
);

/** The identified student in both systems with their enrollments, classes and teachers. */
export const MISSING_DATA_STUDENT = toolDocument(
  'MissingDataStudent',
  /* GraphQL */ `
query MissingDataStudent($districtId: ID!, $environment: Environment, $sourcedIds: [String!]!) {
  district(id: $districtId, environment: $environment) {
    source { students(sourcedIds: $sourcedIds) { ...DxStudent enrollments { ...DxEnrollment } } }
    bookmarked { students(sourcedIds: $sourcedIds) { ...DxStudent enrollments { ...DxEnrollment } } }
  }
}`,
);

/** Bookmarked's records of the student's SIS classes (by sourcedId), and the sync errors of what it lacks. */
export const MISSING_DATA_CLASSES = toolDocument(
  'MissingDataClasses',
  /* GraphQL */ `
query MissingDataClasses($districtId: ID!, $environment: Environment, $classSourcedIds: [String!]!, $syncErrorSourcedIds: [String!]!) {
  district(id: $districtId, environment: $environment) {
    bookmarked {
      classes(sourcedIds: $classSourcedIds) { ...DxClass }
      syncErrors(sourcedIds: $syncErrorSourcedIds) { ...DxSyncError }
    }
  }
}`,
);
