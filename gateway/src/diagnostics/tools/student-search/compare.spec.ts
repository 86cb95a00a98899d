import { describe, expect, it } from 'vitest';
import { kindsOf, school, student, studentInBoth, syncError } from '../../testing/shapes';
import { compareStudentSearch, type StudentSearchData } from './compare';

const lincoln = {
  source: school('SOURCE', { sourcedId: 'org-1', name: 'Lincoln Elementary' }),
  bookmarked: school('BOOKMARKED', { sourcedId: 'org-1', name: 'Lincoln Elementary' }),
};
const oak = {
  source: school('SOURCE', { sourcedId: 'org-2', name: 'Oak Middle' }),
  bookmarked: school('BOOKMARKED', { sourcedId: 'org-2', name: 'Oak Middle' }),
};

const data = (
  found: Partial<StudentSearchData['found']>,
  counterparts: Partial<StudentSearchData['counterparts']> = {},
): StudentSearchData => ({
  found: { source: [], bookmarked: [], ...found },
  counterparts: { source: [], bookmarked: [], syncErrors: [], ...counterparts },
});

const ana = (
  bookmarked: Parameters<typeof studentInBoth>[0]['bookmarked'] = {},
  schools: [(typeof lincoln.source)[], (typeof lincoln.bookmarked)[]] = [[lincoln.source], [lincoln.bookmarked]],
) =>
  studentInBoth({
    sourcedId: 'stu-1',
    given: 'Ana',
    family: 'López',
    email: 'ana.lopez@isd.org',
    identifier: '1001',
    grade: '05',
    schools,
    bookmarked,
  });

describe('compareStudentSearch', () => {
  it('is NO_ISSUE with no findings when the pair agrees (clean control)', () => {
    const { source, bookmarked } = ana();
    const verdict = compareStudentSearch({ query: 'Ana Lopez', data: data({ source: [source], bookmarked: [bookmarked] }) });
    expect(verdict).toMatchObject({ status: 'NO_ISSUE', findings: [] });
    expect(verdict.remediation).toHaveLength(1);
  });

  it('is not a FIELD_MISMATCH when values differ only by case, accents, spaces or email whitespace', () => {
    const { source, bookmarked } = ana({ given: 'ANA', family: 'Lopez ', email: ' ANA.LOPEZ@isd.org' });
    expect(compareStudentSearch({ query: 'Lopez, Ana', data: data({ source: [source], bookmarked: [bookmarked] }) }).status).toBe(
      'NO_ISSUE',
    );
  });

  it('gives one FIELD_MISMATCH per record however many fields differ', () => {
    const { source, bookmarked } = ana({ family: 'Lopez-Garcia', grade: '04', identifier: '9999' });
    const verdict = compareStudentSearch({ query: 'stu-1', data: data({ source: [source], bookmarked: [bookmarked] }) });
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(kindsOf(verdict)).toEqual(['FIELD_MISMATCH']);
    expect(verdict.findings[0]).toMatchObject({ system: 'BOOKMARKED', sourcedIds: ['stu-1'] });
    expect(verdict.findings[0]?.message).toContain('grade "05" in the SIS vs "04" in Bookmarked');
  });

  it('pairs a renamed student found by the counterpart lookup (FIELD_MISMATCH, not two one-sided students)', () => {
    const { source, bookmarked } = ana({ given: 'Anita' });
    const verdict = compareStudentSearch({ query: 'Ana Lopez', data: data({ source: [source] }, { bookmarked: [bookmarked] }) });
    expect(kindsOf(verdict)).toEqual(['FIELD_MISMATCH']);
  });

  it('gives SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED and STALE_SCHOOL_MEMBERSHIP per campus, never FIELD_MISMATCH', () => {
    const { source, bookmarked } = ana({}, [[lincoln.source], [oak.bookmarked]]);
    const verdict = compareStudentSearch({ query: 'Ana Lopez', data: data({ source: [source], bookmarked: [bookmarked] }) });
    expect(kindsOf(verdict)).toEqual(['SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED', 'STALE_SCHOOL_MEMBERSHIP']);
    expect(verdict.findings.find((f) => f.kind === 'STALE_SCHOOL_MEMBERSHIP')?.sourcedIds).toEqual(['stu-1', 'org-2']);
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('gives STUDENT_NOT_IN_BOOKMARKED for a SIS-only student, with IMPORT_REJECTED when the sync logged why', () => {
    const { source } = ana();
    const plain = compareStudentSearch({ query: 'Ana Lopez', data: data({ source: [source] }) });
    expect(kindsOf(plain)).toEqual(['STUDENT_NOT_IN_BOOKMARKED']);
    const rejected = compareStudentSearch({
      query: 'Ana Lopez',
      data: data(
        { source: [source] },
        {
          syncErrors: [
            syncError({ sourcedId: 'stu-1', message: 'grades "5" is not a grade code' }),
            syncError({ sourcedId: 'other', message: 'x' }),
          ],
        },
      ),
    });
    expect(kindsOf(rejected)).toEqual(['IMPORT_REJECTED', 'STUDENT_NOT_IN_BOOKMARKED']);
    expect(rejected.findings.find((f) => f.kind === 'IMPORT_REJECTED')?.message).toContain('grades "5" is not a grade code');
    expect(rejected.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('gives STUDENT_NOT_IN_SOURCE (ISSUE_IN_SOURCE) for a Bookmarked-only student', () => {
    const { bookmarked } = ana();
    const verdict = compareStudentSearch({ query: '1001', data: data({ bookmarked: [bookmarked] }) });
    expect(kindsOf(verdict)).toEqual(['STUDENT_NOT_IN_SOURCE']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it('treats several matches as results, each judged on its own', () => {
    const one = studentInBoth({
      sourcedId: 'stu-1',
      given: 'Sofia',
      family: 'Quintanilla',
      schools: [[lincoln.source], [lincoln.bookmarked]],
    });
    const two = studentInBoth({
      sourcedId: 'stu-2',
      given: 'Sofía',
      family: 'Quintanilla',
      schools: [[oak.source], [oak.bookmarked]],
    });
    const verdict = compareStudentSearch({
      query: 'Sofia Quintanilla',
      data: data({ source: [one.source, two.source], bookmarked: [one.bookmarked, two.bookmarked] }),
    });
    expect(verdict).toMatchObject({ status: 'NO_ISSUE', findings: [] });
    expect(verdict.summary).toContain('2 student(s)');
  });

  it('lets a SIS fault win over Bookmarked ones across results', () => {
    const one = ana({ grade: '04' });
    const other = student('BOOKMARKED', { sourcedId: 'stu-9', given: 'Ana', family: 'Lopez' });
    const verdict = compareStudentSearch({
      query: 'Ana Lopez',
      data: data({ source: [one.source], bookmarked: [one.bookmarked, other] }),
    });
    expect(kindsOf(verdict)).toEqual(['FIELD_MISMATCH', 'STUDENT_NOT_IN_SOURCE']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
    expect(verdict.findings[0]?.kind).toBe('STUDENT_NOT_IN_SOURCE');
  });

  it('is INCONCLUSIVE when nobody matches', () => {
    const verdict = compareStudentSearch({ query: 'Bartholomew Fairweather', data: data({}) });
    expect(verdict).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
    expect(verdict.summary).toContain('Bartholomew Fairweather');
  });
});
