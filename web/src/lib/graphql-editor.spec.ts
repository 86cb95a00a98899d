import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { completionsAt, highlightGraphQL, validateDocument } from './graphql-editor';

const schema = buildSchema(`
  enum Environment { STAGING PRODUCTION }
  interface Person { givenName: String! familyName: String! }
  type Student implements Person { sourcedId: String givenName: String! familyName: String! grade: String }
  type RosterView { students(name: String, first: Int): [Student!]! system: String! }
  type District { id: ID! name: String! source: RosterView bookmarked: RosterView }
  type Query { district(id: ID!, environment: Environment): District districts(search: String): [District!]! }
  type Mutation { compare(x: String): String }
`);

const at = (text: string) => {
  const offset = text.indexOf('|');
  return completionsAt(schema, text.replace('|', ''), offset);
};
const labels = (text: string) => at(text).items.map((item) => item.label);

describe('workbench editor: completion', () => {
  it('completes root fields, then nested fields by the enclosing type', () => {
    expect(labels('{ dis|')).toEqual(['district', 'districts']);
    expect(labels('query Q { district(id: "1") { so| } }')).toEqual(['source']);
    expect(labels('query Q {\n  district(id: "1") {\n    source {\n      students {\n        g|\n')).toEqual([
      'givenName',
      'grade',
    ]);
    expect(at('{ district(id: "1") { na| } }')).toMatchObject({ from: 22, to: 24 });
  });

  it('follows aliases and leaves closed selections', () => {
    expect(labels('{ d: district(id: "1") { source { system } bookmarked { s| } } }')).toEqual(['students', 'system']);
  });

  it('completes arguments inside parentheses and enum values after a colon', () => {
    expect(labels('{ district(|')).toEqual(['environment', 'id']);
    expect(labels('{ district(id: "1", e|')).toEqual(['environment']);
    expect(labels('{ district(id: "1", environment: |')).toEqual(['PRODUCTION', 'STAGING']);
  });

  it('offers keywords at the top level and nothing inside strings or after $', () => {
    expect(labels('q|')).toEqual(['query']);
    expect(labels('{ district(id: "di|')).toEqual([]);
    expect(labels('query Q($di|')).toEqual([]);
  });

  it('uses the type condition of a fragment', () => {
    expect(labels('fragment F on Student { gr| }')).toEqual(['grade']);
  });
});

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

describe('workbench editor: colouring', () => {
  it('wraps tokens in classes and escapes the text', () => {
    expect(highlightGraphQL('query Q { a(x: "<b>") } # note')).toBe(
      '<span class="tk-keyword">query</span> <span class="tk-type">Q</span> <span class="tk-punct">{</span> <span class="tk-name">a</span><span class="tk-punct">(</span><span class="tk-name">x</span><span class="tk-punct">:</span> <span class="tk-string">"&lt;b&gt;"</span><span class="tk-punct">)</span> <span class="tk-punct">}</span> <span class="tk-comment"># note</span>',
    );
  });
});
