import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateDocument } from './graphql-editor';

const schema = buildSchema(`
  enum Environment { STAGING PRODUCTION }
  interface Person { givenName: String! familyName: String! }
  type Student implements Person { sourcedId: String givenName: String! familyName: String! grade: String }
  type RosterView { students(name: String, first: Int): [Student!]! system: String! }
  type District { id: ID! name: String! source: RosterView bookmarked: RosterView }
  type Query { district(id: ID!, environment: Environment): District districts(search: String): [District!]! }
  type Mutation { compare(x: String): String }
`);

describe('workbench editor: validation', () => {
  it('reports syntax errors with their position', () => {
    expect(validateDocument(schema, '{ district(id: "1") { name }')).toEqual([
      { message: 'Syntax: Expected Name, found <EOF>.', line: 1, column: 29 },
    ]);
  });

  it('reports unknown fields and refuses mutations', () => {
    const problems = validateDocument(schema, 'mutation M { compare(x: "a") }\nquery Q { district(id: "1") { nope } }');
    expect(problems.map((p) => p.message)).toEqual([
      'The workbench runs read-only queries: "mutation" is refused.',
      'Cannot query field "nope" on type "District". Did you mean "name"?',
    ]);
    expect(problems[1]).toMatchObject({ line: 2, column: 31 });
  });

  it('accepts a valid query', () => {
    expect(validateDocument(schema, 'query($id: ID!) { district(id: $id) { name source { students { givenName } } } }')).toEqual(
      [],
    );
  });
});
