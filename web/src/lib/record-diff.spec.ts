import { describe, expect, it } from 'vitest';
import { compareFields, diffRecords, display, orderedPairs, valueAt } from './record-diff';

const ana = {
  sourcedId: 's1',
  givenName: 'Ana',
  familyName: 'López',
  email: 'Ana.Lopez@X.org',
  grade: '05',
  schools: [{ name: 'Lakeside' }],
};

describe('record diff (the highlighted differences)', () => {
  it('highlights a field that really differs and ignores case, accents and spaces in names and case in emails', () => {
    const bookmarked = { ...ana, familyName: 'lopez ', email: ' ana.lopez@x.org', grade: '06' };
    const fields = compareFields(ana, bookmarked, [
      { name: 'givenName' },
      { name: 'familyName' },
      { name: 'email' },
      { name: 'grade' },
    ]);
    expect(fields.filter((f) => f.differs).map((f) => f.field)).toEqual(['grade']);
    expect(fields.find((f) => f.field === 'grade')).toMatchObject({ left: '05', right: '06', differs: true });
    expect(fields.find((f) => f.field === 'familyName')).toMatchObject({ left: 'López', right: 'lopez ', differs: false });
  });

  it('compares lists as sets, through nested paths', () => {
    const a = { schools: [{ name: 'Lakeside' }, { name: 'Hill' }] };
    const b = { schools: [{ name: 'Hill' }, { name: 'lakeside' }] };
    const c = { schools: [{ name: 'Hill' }] };
    expect(valueAt(a, 'schools.name')).toEqual(['Lakeside', 'Hill']);
    expect(compareFields(a, b, [{ name: 'schools.name', label: 'Schools' }])[0]?.differs).toBe(false);
    expect(compareFields(a, c, [{ name: 'schools.name' }])[0]).toMatchObject({
      label: 'schools.name',
      left: 'Lakeside, Hill',
      right: 'Hill',
      differs: true,
    });
  });

  it('pairs by key into only-left, only-right, changed and identical', () => {
    const left = [ana, { sourcedId: 's2', givenName: 'Ben' }, { sourcedId: 's3', givenName: 'Cy' }];
    const right = [
      { ...ana, grade: '06' },
      { sourcedId: 's3', givenName: 'CY' },
      { sourcedId: 's4', givenName: 'Di' },
      { givenName: 'no key' },
    ];
    const diff = diffRecords({ left, right, key: 'sourcedId', fields: [{ name: 'givenName' }, { name: 'grade' }] });
    expect(diff.changed.map((p) => p.key)).toEqual(['s1']);
    expect(diff.identical.map((p) => p.key)).toEqual(['s3']);
    expect(diff.onlyLeft.map((p) => p.key)).toEqual(['s2']);
    expect(diff.onlyRight.map((p) => p.key)).toEqual(['s4', '(no key #1)']);
    expect(orderedPairs(diff).map((p) => p.key)).toEqual(['s1', 's2', 's4', '(no key #1)', 's3']);
    expect(diff.onlyLeft[0]?.fields[0]).toMatchObject({ left: 'Ben', right: null, differs: false });
  });

  it('displays nothing as null and objects as JSON', () => {
    expect(display('')).toBeNull();
    expect(display([])).toBeNull();
    expect(display({ a: 1 })).toBe('{"a":1}');
    expect(display(12)).toBe('12');
  });
});
