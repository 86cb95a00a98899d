/**
 * The OneRoster `filter` parameter as a server implements it: `field<op>'value'` predicates
 * (`= != > >= < <= ~`, `~` meaning contains) joined by ` AND ` or ` OR `, never both (there
 * are no parentheses). A dotted field (`agents.sourcedId`) reaches into references and
 * arrays; a predicate on an array holds when any element matches (`!=` when none equals).
 */

export type Collation = 'folded' | 'exact';

export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface Predicate {
  path: string[];
  op: FilterOp;
  value: string;
}

export interface ParsedFilter {
  join: 'AND' | 'OR';
  predicates: Predicate[];
}

export class FilterError extends Error {}

const OPERATORS: readonly FilterOp[] = ['>=', '<=', '!=', '=', '>', '<', '~'];

export function parseFilter(text: string): ParsedFilter {
  const predicates: Predicate[] = [];
  let join: 'AND' | 'OR' | null = null;
  let position = 0;
  const skipSpaces = () => {
    while (text[position] === ' ') position++;
  };
  for (;;) {
    skipSpaces();
    const field = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(position))?.[0];
    if (!field) throw new FilterError(`expected a field name at character ${position + 1} of the filter`);
    position += field.length;
    skipSpaces();
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, position));
    if (!op) throw new FilterError(`expected one of ${OPERATORS.join(' ')} after "${field}"`);
    position += op.length;
    skipSpaces();
    if (text[position] !== "'") throw new FilterError(`expected a quoted value after "${field}${op}"`);
    const end = text.indexOf("'", position + 1);
    if (end < 0) throw new FilterError(`the value after "${field}${op}" has no closing quote`);
    predicates.push({ path: field.split('.'), op, value: text.slice(position + 1, end) });
    position = end + 1;
    skipSpaces();
    if (position >= text.length) break;
    const word = /^(AND|OR)\b/.exec(text.slice(position))?.[1] as 'AND' | 'OR' | undefined;
    if (!word) throw new FilterError(`expected AND or OR at character ${position + 1} of the filter`);
    if (join !== null && join !== word) throw new FilterError('a filter may use AND or OR, not both');
    join = word;
    position += word.length;
  }
  return { join: join ?? 'AND', predicates };
}

export function fold(value: string, collation: Collation): string {
  if (collation === 'exact') return value;
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function matchesFilter(record: Record<string, unknown>, filter: ParsedFilter, collation: Collation): boolean {
  const test = (predicate: Predicate) => matchesPredicate(record, predicate, collation);
  return filter.join === 'AND' ? filter.predicates.every(test) : filter.predicates.some(test);
}

function matchesPredicate(record: Record<string, unknown>, predicate: Predicate, collation: Collation): boolean {
  const values = valuesAt(record, predicate.path).map((value) => fold(value, collation));
  const wanted = fold(predicate.value, collation);
  switch (predicate.op) {
    case '=':
      return values.some((value) => value === wanted);
    case '!=':
      return values.every((value) => value !== wanted);
    case '~':
      return values.some((value) => value.includes(wanted));
    default:
      return values.some((value) => compare(value, wanted, predicate.op));
  }
}

function compare(value: string, wanted: string, op: FilterOp): boolean {
  const numeric = /^-?\d+(\.\d+)?$/.test(value) && /^-?\d+(\.\d+)?$/.test(wanted);
  const order = numeric ? Number(value) - Number(wanted) : value < wanted ? -1 : value > wanted ? 1 : 0;
  if (op === '>') return order > 0;
  if (op === '>=') return order >= 0;
  if (op === '<') return order < 0;
  return order <= 0;
}

/** Every scalar at a dotted path, through objects and arrays. */
function valuesAt(value: unknown, path: readonly string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) {
    if (typeof value === 'string') return [value];
    if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const [head, ...rest] = path;
  return valuesAt((value as Record<string, unknown>)[head as string], rest);
}
