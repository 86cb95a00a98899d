import { describe, expect, it } from 'vitest';
import { parseNameQuery } from '../domain/names';
import {
  fieldDifferences,
  pairPeople,
  personMatchesQuery,
  resolveCampus,
  STUDENT_COMPARED_FIELDS,
  sameEnrollment,
} from './matching';
import { school, student } from './testing/shapes';

describe('name inputs (rule book, "Name inputs")', () => {
  const ana = { givenName: 'Ana María', familyName: 'López' };

  it.each([['Ana Lopez'], ['Lopez, Ana'], ['LÓPEZ, ana maria'], ['  ana   maria   lopez '], ['Ana Sofia Lopez']])(
    '"%s" matches Ana María López',
    (input) => {
      expect(personMatchesQuery(ana, parseNameQuery(input))).toBe(true);
    },
  );

  it.each([['Ana Lopez-Garcia'], ['Maria Lopez'], ['Lopez Ana'], ['Ana']])('"%s" does not', (input) => {
    expect(personMatchesQuery(ana, parseNameQuery(input))).toBe(false);
  });
});

describe('fieldDifferences', () => {
  const base = { givenName: 'José', familyName: 'Peñaloza', email: 'Jose.P@School.org', grade: '04', identifier: '1001' };

  it('ignores case, accents and spacing in names and case and whitespace in emails', () => {
    expect(
      fieldDifferences(
        base,
        { ...base, givenName: 'JOSE', familyName: ' Penaloza ', email: ' jose.p@school.org ' },
        STUDENT_COMPARED_FIELDS,
      ),
    ).toEqual([]);
  });

  it('reports each field that really differs, with both values', () => {
    expect(
      fieldDifferences(base, { ...base, grade: '03', identifier: '1002', familyName: 'Peña' }, STUDENT_COMPARED_FIELDS),
    ).toEqual([
      { field: 'familyName', source: 'Peñaloza', bookmarked: 'Peña' },
      { field: 'grade', source: '04', bookmarked: '03' },
      { field: 'identifier', source: '1001', bookmarked: '1002' },
    ]);
  });

  it('treats a missing value and an empty one alike, and a missing one and a value as different', () => {
    expect(fieldDifferences({ ...base, email: null }, { ...base, email: '' }, ['email'])).toEqual([]);
    expect(fieldDifferences({ ...base, email: null }, base, ['email'])).toHaveLength(1);
  });
});

describe('pairPeople', () => {
  it('pairs by sourcedId and keeps Bookmarked accounts without one apart', () => {
    const a = student('SOURCE', { sourcedId: 's1', given: 'Ana', family: 'Lopez' });
    const b = student('BOOKMARKED', { sourcedId: 's1', given: 'Anna', family: 'Lopez' });
    const orphan = student('BOOKMARKED', { sourcedId: null, given: 'Ana', family: 'Lopez' });
    const pairs = pairPeople([a, a], [b, orphan]);
    expect(pairs).toHaveLength(2);
    expect(pairs[0]).toMatchObject({ sourcedId: 's1', source: a, bookmarked: b });
    expect(pairs[1]).toMatchObject({ sourcedId: null, source: null, bookmarked: orphan });
  });
});

describe('resolveCampus', () => {
  const sourceSchools = [
    school('SOURCE', { sourcedId: 'org-1', name: 'Lincoln Elementary', code: '101' }),
    school('SOURCE', { sourcedId: 'org-2', name: 'Lincoln Middle School', code: '201' }),
  ];
  const bookmarkedSchools = [
    school('BOOKMARKED', { sourcedId: 'org-1', name: 'Lincoln Elem. (renamed)', code: '101' }),
    school('BOOKMARKED', { sourcedId: null, name: 'Annex', code: null }),
  ];

  it.each([['lincoln elementary'], ['101'], ['org-1']])(
    'resolves "%s" in both systems, the renamed twin included',
    (reference) => {
      const campus = resolveCampus({ reference, sourceSchools, bookmarkedSchools });
      expect(campus.resolved).toBe(true);
      expect([...campus.sourcedIds]).toEqual(['org-1']);
      expect(campus.bookmarked.map((s) => s.name)).toEqual(['Lincoln Elem. (renamed)']);
    },
  );

  it('does not resolve an ambiguous partial name or an unknown one', () => {
    expect(resolveCampus({ reference: 'Lincoln', sourceSchools, bookmarkedSchools: [] }).resolved).toBe(false);
    expect(resolveCampus({ reference: 'Hogwarts', sourceSchools, bookmarkedSchools }).resolved).toBe(false);
  });

  it('resolves a campus only Bookmarked has', () => {
    const campus = resolveCampus({ reference: 'annex', sourceSchools, bookmarkedSchools });
    expect(campus).toMatchObject({ resolved: true, source: [] });
    expect(campus.bookmarked).toHaveLength(1);
  });
});

describe('sameEnrollment', () => {
  const source = { sourcedId: 'e1', classSourcedId: 'c1', userSourcedId: 's1', role: 'STUDENT' };

  it('matches by sourcedId, and only by it when Bookmarked has one', () => {
    expect(sameEnrollment(source, { ...source })).toBe(true);
    expect(sameEnrollment(source, { ...source, sourcedId: 'e2' })).toBe(false);
  });

  it('matches a hand-made Bookmarked enrollment (no sourcedId) by class, user and role', () => {
    expect(sameEnrollment(source, { ...source, sourcedId: null, role: 'student' })).toBe(true);
    expect(sameEnrollment(source, { ...source, sourcedId: null, classSourcedId: 'c2' })).toBe(false);
    expect(sameEnrollment(source, { ...source, sourcedId: null, role: 'TEACHER' })).toBe(false);
  });
});
