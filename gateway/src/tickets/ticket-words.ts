/**
 * Words of ticket text for typo-tolerant matching: normalised (lower case, no accents, no
 * hyphens, possessive 's dropped), contractions spelled out ("isnt" -> "is not"), each
 * with its place in the original text so that reasons can quote what the customer wrote.
 */

export interface WordToken {
  word: string;
  /** Offsets in the original text; the words of one contraction share them. */
  start: number;
  end: number;
  /** Index of the sentence (or line) holding the word: phrases never span sentences. */
  sentence: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Contractions people also write without the apostrophe. */
const CONTRACTIONS: Record<string, string[]> = {
  isnt: ['is', 'not'],
  arent: ['are', 'not'],
  wasnt: ['was', 'not'],
  werent: ['were', 'not'],
  doesnt: ['does', 'not'],
  dont: ['do', 'not'],
  didnt: ['did', 'not'],
  cant: ['can', 'not'],
  cannot: ['can', 'not'],
  couldnt: ['could', 'not'],
  wont: ['will', 'not'],
  wouldnt: ['would', 'not'],
  shouldnt: ['should', 'not'],
  hasnt: ['has', 'not'],
  havent: ['have', 'not'],
  hadnt: ['had', 'not'],
  aint: ['is', 'not'],
  im: ['i', 'am'],
  ive: ['i', 'have'],
  shes: ['she', 'is'],
  thats: ['that', 'is'],
  theres: ['there', 'is'],
  whats: ['what', 'is'],
};

/** Contractions that are other words without the apostrophe ("its", "were", "well", "hes" is safe but rare). */
const APOSTROPHE_CONTRACTIONS: Record<string, string[]> = {
  "it's": ['it', 'is'],
  "he's": ['he', 'is'],
  "who's": ['who', 'is'],
  "we're": ['we', 'are'],
  "they're": ['they', 'are'],
  "you're": ['you', 'are'],
  "i'd": ['i', 'would'],
  "we'll": ['we', 'will'],
};

export function normalizeWord(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/’/g, "'");
}

export function tokenize(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let sentence = 0;
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    if (/[.!?;\n]/.test(text.slice(last, start))) sentence += 1;
    last = start + match[0].length;
    const end = last;
    const lower = normalizeWord(match[0]);
    const words = APOSTROPHE_CONTRACTIONS[lower] ??
      CONTRACTIONS[lower.replace(/'/g, '')] ?? [lower.replace(/'s$/, '').replace(/['-]/g, '')];
    for (const word of words) if (word) tokens.push({ word, start, end, sentence });
  }
  return tokens;
}

/**
 * Whether a word of the text is the expected word, allowing for typos: exact for short
 * words (where one letter changes the meaning: son/sun, kid/kit), one edit from five
 * letters ("clases", "campuss", "emial"), two from nine.
 */
export function wordsMatch(textWord: string, expected: string): boolean {
  if (textWord === expected) return true;
  const allowed = expected.length >= 9 ? 2 : expected.length >= 5 ? 1 : 0;
  if (allowed === 0 || Math.abs(textWord.length - expected.length) > allowed) return false;
  return remembered(`${textWord}\u0000${expected}`, () => editDistance(textWord, expected, allowed) <= allowed);
}

/**
 * Every ticket is checked against the same hundred-odd phrases, so the same word pairs
 * come up again and again; their answers are kept (bounded, as ticket words are unbounded).
 */
const answers = new Map<string, boolean>();
const MAX_REMEMBERED = 50_000;
function remembered(key: string, compute: () => boolean): boolean {
  const known = answers.get(key);
  if (known !== undefined) return known;
  if (answers.size >= MAX_REMEMBERED) answers.clear();
  const answer = compute();
  answers.set(key, answer);
  return answer;
}

/** Whether the word starts with the prefix, allowing one typo in prefixes of five letters or more. */
export function prefixMatches(textWord: string, prefix: string): boolean {
  if (textWord.startsWith(prefix)) return true;
  if (prefix.length < 5) return false;
  return remembered(`${textWord}\u0001${prefix}`, () =>
    [prefix.length - 1, prefix.length, prefix.length + 1].some(
      (length) => length <= textWord.length && editDistance(textWord.slice(0, length), prefix, 1) <= 1,
    ),
  );
}

/** Optimal-string-alignment distance (adjacent swaps count as one edit), giving up beyond `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previousPrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
