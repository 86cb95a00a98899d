import { createYoga } from 'graphql-yoga';
import { schema } from './src/schema';
import { useHardening } from './src/plugins/use-hardening';
const yoga = createYoga({ schema, plugins: [...useHardening()], context: () => ({}) as never });
const docs: Record<string, string> = {
  tiny: `{ districts(environment: STAGING) { totalCount } }`,
  one: `query Q($d: ID!) { district(id: $d) { source { students(first: 5) { sourcedId givenName } } } }`,
  two: `query Q($d: ID!) { district(id: $d) { name source { students(first: 5) { sourcedId givenName familyName email grade identifier } } } }`,
  both: `query Q($d: ID!) { district(id: $d) { source { students { sourcedId givenName familyName } } bookmarked { students { sourcedId givenName familyName } } } }`,
};
for (const [name, doc] of Object.entries(docs)) {
  const r = await yoga.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: doc, variables: { d: '1' } }) });
  console.log(name, r.status, (await r.text()).slice(0, 120));
}
