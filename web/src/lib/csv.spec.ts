import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes commas, quotes and newlines', () => {
    expect(csvCell('Lopez, Ana')).toBe('"Lopez, Ana"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['s1', 's2'])).toBe('s1 s2');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=cmd|" /C calc"!A0')).toBe(`"'=cmd|"" /C calc""!A0"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a header and one CRLF line per row', () => {
    const csv = toCsv(
      [{ kind: 'FIELD_MISMATCH', ids: ['s1'] }],
      [
        { header: 'kind', value: (r) => r.kind },
        { header: 'sourcedIds', value: (r) => r.ids },
      ],
    );
    expect(csv).toBe('kind,sourcedIds\r\nFIELD_MISMATCH,s1\r\n');
  });
});
