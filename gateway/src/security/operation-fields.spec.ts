import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rootFields } from './operation-fields';

describe('root fields of an operation', () => {
  it('counts aliased fields by name, through fragments, for the chosen operation', () => {
    const document = parse(`
      mutation Runs { a: studentSearch(input: $i) { id } ...More ... on Mutation { c: compare(input: $c) { id } } }
      fragment More on Mutation { b: studentSearch(input: $j) { id } }
      query Other { tools { name } }`);
    expect(rootFields(document, 'Runs')).toEqual({
      operation: 'mutation',
      name: 'Runs',
      fields: ['studentSearch', 'studentSearch', 'compare'],
    });
    expect(rootFields(document, 'Other')).toEqual({ operation: 'query', name: 'Other', fields: ['tools'] });
    expect(rootFields(document, 'Missing')).toEqual({ operation: null, name: null, fields: [] });
  });
});
