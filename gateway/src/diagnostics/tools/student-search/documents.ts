import { toolDocument } from '../../roster-fragments';

/** The students the query finds in each system, read the way the rule book classifies the query. */
export const STUDENT_SEARCH = toolDocument(
  'StudentSearch',
  /* GraphQL */ `
query StudentSearch($districtId: ID!, $environment: Environment, $query: String!) {
  district(id: $districtId, environment: $environment) {
    source { students(query: $query, first: 50) { ...DxStudent } }
    bookmarked { students(query: $query, first: 50) { ...DxStudent } }
  }
}`,
);

/**
 * The other system's record of every student found in only one system, by sourcedId: a
 * renamed student is not found by name on the side that holds the other name.
 */
export const STUDENT_SEARCH_COUNTERPARTS = toolDocument(
  'StudentSearchCounterparts',
  /* GraphQL */ `
query StudentSearchCounterparts($districtId: ID!, $environment: Environment, $missingInSource: [String!]!, $missingInBookmarked: [String!]!) {
  district(id: $districtId, environment: $environment) {
    source { students(sourcedIds: $missingInSource) { ...DxStudent } }
    bookmarked {
      students(sourcedIds: $missingInBookmarked) { ...DxStudent }
      syncErrors(sourcedIds: $missingInBookmarked) { ...DxSyncError }
    }
  }
}`,
);
