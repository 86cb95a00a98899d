import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../seed/prng';
import type { BundleFile } from './bundle-source';
import { type CsvRow, openCsvTable } from './csv-table';
import { parseSimpleLine } from './simple-csv';

/**
 * The fast path must read every file exactly as csv-parse does: the same records, the same
 * line numbers, the same errors. Checked against `fastPath: false` (csv-parse alone) on
 * hand-picked edge cases and on thousands of random files cut into random chunks.
 */

function fileOf(text: string | Uint8Array, options: { rng?: SeededRandom; name?: string } = {}): BundleFile {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return {
    name: options.name ?? 'test.csv',
    async *open() {
      let at = 0;
      while (at < bytes.length) {
        const size = options.rng ? options.rng.int(1, 40) : 65_536;
        yield bytes.subarray(at, at + size);
        at += size;
      }
    },
  };
}

async function readAll(file: BundleFile, fastPath: boolean, read?: readonly string[]) {
  try {
    const table = await openCsvTable({ file, required: [], fastPath, read });
    const rows: CsvRow[] = [];
    try {
      for await (const batch of table.batches()) rows.push(...batch);
    } catch (error) {
      return { rows, error: describeError(error) };
    }
    return { rows, error: null };
  } catch (error) {
    return { rows: [], error: describeError(error) };
  }
}

function describeError(error: unknown) {
  const e = error as { message?: string; line?: number | null; column?: number | null; file?: string };
  return { message: e.message, line: e.line, column: e.column, file: e.file };
}

async function expectSameAsCsvParse(text: string | Uint8Array, seed = 1) {
  const reference = await readAll(fileOf(text), false);
  const whole = await readAll(fileOf(text), true);
  const chunked = await readAll(fileOf(text, { rng: new SeededRandom(seed) }), true);
  expect(whole, JSON.stringify(typeof text === 'string' ? text : [...text])).toEqual(reference);
  expect(chunked, JSON.stringify(typeof text === 'string' ? text : [...text])).toEqual(reference);
  return reference;
}

