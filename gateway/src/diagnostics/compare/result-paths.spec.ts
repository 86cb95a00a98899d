import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors';
import { recordsAt } from './result-paths';

const data = {
  district: {
    source: {
      schools: [
        { name: 'A', classes: [{ id: 1 }, { id: 2 }] },
        { name: 'B', classes: [{ id: 3 }] },
      ],
      students: [{ id: 's1' }, null],
    },
    bookmarked: null,
  },
};

describe('recordsAt', () => {
  it('walks a dotted path, flattening the lists it meets', () => {
    expect(recordsAt({ data, path: 'district.source.students', side: 'leftPath' })).toEqual([{ id: 's1' }]);
    expect(
      recordsAt({ data, path: 'district.source.schools.classes', side: 'leftPath' }).map((c) => (c as { id: number }).id),
    ).toEqual([1, 2, 3]);
  });

  it('gives no records past a null', () => {
    expect(recordsAt({ data, path: 'district.bookmarked.students', side: 'rightPath' })).toEqual([]);
  });

  it('names the missing step and what is there instead', () => {
    expect(() => recordsAt({ data, path: 'district.source.teachers', side: 'rightPath' })).toThrow(InputError);
    expect(() => recordsAt({ data, path: 'district.source.teachers', side: 'rightPath' })).toThrow(
      /no "teachers" under "district.source"; it has schools, students/,
    );
    expect(() => recordsAt({ data, path: 'district..source', side: 'leftPath' })).toThrow(/not a dotted path/);
  });
});
