import { describe, expect, it } from 'vitest';
import { canSearch, pickerMessage } from './district-picker';

describe('district picker message', () => {
  const base = { totalCount: null, shown: 0, loading: false };

  it('asks for three characters first', () => {
    expect(canSearch('la')).toBe(false);
    expect(canSearch(' lak ')).toBe(true);
    expect(pickerMessage({ ...base, search: '' })).toBe('Type at least 3 characters of a district name or id.');
    expect(pickerMessage({ ...base, search: 'la' })).toBe('Type 1 more character to search.');
    expect(pickerMessage({ ...base, search: 'l' })).toBe('Type 2 more characters to search.');
  });

  it('says when more matched than are shown, in the agreed words', () => {
    expect(pickerMessage({ search: 'sch', totalCount: 130, shown: 50, loading: false })).toBe(
      'Showing first 50 of 130 matches. Keep typing to narrow down...',
    );
  });

  it('counts small result sets, says when nothing matched, and shows errors and progress', () => {
    expect(pickerMessage({ search: 'lake', totalCount: 2, shown: 2, loading: false })).toBe('2 districts match.');
    expect(pickerMessage({ search: '1001', totalCount: 1, shown: 1, loading: false })).toBe('1 district matches.');
    expect(pickerMessage({ search: 'zzz', totalCount: 0, shown: 0, loading: false })).toBe('No district matches "zzz".');
    expect(pickerMessage({ search: 'zzz', totalCount: null, shown: 0, loading: true })).toBe('Searching…');
    expect(pickerMessage({ search: 'zzz', totalCount: null, shown: 0, loading: false, error: 'Gateway down.' })).toBe(
      'Gateway down.',
    );
  });
});
