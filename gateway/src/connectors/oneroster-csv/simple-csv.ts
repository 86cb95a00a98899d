/**
 * The fast path of the bundle reader: one CSV line split into trimmed values exactly as
 * csv-parse splits it with the bundle options (`trim`, `skip_empty_lines`, `"` as quote and
 * escape, `,` as delimiter), for the lines where that is simple to be sure of. Anything else
 * returns null and the caller hands the file to csv-parse itself.
 */

/** Lines longer than this go to csv-parse (which applies the record size limit). */
export const SIMPLE_LINE_MAX_CHARS = 100_000;

const QUOTE = 34;
const COMMA = 44;

/**
 * The characters csv-parse's `ltrim` skips before a field (its `timchars`): ASCII space and
 * \t \n \v \f \r, and the Unicode spaces. `rtrim` uses String.prototype.trimEnd, which
 * removes the same set.
 */
export function isTrimmable(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const isAsciiTrimmable = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d);

/**
 * A copy of `value` that does not point into the chunk it was cut from. V8 makes a substring
 * of 13 characters or more a view of its parent, so a kept sourcedId would keep its whole
 * read chunk alive (the whole file, in the end); short substrings are copies already.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : `${value} `.slice(0, -1);
}

/** An unquoted value as csv-parse trims it. */
function trimValue(raw: string): string {
  const length = raw.length;
  if (length === 0) return raw;
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(length - 1);
  // Plain printable ASCII at both ends: nothing to trim (the common case).
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return detach(raw);
  let start = 0;
  while (start < length && isTrimmable(raw.charCodeAt(start))) start++;
  return detach((start === 0 ? raw : raw.slice(start)).trimEnd());
}

/**
 * The values of one line (no line break in it), `[]` for a line csv-parse skips as empty, or
 * null when the line needs csv-parse: a line break character inside it, a quote inside an
 * unquoted value, a quoted value not closed on the line or followed by anything but spaces and
 * a comma, or a line over SIMPLE_LINE_MAX_CHARS.
 *
 * With `keep`, a line without quotes gives '' for every column whose `keep` entry is 0 (the
 * caller never reads it): the field count is the same, and no string is made for it.
 */
export function parseSimpleLine(line: string, keep?: Uint8Array): string[] | null {
  if (line.length > SIMPLE_LINE_MAX_CHARS) return null;
  // A \r or \n left in a line is a different line ending than the file's: csv-parse decides.
  if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) return null;
  if (line.indexOf('"') < 0) {
    const comma = line.indexOf(',');
    if (comma < 0) {
      const value = trimValue(line);
      // Only blanks on the line: csv-parse's skip_empty_lines drops it.
      return value === '' ? [] : [value];
    }
    if (keep === undefined) {
      const values = line.split(',');
      for (let i = 0; i < values.length; i++) values[i] = trimValue(values[i] as string);
      return values;
    }
    const values: string[] = [];
    let start = 0;
    for (let end = comma; ; end = line.indexOf(',', start)) {
      const last = end < 0;
      values.push(keep[values.length] === 1 ? trimValue(line.slice(start, last ? line.length : end)) : '');
      if (last) return values;
      start = end + 1;
    }
  }
  return parseQuotedLine(line);
}

function parseQuotedLine(line: string): string[] | null {
  const values: string[] = [];
  const length = line.length;
  let pos = 0;
  for (;;) {
    let start = pos;
    while (start < length && isTrimmable(line.charCodeAt(start))) start++;
    if (start < length && line.charCodeAt(start) === QUOTE) {
      // A quoted value: "" inside stands for one quote.
      let value = '';
      let at = start + 1;
      for (;;) {
        const quote = line.indexOf('"', at);
        if (quote < 0) return null;
        if (line.charCodeAt(quote + 1) === QUOTE) {
          value += line.slice(at, quote + 1);
          at = quote + 2;
          continue;
        }
        value += line.slice(at, quote);
        at = quote + 1;
        break;
      }
      // csv-parse skips only one-byte blanks after a closing quote (a multi-byte one, such as a
      // no-break space, is an error there): the same here, and the error is csv-parse's to give.
      while (at < length && isAsciiTrimmable(line.charCodeAt(at))) at++;
      values.push(detach(value));
      if (at === length) return values;
      if (line.charCodeAt(at) !== COMMA) return null;
      pos = at + 1;
      if (pos === length) {
        values.push('');
        return values;
      }
      continue;
    }
    const comma = line.indexOf(',', pos);
    const end = comma < 0 ? length : comma;
    const raw = line.slice(pos, end);
    if (raw.indexOf('"') >= 0) return null;
    values.push(trimValue(raw));
    if (comma < 0) return values;
    pos = comma + 1;
    if (pos === length) {
      values.push('');
      return values;
    }
  }
}
