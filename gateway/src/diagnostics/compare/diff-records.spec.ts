import { describe, expect, it } from 'vitest';
import { diffRecords, stableJson, valueAt } from './diff-records';

const left = [
  { sourcedId: 's1', givenName: 'Ana', grade: '05', school: { code: '101' } },
  { sourcedId: 's2', givenName: 'Ben', grade: '06', school: { code: '101' } },
  { sourcedId: 's3', givenName: 'Cy', grade: '07', school: { code: '102' } },
];
const right = [
  { sourcedId: 's2', givenName: 'BEN', grade: '06', school: { code: '101' } },
  { sourcedId: 's3', givenName: 'Cy', grade: '08', school: { code: '103' } },
  { sourcedId: 's4', givenName: 'Di', grade: '05', school: { code: '101' } },
];

describe('diffRecords', () => {
  it('splits records into only-left, only-right, changed (field by field) and identical', () => {
    const result = diffRecords({ left, right, key: 'sourcedId', fields: ['givenName', 'grade', 'school.code'] });
    expect(result.onlyLeft).toEqual([left[0]]);
    expect(result.onlyRight).toEqual([right[2]]);
    expect(result.changed.map((c) => [c.key, c.changes])).toEqual([
      ['s2', [{ field: 'givenName', left: 'Ben', right: 'BEN' }]],
      [
        's3',
        [
          { field: 'grade', left: '07', right: '08' },
          { field: 'school.code', left: '102', right: '103' },
        ],
      ],
    ]);
    expect(result).toMatchObject({
      identicalCount: 0,
      onlyLeftCount: 1,
      onlyRightCount: 1,
      changedCount: 2,
      leftCount: 3,
      rightCount: 3,
    });
    expect(result.fieldChangeCounts).toEqual([
      { field: 'givenName', count: 1 },
      { field: 'grade', count: 1 },
      { field: 'school.code', count: 1 },
    ]);
  });

  it("compares strings with the rule book's normalisation when asked", () => {
    const result = diffRecords({ left, right, key: 'sourcedId', fields: ['givenName'], normalization: 'MATCHING' });
    expect(result).toMatchObject({ identicalCount: 2, changedCount: 0 });
  });

  it('treats null and missing alike, and compares objects and lists by value', () => {
    const result = diffRecords({
      left: [{ id: 1, email: null, tags: { b: 1, a: [1, 2] } }],
      right: [{ id: '1', tags: { a: [1, 2], b: 1 } }],
      key: 'id',
      fields: ['email', 'tags'],
    });
    expect(result.identicalCount).toBe(1);
  });

  it('counts records without a key and reports duplicate keys, comparing the first of each', () => {
    const result = diffRecords({
      left: [{ id: 'a', v: 1 }, { id: 'a', v: 2 }, { v: 3 }, { id: '', v: 4 }],
      right: [{ id: 'a', v: 1 }, { id: 'a', v: 9 }, { id: null }],
      key: 'id',
      fields: ['v'],
    });
    expect(result).toMatchObject({
      identicalCount: 1,
      unkeyed: { left: 2, right: 1 },
      duplicateKeys: { left: ['a'], right: ['a'] },
    });
  });

  it('lists at most `limit` records per kind but counts them all', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: i }));
    const result = diffRecords({ left: many, right: [], key: 'id', fields: ['id'], limit: 10 });
    expect(result.onlyLeft).toHaveLength(10);
    expect(result.onlyLeftCount).toBe(50);
  });

  it('handles 100,000 records per side', () => {
    const size = 100_000;
    const l = Array.from({ length: size }, (_, i) => ({
      sourcedId: `stu-${i}`,
      givenName: `Given${i}`,
      familyName: 'Family',
      email: `s${i}@isd.org`,
      grade: '05',
    }));
    const r = Array.from({ length: size }, (_, i) => ({
      sourcedId: `stu-${i + 10}`,
      givenName: `Given${i + 10}`,
      familyName: 'Family',
      email: `s${i + 10}@isd.org`,
      grade: (i + 10) % 1000 === 0 ? '06' : '05',
    }));
    const started = performance.now();
    const result = diffRecords({
      left: l,
      right: r,
      key: 'sourcedId',
      fields: ['givenName', 'familyName', 'email', 'grade'],
      normalization: 'MATCHING',
    });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ onlyLeftCount: 10, onlyRightCount: 10, changedCount: 99, identicalCount: size - 10 - 99 });
    // Linear work: far below this bound even on a busy two-core machine.
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe('valueAt and stableJson', () => {
  it('reads dotted paths and prints objects with sorted keys', () => {
    expect(valueAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(valueAt({ a: null }, 'a.b')).toBeUndefined();
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});
