import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const hostile of ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '  =HYPERLINK("x")', '\n=1']) {
      const cell = csvCell(hostile);
      expect(cell.replace(/^"/, '').startsWith("'"), JSON.stringify(hostile)).toBe(true);
    }
    expect(csvCell('Ana Lopez')).toBe('Ana Lopez');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(null)).toBe('');
  });

  it('quotes RFC 4180 style and writes objects as JSON', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell({ ids: ['s-1'] })).toBe('"{""ids"":[""s-1""]}"');
    expect(toCsv([{ a: '=1' }], [{ header: 'a', value: (r) => r.a }])).toBe("a\r\n'=1\r\n");
  });
});
