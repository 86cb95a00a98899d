import type { NameQuery } from './roster';

/**
 * The rule book's matching normalisation: case-insensitive, accent-insensitive, spaces
 * collapsed. Used for every name comparison in every system so that "José  López" and
 * "jose lopez" are the same name everywhere.
 */
export function normalizeName(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Emails match case-insensitively after trimming. */
export function normalizeEmail(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

/**
 * Parses a name input. "Last, First ...": family before the comma, given is the first word
 * after it. "First ... Last": first word given, last word family, middle words ignored.
 * Returns null when the input does not hold two name parts.
 */
export function parseNameQuery(input: string): NameQuery | null {
  const normalized = normalizeName(input);
  if (normalized.includes(',')) {
    const [familyPart = '', ...rest] = normalized.split(',');
    const family = familyPart.trim();
    const given = rest.join(' ').trim().split(' ')[0] ?? '';
    return family && given ? { given, family } : null;
  }
  const words = normalized.split(' ').filter(Boolean);
  if (words.length < 2) return null;
  return { given: words[0] as string, family: words[words.length - 1] as string };
}

/**
 * Whether a stored person matches a parsed name query. The stored given name is compared by
 * its first word (a middle name sometimes lands in givenName); the family name as a whole.
 */
export function personMatchesName(person: { givenName: string; familyName: string }, query: NameQuery): boolean {
  const given = normalizeName(person.givenName).split(' ')[0] ?? '';
  const family = normalizeName(person.familyName);
  return given === query.given && family === query.family;
}

/** "Given Family" for messages. */
export function displayName(person: { givenName: string; familyName: string }): string {
  return `${person.givenName} ${person.familyName}`.trim();
}
