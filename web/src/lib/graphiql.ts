/** The link that opens a document (and its variables) in the app's GraphiQL (/graphiql, behind sign-in). */
export function graphiqlHref(query: string, variables?: Record<string, unknown> | null): string {
  const params = new URLSearchParams({ query });
  if (variables && Object.keys(variables).length) params.set('variables', JSON.stringify(variables, null, 2));
  return `/graphiql?${params}`;
}
