const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/** Ends of paragraphs get a blank line; line breaks, list items and table rows a new line. */
const PARAGRAPH_END = /<\/(?:p|div|ul|ol|table|h[1-6]|blockquote|pre|section|article|header|footer)\s*>|<hr(?:\s[^>]*)?\/?>/gi;
const LINE_END = /<br(?:\s[^>]*)?\/?>|<\/(?:li|tr)\s*>/gi;

/**
 * Plain text of HubSpot rich text: block tags become line breaks, other tags vanish,
 * entities are decoded and runs of blank space shrink. Plain text passes through unchanged
 * apart from the whitespace.
 */
export function htmlToText(value: string): string {
  return decodeEntities(
    value
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(PARAGRAPH_END, '\n\n')
      .replace(LINE_END, '\n')
      // A tag is a name then a space, "/" or ">": "<kwhite@example.com>" in a forwarded header stays.
      .replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?\/?>/g, ''),
  )
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}
