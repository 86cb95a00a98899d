import type { NameQuery } from '../../domain/roster';
import { encodeRfc3986 } from './urls';

/**
 * OneRoster `filter` expressions: `field<op>'value'` joined by ` AND ` or ` OR ` (never mixed:
 * the spec has no parentheses and servers disagree on precedence, so we only ever OR).
 *
 * The spec does not say whether comparisons are case- or accent-sensitive, and it defines no
 * escape for a quote inside a value. So a filter only narrows what the server sends; the
 * reader then applies the rule book's matching to what comes back. To narrow safely on
 * servers that compare exactly, names and emails are asked for in several spellings
 * (lower, Capitalised, UPPER), and a value holding a quote is asked for by its longest
 * quote-free piece with `~` (contains).
 */

export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

/** `field op 'value'`, or null when the value has nothing a filter can carry. */
export function filterClause(options: { field: string; op: FilterOperator; value: string }): string | null {
  const { field, op, value } = options;
  if (!value.includes("'")) return `${field}${op}'${value}'`;
  if (op !== '=' && op !== '~') return null;
  const piece = longest(value.split("'"));
  return piece ? `${field}~'${piece}'` : null;
}

/** Joins clauses with OR, dropping duplicates and nulls; null when none is left. */
export function anyOf(clauses: readonly (string | null)[]): string | null {
  const unique = [...new Set(clauses.filter((clause): clause is string => clause !== null && clause !== ''))];
  return unique.length > 0 ? unique.join(' OR ') : null;
}

/**
 * Splits `field='v1' OR field='v2' …` over several filters so that each request URL, with its
 * filter percent-encoded, stays under `maxUrlLength`. `fixedLength` is the length of the URL
 * without the filter (base, path, other parameters).
 */
export function chunkedAnyOf(options: {
  field: string;
  values: readonly string[];
  fixedLength: number;
  maxUrlLength: number;
}): { filter: string; values: string[] }[] {
  const budget = Math.max(200, options.maxUrlLength - options.fixedLength - '&filter='.length);
  const separator = encodeRfc3986(' OR ').length;
  const chunks: { filter: string; values: string[] }[] = [];
  let clauses: string[] = [];
  let values: string[] = [];
  let length = 0;
  const flush = () => {
    if (clauses.length > 0) chunks.push({ filter: clauses.join(' OR '), values });
    clauses = [];
    values = [];
    length = 0;
  };
  for (const value of new Set(options.values)) {
    const clause = filterClause({ field: options.field, op: '=', value });
    if (clause === null) continue;
    const encoded = encodeRfc3986(clause).length;
    if (clauses.length > 0 && length + separator + encoded > budget) flush();
    length += (clauses.length > 0 ? separator : 0) + encoded;
    clauses.push(clause);
    values.push(value);
  }
  flush();
  return chunks;
}

/** The spellings a case-sensitive server may hold: as is, lower, Capitalised per word, UPPER. */
export function caseVariants(value: string): string[] {
  const lower = value.toLowerCase();
  const capitalised = lower.replace(
    /(^|[^\p{L}])(\p{L})/gu,
    (_match, before: string, letter: string) => before + letter.toUpperCase(),
  );
  return [...new Set([value, lower, capitalised, value.toUpperCase()])];
}

/**
 * Narrows users to a family name. A one-word family name is compared whole (`=`), which keeps
 * "Li" from matching every "Williams"; a family name of several words ("de la Cruz",
 * "Smith-Jones", "O'Brien") is asked for by its longest word with `~`, so spacing, hyphens
 * and quotes in the stored value do not matter. Given names are left to the local check: SIS
 * exports often put a middle name into givenName.
 */
export function familyNameFilter(query: NameQuery): string | null {
  const words = query.family.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return null;
  if (words.length === 1 && words[0] === query.family) {
    return anyOf(caseVariants(query.family).map((value) => filterClause({ field: 'familyName', op: '=', value })));
  }
  const word = longest(words);
  return anyOf(caseVariants(word).map((value) => filterClause({ field: 'familyName', op: '~', value })));
}

/**
 * Narrows users to an email. `~` (contains) tolerates the stray spaces exports leave around
 * addresses; the reader then keeps exact matches after trimming and case folding.
 */
export function emailFilter(email: string): string | null {
  const trimmed = email.trim();
  if (!trimmed) return null;
  const spellings = [trimmed, trimmed.toLowerCase(), trimmed.toUpperCase()];
  return anyOf(spellings.map((value) => filterClause({ field: 'email', op: '~', value })));
}

function longest(values: readonly string[]): string {
  return values.reduce((best, value) => (value.length > best.length ? value : best), '');
}
