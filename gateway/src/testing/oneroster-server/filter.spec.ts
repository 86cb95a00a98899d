import { describe, expect, it } from 'vitest';
import { FilterError, fold, matchesFilter, parseFilter } from './filter';

const user = {
  sourcedId: 'u1',
  familyName: 'López',
  givenName: 'Ana  Maria',
  grades: ['09', '10'],
  agents: [{ sourcedId: 'p1' }, { sourcedId: 'p2' }],
  roles: [{ role: 'student', org: { sourcedId: 's1' } }],
  dateLastModified: '2025-08-04T09:30:00.000Z',
  enabledUser: true,
};

const matches = (filter: string, collation: 'folded' | 'exact' = 'folded') => matchesFilter(user, parseFilter(filter), collation);

describe('test server filter', () => {
  it('parses predicates joined by AND or OR, never both', () => {
    expect(parseFilter("familyName='x' OR  familyName = 'y'")).toEqual({
      join: 'OR',
      predicates: [
        { path: ['familyName'], op: '=', value: 'x' },
        { path: ['familyName'], op: '=', value: 'y' },
      ],
    });
    expect(parseFilter("a>='1'").predicates[0]?.op).toBe('>=');
    expect(() => parseFilter("a='1' AND b='2' OR c='3'")).toThrow(FilterError);
    expect(() => parseFilter("a='1")).toThrow(/no closing quote/);
    expect(() => parseFilter('a=1')).toThrow(/quoted value/);
    expect(() => parseFilter("a='1' b='2'")).toThrow(/AND or OR/);
  });

  it('compares folded (case, accents, spaces) or exactly', () => {
    expect(matches("familyName='lopez'")).toBe(true);
    expect(matches("familyName='lopez'", 'exact')).toBe(false);
    expect(matches("familyName='López'", 'exact')).toBe(true);
    expect(matches("givenName~'ana maria'")).toBe(true);
    expect(matches("givenName~'ana maria'", 'exact')).toBe(false);
    expect(fold(' Ñandú  Pérez ', 'folded')).toBe('nandu perez');
  });

  it('reaches into references and arrays: any element matches, != means none equals', () => {
    expect(matches("agents.sourcedId='p2'")).toBe(true);
    expect(matches("agents.sourcedId!='p2'")).toBe(false);
    expect(matches("agents.sourcedId!='p9'")).toBe(true);
    expect(matches("roles.org.sourcedId='s1' AND roles.role='student'")).toBe(true);
    expect(matches("grades='10'")).toBe(true);
    expect(matches("enabledUser='true'")).toBe(true);
  });

  it('orders numbers as numbers and everything else as text', () => {
    expect(matches("grades>'9'")).toBe(true);
    expect(matches("grades>'10'")).toBe(false);
    expect(matches("dateLastModified>='2025-08-01'")).toBe(true);
    expect(matches("dateLastModified<'2025-08-01'")).toBe(false);
  });
});
