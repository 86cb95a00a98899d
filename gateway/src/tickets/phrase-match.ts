import { prefixMatches, type WordToken, wordsMatch } from './ticket-words';

/**
 * Small phrase patterns over ticket words, written as space-separated elements:
 * - `word` matches that word, typo-tolerant (see wordsMatch);
 * - `transfer*` matches words starting so ("transferred", "transfering");
 * - `a|b|c` any one of these words (alternatives are single words: "look up|lookup" is
 *   "look" then "up" or "lookup", so write two phrases instead); `@child` any word of the
 *   named class;
 * - a trailing `?` makes an element optional;
 * - `..` skips up to three words, `...` up to six.
 * A phrase matches inside one sentence.
 */
export type WordClasses = Record<string, readonly string[]>;

type Element =
  | {
      kind: 'words';
      options: { text: string; prefix: boolean }[];
      optional: boolean;
      /** Words already tested against this element: each ticket brings mostly the same words. */
      seen: Map<string, boolean>;
    }
  | { kind: 'gap'; max: number };

export interface CompiledPhrase {
  source: string;
  elements: Element[];
}

/** Token indexes [start, end) of a match. */
export interface PhraseMatch {
  start: number;
  end: number;
}

export function compilePhrase(pattern: string, classes: WordClasses): CompiledPhrase {
  const elements: Element[] = pattern
    .trim()
    .split(/\s+/)
    .map((part): Element => {
      if (part === '..') return { kind: 'gap', max: 3 };
      if (part === '...') return { kind: 'gap', max: 6 };
      const optional = part.endsWith('?');
      const body = optional ? part.slice(0, -1) : part;
      const options = body.split('|').flatMap((option) => {
        if (!option.startsWith('@')) return [option];
        const members = classes[option.slice(1)];
        if (!members) throw new Error(`Phrase "${pattern}" names an unknown word class ${option}.`);
        return [...members];
      });
      return {
        kind: 'words',
        optional,
        seen: new Map(),
        options: options.map((option) =>
          option.endsWith('*') ? { text: option.slice(0, -1), prefix: true } : { text: option, prefix: false },
        ),
      };
    });
  return { source: pattern, elements };
}

/** The first match of the phrase in the tokens, or null. */
export function findPhrase(tokens: readonly WordToken[], phrase: CompiledPhrase): PhraseMatch | null {
  for (let start = 0; start < tokens.length; start++) {
    const end = matchFrom(tokens, phrase.elements, 0, start, tokens[start]?.sentence ?? -1);
    if (end !== null && end > start) return { start, end };
  }
  return null;
}

function matchFrom(
  tokens: readonly WordToken[],
  elements: Element[],
  elementIndex: number,
  tokenIndex: number,
  sentence: number,
): number | null {
  const element = elements[elementIndex];
  if (!element) return tokenIndex;
  if (element.kind === 'gap') {
    for (let skip = 0; skip <= element.max; skip++) {
      const at = tokenIndex + skip;
      if (skip > 0 && tokens[at - 1]?.sentence !== sentence) break;
      const end = matchFrom(tokens, elements, elementIndex + 1, at, sentence);
      if (end !== null) return end;
    }
    return null;
  }
  const token = tokens[tokenIndex];
  if (token && token.sentence === sentence && elementMatches(element, token.word)) {
    const end = matchFrom(tokens, elements, elementIndex + 1, tokenIndex + 1, sentence);
    if (end !== null) return end;
  }
  return element.optional ? matchFrom(tokens, elements, elementIndex + 1, tokenIndex, sentence) : null;
}

const MAX_SEEN_WORDS = 5_000;

function elementMatches(element: Extract<Element, { kind: 'words' }>, word: string): boolean {
  const known = element.seen.get(word);
  if (known !== undefined) return known;
  if (element.seen.size >= MAX_SEEN_WORDS) element.seen.clear();
  const matches = element.options.some((option) => optionMatches(word, option));
  element.seen.set(word, matches);
  return matches;
}

function optionMatches(word: string, option: { text: string; prefix: boolean }): boolean {
  return option.prefix ? prefixMatches(word, option.text) : wordsMatch(word, option.text);
}