describe('parseSimpleLine', () => {
  it('splits and trims plain lines, keeps quoted values whole', () => {
    expect(parseSimpleLine('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(parseSimpleLine('"x, y",z')).toEqual(['x, y', 'z']);
    expect(parseSimpleLine('  "say ""hi"" "  ,')).toEqual(['say "hi" ', '']);
    expect(parseSimpleLine('   ')).toEqual([]);
    expect(parseSimpleLine('""')).toEqual(['']);
  });

  it('gives up where csv-parse must decide', () => {
    expect(parseSimpleLine('a"b,c')).toBeNull();
    expect(parseSimpleLine('"open,c')).toBeNull();
    expect(parseSimpleLine('"a"b,c')).toBeNull();
    expect(parseSimpleLine('a,b\r')).toBeNull();
  });
});

describe('openCsvTable: the fast path reads what csv-parse reads', () => {
  it.each([
    ['plain LF', 'h1,h2\na,b\nc,d\n'],
    ['no final line break', 'h1,h2\na,b\nc,d'],
    ['CRLF', 'h1,h2\r\na,b\r\nc,d\r\n'],
    ['BOM', '\uFEFFh1,h2\na,b\n'],
    ['blank and whitespace lines', 'h1,h2\n\na,b\n   \n\t\nc,d\n\n'],
    ['trimmed values, Unicode spaces', 'h1,h2\n\u00a0a\u3000, b \t\n\u2028x\u2029,\uFEFFy\uFEFF\n'],
    ['quoted values', 'h1,h2\n"a,b", "c ""d"""\n "e" ,f\n'],
    ['empty quoted value', 'h1\n""\n"" \n'],
    ['quoted line break', 'h1,h2\n"a\nb",c\nd,e\n'],
    ['quoted CRLF', 'h1,h2\r\n"a\r\nb",c\r\nd,e\r\n'],
    ['lone CR endings', 'h1,h2\ra,b\rc,d\r'],
    ['LF file with a stray CR', 'h1,h2\na,b\r\nc,d\n'],
    ['CRLF file with a stray LF', 'h1,h2\r\na,b\nc\r\nd,e\r\n'],
    ['ragged rows', 'h1,h2\na\nb,c,d\n'],
    ['quote inside a value', 'h1,h2\na,b"c\n'],
    ['text after a closing quote', 'h1,h2\n"a"b,c\n'],
    ['a blank after a closing quote, then text', 'h1,h2\n"a" b,c\n'],
    ['unclosed quote', 'h1,h2\na,"b\nc,d\n'],
    ['unclosed quote at the end', 'h1,h2\na,"b'],
    ['empty file', ''],
    ['only blank lines', '\n\n  \n'],
    ['header only', 'h1,h2\n'],
    ['accents and emoji', 'h1,h2\nJosé,Ñandú 🎒\n'],
    ['trailing commas', 'h1,h2,h3\na,,\n,,\n'],
  ])('%s', async (_name, text) => {
    await expectSameAsCsvParse(text);
  });

  it('invalid UTF-8 and UTF-16 files', async () => {
    await expectSameAsCsvParse(new Uint8Array([0x68, 0x31, 0x0a, 0xc3, 0x28, 0x0a, 0x61, 0x0a]));
    await expectSameAsCsvParse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('h1,h2\na,b\n', 'utf16le')]));
  });

  it('a problem after the fast path handed rows on is reported on its line', async () => {
    const lines = ['h1,h2', ...Array.from({ length: 5_000 }, (_, i) => `a${i},b${i}`), 'x,"broken', 'y,z'];
    const result = await expectSameAsCsvParse(`${lines.join('\n')}\n`);
    expect(result.rows).toHaveLength(5_000);
    expect(result.error?.message).toContain('never closed');
  });

  it("with `read`, the columns read are csv-parse's and the others blank or the same", async () => {
    // The header repeats h1 and mixes case: the first h1 is the one read, as value() looks it up.
    const header = 'h1,H2,h3,h1';
    const read = ['h1', 'h3'];
    const rng = new SeededRandom(7);
    const pieces = ['a', ' b ', ',', ',', '"q"', '"x,y"', '\u00a0', 'José', '"', '\r'];
    for (let i = 0; i < 1_000; i++) {
      const lines = [header];
      for (let l = rng.int(0, 6); l > 0; l--) {
        let line = '';
        for (let c = rng.int(0, 10); c > 0; c--) line += rng.pick(pieces);
        lines.push(line);
      }
      const text = `${lines.join('\n')}\n`;
      const reference = await readAll(fileOf(text), false);
      const fast = await readAll(fileOf(text, { rng: new SeededRandom(i) }), true, read);
      expect(fast.error, text).toEqual(reference.error);
      expect(
        fast.rows.map((row) => [row.line, row.values.length]),
        text,
      ).toEqual(reference.rows.map((row) => [row.line, row.values.length]));
      fast.rows.forEach((row, r) => {
        const expected = reference.rows[r]?.values ?? [];
        expect([row.values[0], row.values[2]], text).toEqual([expected[0], expected[2]]);
        row.values.forEach((value, c) => {
          if (value !== '') expect(value, text).toBe(expected[c]);
        });
      });
    }
  });

  it('with `read`, value() refuses a column not listed', async () => {
    const table = await openCsvTable({ file: fileOf('a,b\n1,2\n'), required: [], read: ['a'] });
    const [row] = (await table.batches().next()).value as CsvRow[];
    expect(table.value(row as CsvRow, 'A')).toBe('1');
    expect(() => table.value(row as CsvRow, 'b')).toThrow(/column b is read but not listed/);
    table.close();
  });

  it('random files, cut into random chunks', async () => {
    // CSV_FUZZ_RUNS and CSV_FUZZ_SEED run a deeper search by hand.
    const rng = new SeededRandom(Number(process.env.CSV_FUZZ_SEED ?? 2024));
    const pieces = [
      'a',
      'b',
      'José',
      ' ',
      ' ',
      '\t',
      ',',
      ',',
      ',',
      '"',
      '""',
      '\n',
      '\n',
      '\r\n',
      '\r',
      '\u00a0',
      '\u3000',
      '🎒',
      'x,y',
      ' "',
      '" ',
      '"a"',
      ',""',
    ];
    for (let i = 0; i < Number(process.env.CSV_FUZZ_RUNS ?? 4_000); i++) {
      const ending = rng.pick(['\n', '\r\n']);
      const lines: string[] = [];
      const count = rng.int(1, 8);
      for (let l = 0; l < count; l++) {
        let line = '';
        const length = rng.int(0, 12);
        for (let c = 0; c < length; c++) line += rng.pick(pieces);
        // Mostly well-formed quoted values, so the fast path is exercised and not only its way out.
        if (rng.chance(0.3)) line += `,"${rng.pick(['p', 'q,r', 's""t', ''])}"`;
        lines.push(line);
      }
      await expectSameAsCsvParse(lines.join(ending) + (rng.chance(0.7) ? ending : ''), i);
    }
  }, 600_000);
});
