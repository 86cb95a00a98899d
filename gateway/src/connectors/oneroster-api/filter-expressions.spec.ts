import { describe, expect, it } from 'vitest';
import { anyOf, caseVariants, chunkedAnyOf, emailFilter, familyNameFilter, filterClause } from './filter-expressions';
import { encodeRfc3986 } from './urls';

describe('filter expressions', () => {
  it('quotes values; a quote inside a value becomes a contains on its longest piece', () => {
    expect(filterClause({ field: 'identifier', op: '=', value: '1001' })).toBe("identifier='1001'");
    expect(filterClause({ field: 'familyName', op: '=', value: "d'Angelo" })).toBe("familyName~'Angelo'");
    expect(filterClause({ field: 'familyName', op: '>', value: "d'Angelo" })).toBeNull();
    expect(filterClause({ field: 'x', op: '=', value: "'" })).toBeNull();
    expect(anyOf(["a='1'", null, "a='1'", "a='2'"])).toBe("a='1' OR a='2'");
    expect(anyOf([null])).toBeNull();
  });

  it('asks for a family name in the spellings an exact server may hold', () => {
    expect(caseVariants('lopez')).toEqual(['lopez', 'Lopez', 'LOPEZ']);
    expect(familyNameFilter({ given: 'ana', family: 'lopez' })).toBe(
      "familyName='lopez' OR familyName='Lopez' OR familyName='LOPEZ'",
    );
    // Several words: the longest one, contained, so spacing and punctuation in the stored value do not matter.
    expect(familyNameFilter({ given: 'ana', family: 'de la cruz' })).toBe(
      "familyName~'cruz' OR familyName~'Cruz' OR familyName~'CRUZ'",
    );
    expect(familyNameFilter({ given: 'sean', family: "o'brien" })).toBe(
      "familyName~'brien' OR familyName~'Brien' OR familyName~'BRIEN'",
    );
    expect(familyNameFilter({ given: 'x', family: '--' })).toBeNull();
  });

  it('asks for an email as typed, lower and upper case, contained', () => {
    expect(emailFilter(' Ana@Example.org ')).toBe(
      "email~'Ana@Example.org' OR email~'ana@example.org' OR email~'ANA@EXAMPLE.ORG'",
    );
    expect(emailFilter('  ')).toBeNull();
  });

  it('splits long OR lists so every URL stays under the limit, keeping every value once', () => {
    const values = Array.from({ length: 300 }, (_, index) => `user-${String(index).padStart(6, '0')}-${'x'.repeat(20)}`);
    const chunks = chunkedAnyOf({
      field: 'sourcedId',
      values: [...values, values[0] as string],
      fixedLength: 100,
      maxUrlLength: 2_000,
    });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.flatMap((chunk) => chunk.values)).toEqual(values);
    for (const chunk of chunks) {
      expect(100 + '&filter='.length + encodeRfc3986(chunk.filter).length).toBeLessThanOrEqual(2_000);
      expect(chunk.filter).toBe(chunk.values.map((value) => `sourcedId='${value}'`).join(' OR '));
    }
  });
});
