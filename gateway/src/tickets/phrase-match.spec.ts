import { describe, expect, it } from 'vitest';
import { compilePhrase, findPhrase } from './phrase-match';
import { editDistance, tokenize, wordsMatch } from './ticket-words';

const classes = { child: ['child', 'kid', 'son', 'daughter'] };
const find = (pattern: string, text: string) => {
  const match = findPhrase(tokenize(text), compilePhrase(pattern, classes));
  if (!match) return null;
  const tokens = tokenize(text);
  return text.slice(tokens[match.start]?.start, tokens[match.end - 1]?.end);
};

describe('ticket words', () => {
  it('spells out contractions, with or without the apostrophe, and drops possessives', () => {
    expect(tokenize("Isnt my kid, can't see my son's classes, it's").map((t) => t.word)).toEqual([
      'is',
      'not',
      'my',
      'kid',
      'can',
      'not',
      'see',
      'my',
      'son',
      'classes',
      'it',
      'is',
    ]);
    expect(tokenize('e-mail K-8 José').map((t) => t.word)).toEqual(['email', 'k8', 'jose']);
  });

  it('tolerates a typo in words of five letters or more, not in short ones', () => {
    expect(wordsMatch('clases', 'classes')).toBe(true);
    expect(wordsMatch('campuss', 'campus')).toBe(true);
    expect(wordsMatch('emial', 'email')).toBe(true);
    expect(wordsMatch('sun', 'son')).toBe(false);
    expect(wordsMatch('kit', 'kid')).toBe(false);
    expect(wordsMatch('student', 'stupid')).toBe(false);
    expect(editDistance('abcd', 'badc')).toBe(2);
  });
});

describe('phrase patterns', () => {
  it('matches word classes, alternatives, prefixes, optional words and gaps, quoting the text', () => {
    expect(find('not my|our @child', 'He ISNT my kid!')).toBe('ISNT my kid');
    expect(find('transfer*', 'She was transfered last week')).toBe('transfered');
    expect(find('only .. of .. classes', 'only 2 of her 6 clases show')).toBe('only 2 of her 6 clases');
    expect(find('not related to? us', 'he is not related us')).toBe('not related us');
  });

  it('keeps a phrase inside one sentence and gaps within their length', () => {
    expect(find('not my @child', 'That is not. My kid is fine.')).toBeNull();
    expect(find('missing .. classes', 'missing one two three four classes')).toBeNull();
  });

  it('rejects an unknown word class', () => {
    expect(() => compilePhrase('not my @nope', classes)).toThrow(/unknown word class @nope/);
  });
});
