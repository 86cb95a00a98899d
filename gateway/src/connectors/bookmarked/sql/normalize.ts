// Accented letters folded to ASCII in SQL, so that name lookups narrow in the database. The
// result is re-checked in TypeScript with the full Unicode normalisation (domain/names.ts).
const ACCENTED = 'áàâäãåāăąéèêëēėęěíìîïīįóòôöõøōőúùûüūůűñńçćčýÿšśžźżłđ';
const PLAIN = 'aaaaaaaaaeeeeeeeeiiiiiioooooooouuuuuuunncccyysszzzld';

/** SQL expression: lower-cased, accent-folded, spaces collapsed and trimmed. */
export function normalizedNameSql(column: string): string {
  return `btrim(regexp_replace(translate(lower(${column}), '${ACCENTED}', '${PLAIN}'), '\\s+', ' ', 'g'))`;
}
