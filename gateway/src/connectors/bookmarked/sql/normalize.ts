// Accented letters folded to ASCII in SQL, so that name lookups narrow in the database. The
// result is re-checked in TypeScript with the full Unicode normalisation (domain/names.ts).
const ACCENTED = 'áàâäãåāăąéèêëēėęěíìîïīįóòôöõøōőúùûüūůűñńçćčýÿšśžźżłđ';
const PLAIN = 'aaaaaaaaaeeeeeeeeiiiiiioooooooouuuuuuunncccyysszzzld';

/** SQL expression: lower-cased, accent-folded, spaces collapsed and trimmed. */
export function normalizedNameSql(column: string): string {
  return `btrim(regexp_replace(translate(lower(${column}), '${ACCENTED}', '${PLAIN}'), '\\s+', ' ', 'g'))`;
}

const FOLDED_TO = new Set(PLAIN);

/**
 * The longest piece of a normalised name that the SQL folding cannot have produced from other
 * characters (no letter it folds accents to, no space): every name whose normalised form is
 * `key` contains that piece as is once lower-cased, so `strpos(lower(column), piece) > 0` is a
 * cheap, exact pre-filter before the costly folding. '' when there is no such piece.
 */
export function literalPiece(key: string): string {
  let longest = '';
  let current = '';
  for (const char of key) {
    if (FOLDED_TO.has(char) || /\s/.test(char)) {
      if (current.length > longest.length) longest = current;
      current = '';
    } else {
      current += char;
    }
  }
  return current.length > longest.length ? current : longest;
}
