import { describe, expect, it } from 'vitest';
import {
  decodeComparison,
  defaultComparison,
  encodeComparison,
  findRecordLists,
  parseVariables,
  previewDocument,
  shareHref,
  suggestComparison,
} from './workbench';

describe('workbench', () => {
  it('shares a comparison in the URL and reads it back, accents and all', () => {
    const comparison = {
      ...defaultComparison({ districtId: '1001', environment: 'STAGING' }),
      keyField: 'sourcedId',
      fields: ['givenName'],
    };
    comparison.document = `# Jesús\n${comparison.document}`;
    expect(decodeComparison(encodeComparison(comparison))).toEqual(comparison);
    expect(decodeComparison('not-base64!!')).toBeNull();
    expect(decodeComparison(null)).toBeNull();
    expect(shareHref({ ...comparison, variables: { districtId: '9' } })).toMatch(/^\/workbench\?c=[A-Za-z0-9_-]+$/);
  });

  it('finds the record lists of an answer and suggests the source/bookmarked pair', () => {
    const data = {
      district: {
        name: 'Lakeside',
        source: {
          students: [
            { sourcedId: 's1', givenName: 'Ana', school: { name: 'Hill' }, classes: [{ sourcedId: 'c1', title: 'Math' }] },
          ],
        },
        bookmarked: {
          students: [
            { sourcedId: 's1', givenName: 'Ana', school: { name: 'Hill' }, system: 'BOOKMARKED' },
            { sourcedId: 's2', givenName: 'Ben' },
          ],
        },
      },
    };
    const lists = findRecordLists(data);
    expect(lists).toEqual([
      { path: 'district.source.students', count: 1, fields: ['sourcedId', 'givenName', 'school.name'] },
      { path: 'district.source.students.classes', count: 1, fields: ['sourcedId', 'title'] },
      { path: 'district.bookmarked.students', count: 2, fields: ['sourcedId', 'givenName', 'school.name', 'system'] },
    ]);
    expect(suggestComparison(lists)).toEqual({
      leftPath: 'district.source.students',
      rightPath: 'district.bookmarked.students',
      keyField: 'sourcedId',
      fields: ['givenName', 'school.name'],
    });
  });

  it('caps literal first: arguments for the preview only', () => {
    const preview = previewDocument(
      '{ district(id: "1") { source { students(first: 5000) { sourcedId } teachers(first: 3) { sourcedId } } } }',
    );
    expect(preview).toContain('students(first: 25)');
    expect(preview).toContain('teachers(first: 3)');
    expect(previewDocument('{ broken')).toBe('{ broken');
  });

  it('parses variables or says what is wrong', () => {
    expect(parseVariables('')).toEqual({ ok: true, value: {} });
    expect(parseVariables('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseVariables('[1]')).toMatchObject({ ok: false, message: expect.stringMatching(/JSON object/) });
    expect(parseVariables('{a:1}')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
  });
});
