/**
 * Where a JSON text stops being JSON. Node's JSON.parse does not always say (Node 20 reports
 * `Unexpected token ']', "[1,]" is not valid JSON` with no position), so this scanner follows
 * RFC 8259 and reports the first offending line and column (both 1-based) in words a person
 * editing the file can act on. Returns null when the text is valid JSON.
 */
export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

class ScanStop extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let offset = 0;

  const found = (): string => {
    if (offset >= text.length) return 'the end of the file';
    const char = text[offset] ?? '';
    return char === '\n' || char === '\r' ? 'the end of the line' : `'${char}'`;
  };
  const fail = (expected: string): never => {
    throw new ScanStop(offset, `expected ${expected}, found ${found()}`);
  };
  const skipWhitespace = () => {
    while (offset < text.length && ' \t\n\r'.includes(text[offset] ?? '')) offset++;
  };

  const scanString = () => {
    offset++; // opening quote
    while (offset < text.length) {
      const char = text[offset] ?? '';
      if (char === '"') {
        offset++;
        return;
      }
      if (char === '\\') {
        const escaped = text[offset + 1] ?? '';
        if ('"\\/bfnrt'.includes(escaped) && escaped !== '') offset += 2;
        else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(offset + 2, offset + 6))) offset += 6;
        else throw new ScanStop(offset, 'invalid escape in a string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        continue;
      }
      if (char < ' ') {
        throw new ScanStop(
          offset,
          char === '\n' ? 'unterminated string (a string cannot span lines)' : 'control character in a string',
        );
      }
      offset++;
    }
    throw new ScanStop(offset, 'unterminated string');
  };

  const scanNumber = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(offset));
    if (!match || match[0] === '-') fail('a value');
    offset += match?.[0].length ?? 0;
  };

  const scanValue = (): void => {
    skipWhitespace();
    const char = text[offset];
    const literal = ['true', 'false', 'null'].find((candidate) => text.startsWith(candidate, offset));
    if (char === '{') scanObject();
    else if (char === '[') scanArray();
    else if (char === '"') scanString();
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) scanNumber();
    else if (literal !== undefined) offset += literal.length;
    else if (char === "'") throw new ScanStop(offset, "strings need double quotes, found '");
    else fail('a value (an object, list, "string", number, true, false or null)');
  };

  const scanObject = () => {
    offset++;
    skipWhitespace();
    if (text[offset] === '}') {
      offset++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[offset] !== '"')
        fail(text[offset] === '}' ? "a property name after ',' (no trailing commas in JSON)" : 'a "double-quoted" property name');
      scanString();
      skipWhitespace();
      if (text[offset] !== ':') fail("':' after a property name");
      offset++;
      scanValue();
      skipWhitespace();
      if (text[offset] === ',') {
        offset++;
        continue;
      }
      if (text[offset] === '}') {
        offset++;
        return;
      }
      fail("',' or '}' after a property value");
    }
  };

  const scanArray = () => {
    offset++;
    skipWhitespace();
    if (text[offset] === ']') {
      offset++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[offset] === ']') fail("a value after ',' (no trailing commas in JSON)");
      scanValue();
      skipWhitespace();
      if (text[offset] === ',') {
        offset++;
        continue;
      }
      if (text[offset] === ']') {
        offset++;
        return;
      }
      fail("',' or ']' after a list element");
    }
  };

  try {
    skipWhitespace();
    if (offset >= text.length) throw new ScanStop(offset, 'the file is empty; expected a JSON object');
    scanValue();
    skipWhitespace();
    if (offset < text.length) fail('nothing after the end of the JSON value');
    return null;
  } catch (error) {
    if (!(error instanceof ScanStop)) throw error;
    return { ...lineAndColumn(text, error.offset), message: error.problem };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
