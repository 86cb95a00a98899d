import { describe, expect, it } from 'vitest';
import { fitNoteBody } from './note-body';

describe('fitNoteBody', () => {
  it('leaves a body within the limit alone', () => {
    expect(fitNoteBody({ html: '<p>short</p>', maxChars: 200 })).toEqual({ html: '<p>short</p>', truncated: false });
  });

  it('cuts at a block boundary, closes open tags and says it shortened the note', () => {
    const html = `<h2>Findings</h2><ul>${Array.from({ length: 40 }, (_, i) => `<li>Finding number ${i}</li>`).join('')}</ul>`;
    const { html: fitted, truncated } = fitNoteBody({ html, maxChars: 400 });

    expect(truncated).toBe(true);
    expect(fitted.length).toBeLessThanOrEqual(400);
    expect(fitted).toMatch(/^<h2>Findings<\/h2><ul>(<li>Finding number \d+<\/li>)+<\/ul><p><em>\[Shortened/);
  });

  it('never cuts inside a tag or an entity', () => {
    const html = `<p>${'a&amp;b '.repeat(100)}<a href="https://example.test/very/long/link">link</a></p>`;
    for (let max = 150; max < 300; max += 7) {
      const { html: fitted } = fitNoteBody({ html, maxChars: max });
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(fitted).not.toMatch(/&[a-z]*<|<[^>]*<\/?p>/);
      expect(fitted.replace(/<[^>]+>/g, '')).not.toMatch(/&(?!amp;)/);
    }
  });
});
