import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax-error';

describe('findJsonSyntaxError', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', ' [1, -2.5e3, "a\\"b\\u00e9", true, false, null, {"k": []}] ', '"x"', '0']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text), text).toBeNull();
    }
  });

  it.each([
    ['{"a": 1,}', 1, 9, "expected a property name after ',' (no trailing commas in JSON), found '}'"],
    ['[1, 2,]', 1, 7, "expected a value after ',' (no trailing commas in JSON), found ']'"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, `expected ',' or '}' after a property value, found '"'`],
    ["{'a': 1}", 1, 2, `expected a "double-quoted" property name, found '''`],
    ['{"a" 1}', 1, 6, "expected ':' after a property name, found '1'"],
    ['{"a": tru}', 1, 7, 'expected a value (an object, list, "string", number, true, false or null), found \'t\''],
    ['{"a": "x\n"}', 1, 9, 'unterminated string (a string cannot span lines)'],
    ['{"a": "\\x"}', 1, 8, 'invalid escape in a string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)'],
    ['{"a": 1', 1, 8, "expected ',' or '}' after a property value, found the end of the file"],
    ['{}\n{}', 2, 1, "expected nothing after the end of the JSON value, found '{'"],
    ['   \n', 2, 1, 'the file is empty; expected a JSON object'],
    ['{\r\n"a": 01}', 2, 7, "expected ',' or '}' after a property value, found '1'"],
  ])('%j', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ line, column, message });
  });
});
