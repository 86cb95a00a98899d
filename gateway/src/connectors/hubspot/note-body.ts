import { NOTE_BODY_MAX_CHARS } from './hubspot-api';

const TRUNCATION_NOTICE =
  '<p><em>[Shortened: this note was longer than HubSpot allows. The full report is in Customer Data Tools.]</em></p>';

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const BLOCK_END = /<\/(?:p|li|ul|ol|tr|table|div|h[1-6]|pre|blockquote)>|<br\s*\/?>/gi;
/** Prefer ending at a block boundary when it costs at most this share of the room. */
const BOUNDARY_SLACK = 0.2;

/**
 * Fits a note body into HubSpot's `hs_note_body` limit. A long body is cut at a block
 * boundary when one is near (never inside a tag, an entity or a surrogate pair), the tags
 * still open there are closed, and a notice says the note was shortened.
 */
export function fitNoteBody(options: { html: string; maxChars?: number }): { html: string; truncated: boolean } {
  const max = options.maxChars ?? NOTE_BODY_MAX_CHARS;
  const { html } = options;
  if (html.length <= max) return { html, truncated: false };
  if (max < TRUNCATION_NOTICE.length)
    throw new RangeError(`A note body needs room for at least ${TRUNCATION_NOTICE.length} characters; got ${max}.`);

  let cut = max - TRUNCATION_NOTICE.length;
  for (;;) {
    const prefix = safePrefix(html, cut);
    const closing = closingTagsFor(prefix);
    const total = prefix.length + closing.length + TRUNCATION_NOTICE.length;
    if (total <= max) return { html: prefix + closing + TRUNCATION_NOTICE, truncated: true };
    cut = prefix.length - (total - max);
  }
}

function safePrefix(html: string, length: number): string {
  if (length <= 0) return '';
  let prefix = html.slice(0, length);
  const lastOpen = prefix.lastIndexOf('<');
  if (lastOpen > prefix.lastIndexOf('>')) prefix = prefix.slice(0, lastOpen);
  const lastAmp = prefix.lastIndexOf('&');
  if (lastAmp > prefix.lastIndexOf(';') && prefix.length - lastAmp <= 10) prefix = prefix.slice(0, lastAmp);
  const lastCode = prefix.charCodeAt(prefix.length - 1);
  if (lastCode >= 0xd800 && lastCode <= 0xdbff) prefix = prefix.slice(0, -1);

  let boundary = -1;
  for (const match of prefix.matchAll(BLOCK_END)) boundary = (match.index ?? 0) + match[0].length;
  if (boundary > 0 && prefix.length - boundary <= length * BOUNDARY_SLACK) prefix = prefix.slice(0, boundary);
  return prefix;
}

function closingTagsFor(prefix: string): string {
  const open: string[] = [];
  for (const match of prefix.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const [, slash, rawName, selfClosing] = match;
    const name = (rawName ?? '').toLowerCase();
    if (VOID_ELEMENTS.has(name) || selfClosing) continue;
    if (!slash) {
      open.push(name);
      continue;
    }
    const at = open.lastIndexOf(name);
    if (at >= 0) open.length = at;
  }
  return open
    .reverse()
    .map((name) => `</${name}>`)
    .join('');
}
