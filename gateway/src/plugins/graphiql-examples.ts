/** Example operations GraphiQL opens with, so a new engineer sees the side-by-side idea at once. */
export function graphiqlExampleTabs(options: { districtId: string; studentName: string }) {
  return [
    {
      query: `# The same student in the SIS (source) and in Bookmarked, side by side.
query SideBySideStudent($districtId: ID!, $name: String!) {
  district(id: $districtId) {
    id
    name
    environment
    source { ...StudentsByName }
    bookmarked { ...StudentsByName }
  }
}

fragment StudentsByName on RosterView {
  system
  students(name: $name) {
    sourcedId
    givenName
    familyName
    email
    grade
    identifier
    schools { name schoolCode }
    parents { sourcedId givenName familyName email }
    classes { sourcedId title }
  }
}`,
      variables: JSON.stringify({ districtId: options.districtId, name: options.studentName }, null, 2),
    },
    {
      query: `# Find a district by name or id (the district picker uses this).
query FindDistricts($search: String!) {
  districts(search: $search, environment: STAGING, first: 10) {
    totalCount
    nodes { id name state sisProvider customer { customerId sourceKind } }
  }
}`,
      variables: JSON.stringify({ search: 'lake' }, null, 2),
    },
    {
      query: `# A parent by email in both systems, with the students each system links to them.
query ParentByEmail($districtId: ID!, $email: String!) {
  district(id: $districtId) {
    source { parents(email: $email) { ...ParentLinks } }
    bookmarked { parents(email: $email) { ...ParentLinks } }
  }
}

fragment ParentLinks on Parent {
  sourcedId givenName familyName email
  studentLinks { origin student { sourcedId givenName familyName } }
}`,
      variables: JSON.stringify({ districtId: options.districtId, email: 'parent@example.org' }, null, 2),
    },
  ];
}
