import { describe, expect, it } from 'vitest';
import { collectRecords, flattenRecord, nameOf, sideBySide } from './evidence';

// As a Student Search run keeps them: `district.source` and `district.bookmarked` of its query.
const source = {
  students: [
    {
      id: 'stu-1',
      system: 'SOURCE',
      sourcedId: 'stu-1',
      givenName: 'Ana',
      familyName: 'Lopez',
      email: 'ana@lakeside.org',
      grade: '05',
      schools: [{ sourcedId: 'sch-1', name: 'Lakeside Elementary' }],
      parents: [{ sourcedId: 'par-1', givenName: 'Maria', familyName: 'Lopez' }],
    },
    {
      id: 'stu-2',
      system: 'SOURCE',
      sourcedId: 'stu-2',
      givenName: 'Ben',
      familyName: 'Ode',
      email: null,
      grade: '04',
      schools: [],
      parents: [],
    },
  ],
};
const bookmarked = {
  students: [
    {
      id: '901',
      system: 'BOOKMARKED',
      sourcedId: 'stu-1',
      givenName: 'ana',
      familyName: 'Lopez',
      email: 'ana@lakeside.org',
      grade: '06',
      schools: [{ sourcedId: 'sch-1', name: 'Lakeside Elementary' }],
      parents: [{ sourcedId: 'par-1', givenName: 'Maria', familyName: 'Lopez' }],
    },
    {
      id: '902',
      system: 'BOOKMARKED',
      sourcedId: 'stu-3',
      givenName: 'Cy',
      familyName: 'Ray',
      email: null,
      grade: '05',
      schools: [],
      parents: [],
    },
  ],
};

describe('side-by-side records from a run’s evidence', () => {
  it('flattens records: ids dropped, nested lists become names', () => {
    expect(flattenRecord(source.students[0] as Record<string, unknown>)).toEqual({
      sourcedId: 'stu-1',
      givenName: 'Ana',
      familyName: 'Lopez',
      email: 'ana@lakeside.org',
      grade: '05',
      schools: ['Lakeside Elementary'],
      parents: ['Maria Lopez'],
    });
    expect(nameOf({ student: { givenName: 'Ana', familyName: 'Lopez' }, origin: 'SIS' })).toBe('Ana Lopez');
    expect(nameOf({ title: 'Math 5' })).toBe('Math 5');
  });

  it('collects nested lists into their own groups (a student’s parents are parents)', () => {
    const groups = collectRecords(source);
    expect([...groups.keys()]).toEqual(['students', 'schools', 'parents']);
    expect([...(groups.get('parents')?.keys() ?? [])]).toEqual(['par-1']);
  });

  it('pairs by sourcedId and highlights the grade, not the case of a name; findings’ records first', () => {
    const [students] = sideBySide({ source: [source], bookmarked: [bookmarked], focusIds: ['stu-1'] });
    expect(students?.label).toBe('Students');
    expect(students?.fields.map((f) => f.name)).toEqual([
      'sourcedId',
      'givenName',
      'familyName',
      'email',
      'grade',
      'schools',
      'parents',
    ]);
    const [ana, ben, cy] = students?.pairs ?? [];
    expect(ana?.key).toBe('stu-1');
    expect(ana?.fields.filter((f) => f.differs).map((f) => f.field)).toEqual(['grade']);
    expect(ben).toMatchObject({ key: 'stu-2', right: null, differs: true });
    expect(cy).toMatchObject({ key: 'stu-3', left: null, differs: true });
  });
});
