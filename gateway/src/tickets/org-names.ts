import { normalizeWord, wordsMatch } from './ticket-words';

/**
 * Matching organisation names (districts, schools) in free text. A name splits into its
 * distinctive core ("lakeside") and generic words ("independent school district"); the
 * text must hold the core, and the generic words around it decide how good the match is.
 * Abbreviations are spelled out first, so "Lakeside ISD", "Lakeside I.S.D." and "lakeside
 * independent school district" read the same.
 */

export interface NameToken {
  word: string;
  start: number;
  end: number;
}

export interface OrgVocabulary {
  expansions: Readonly<Record<string, readonly string[]>>;
  generic: ReadonlySet<string>;
  /** Generic words that say what kind of organisation this is; a text match needs one. */
  anchors: ReadonlySet<string>;
}

export interface OrgName {
  core: string[];
  /** Generic words after the core, and before it ("School District of Philadelphia"). */
  genericAfter: string[];
  genericBefore: string[];
}

export interface OrgMatch {
  score: number;
  start: number;
  end: number;
  /** Whether a generic word that names the kind of organisation was found with the core. */
  anchored: boolean;
  /** Generic words around the core that the name does not have ("high" in "Lakeside High School" for "Lakeside ISD"). */
  extraWords: string[];
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const EMAIL_OR_URL = /[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?:\/\/\S+|\bwww\.\S+/gi;

/** Text offsets are kept: emails and URLs become spaces and "I.S.D." becomes "ISD   ". */
export function maskEmailsAndUrls(text: string): string {
  return text.replace(EMAIL_OR_URL, (match) => ' '.repeat(match.length));
}

export function nameTokens(text: string, vocabulary: OrgVocabulary): NameToken[] {
  const prepared = maskEmailsAndUrls(text).replace(/\b(?:[A-Za-z]\.){2,}/g, (match) => {
    const letters = match.replace(/\./g, '');
    return letters + ' '.repeat(match.length - letters.length);
  });
  const tokens: NameToken[] = [];
  for (const match of prepared.matchAll(WORD)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const word = normalizeWord(match[0]).replace(/'s$/, '').replace(/['-]/g, '');
    if (word === 'the') continue;
    for (const expanded of vocabulary.expansions[word] ?? [word]) tokens.push({ word: expanded, start, end });
  }
  return tokens;
}

export function parseOrgName(name: string, vocabulary: OrgVocabulary): OrgName {
  const words = nameTokens(name, vocabulary).map((token) => token.word);
  const firstCore = words.findIndex((word) => !vocabulary.generic.has(word));
  if (firstCore < 0) return { core: [], genericAfter: words, genericBefore: [] };
  let lastCore = firstCore;
  while (lastCore + 1 < words.length && !vocabulary.generic.has(words[lastCore + 1] ?? '')) lastCore += 1;
  return {
    core: words.slice(firstCore, lastCore + 1),
    genericBefore: words.slice(0, firstCore),
    // Generic words inside a multi-part core ("Lake County Central") count as generic.
    genericAfter: words.slice(lastCore + 1),
  };
}

function isGeneric(word: string, vocabulary: OrgVocabulary): boolean {
  if (vocabulary.generic.has(word)) return true;
  for (const generic of vocabulary.generic) if (generic.length >= 5 && wordsMatch(word, generic)) return true;
  return false;
}

/** Every place the name's core occurs in the tokens, scored (1 = all its generic words and nothing else). */
export function findOrgName(tokens: readonly NameToken[], name: OrgName, vocabulary: OrgVocabulary): OrgMatch[] {
  if (!name.core.length) return [];
  const matches: OrgMatch[] = [];
  for (let i = 0; i + name.core.length <= tokens.length; i++) {
    if (!name.core.every((word, k) => wordsMatch(tokens[i + k]?.word ?? '', word))) continue;
    const coreEnd = i + name.core.length;
    let after = coreEnd;
    while (after < tokens.length && after - coreEnd < 5 && isGeneric(tokens[after]?.word ?? '', vocabulary)) after += 1;
    let before = i;
    if (name.genericBefore.length) {
      while (before > 0 && i - before < 4 && isGeneric(tokens[before - 1]?.word ?? '', vocabulary)) before -= 1;
    }
    const window = [...tokens.slice(before, i), ...tokens.slice(coreEnd, after)].map((token) => token.word);
    const wanted = [...name.genericBefore, ...name.genericAfter];
    let matched = 0;
    let anchored = false;
    const unmatched = [...window];
    for (const word of wanted) {
      const at = unmatched.findIndex((candidate) => wordsMatch(candidate, word));
      if (at < 0) continue;
      matched += 1;
      if (vocabulary.anchors.has(word)) anchored = true;
      unmatched.splice(at, 1);
    }
    const extraWords = unmatched.filter((word) => word !== 'of');
    matches.push({
      score: (name.core.length + matched) / (name.core.length + wanted.length + extraWords.length),
      start: tokens[before]?.start ?? 0,
      end: tokens[after - 1]?.end ?? tokens[coreEnd - 1]?.end ?? 0,
      anchored,
      extraWords,
    });
  }
  return matches;
}
