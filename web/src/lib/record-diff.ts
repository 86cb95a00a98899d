/**
 * Pairs records of the two systems (or of any two lists, in the workbench) by a key and
 * compares them field by field, so the UI can highlight exactly what differs.
 *
 * Comparison follows the rule book: names compare case-, accent- and space-insensitively,
 * emails case-insensitively after trimming; lists compare as sets. A difference that vanishes
 * under that normalisation is not a difference (it is shown, but not highlighted).
 */

export type Comparison = 'exact' | 'name' | 'email' | 'set';

export interface FieldSpec {
  /** A key, or a dotted path into nested objects (`school.name`). */
  name: string;
  label?: string;
  compare?: Comparison;
}

export interface FieldDifference {
  field: string;
  label: string;
  left: string | null;
  right: string | null;
  /** Different after normalisation: highlight it. */
  differs: boolean;
}

export interface PairedRecord<T = unknown> {
  key: string;
  left: T | null;
  right: T | null;
  fields: FieldDifference[];
  /** Missing on one side, or at least one field differs. */
  differs: boolean;
}

export interface RecordsDiff<T = unknown> {
  onlyLeft: PairedRecord<T>[];
  onlyRight: PairedRecord<T>[];
  changed: PairedRecord<T>[];
  identical: PairedRecord<T>[];
}

export const normalizeName = (value: string) =>
  value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

export const normalizeEmail = (value: string) => value.trim().toLowerCase();

/** A dotted path into an object; through arrays it collects every element's value. */
export function valueAt(record: unknown, path: string): unknown {
  let values: unknown[] = [record];
  for (const part of path.split('.').filter(Boolean)) {
    values = values.flatMap((value) => {
      if (Array.isArray(value))
        return value.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[part] : undefined));
      return value && typeof value === 'object' ? [(value as Record<string, unknown>)[part]] : [undefined];
    });
  }
  const flat = values.flat();
  if (flat.length === 1 && !Array.isArray(values[0])) return flat[0];
  return flat;
}

/** A value as the UI shows it: null for nothing, lists joined, objects as JSON. */
export function display(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    const items = value.map(display).filter((item): item is string => item !== null);
    return items.length ? items.join(', ') : null;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function comparable(value: unknown, compare: Comparison): string | null {
  if (compare === 'set' || Array.isArray(value)) {
    const items = (Array.isArray(value) ? value : [value])
      .map((item) => display(item))
      .filter((item): item is string => item !== null);
    return items.length ? [...new Set(items.map((item) => normalizeName(item)))].sort().join('\u0000') : null;
  }
  const shown = display(value);
  if (shown === null) return null;
  if (compare === 'name') return normalizeName(shown);
  if (compare === 'email') return normalizeEmail(shown);
  return shown;
}

/** Guesses how to compare a field from its name, when the spec does not say. */
export function comparisonFor(field: string): Comparison {
  const last = field.split('.').at(-1)?.toLowerCase() ?? '';
  if (last.includes('email')) return 'email';
  if (last.endsWith('name') || last === 'title') return 'name';
  return 'exact';
}

export function compareFields<T>(left: T | null, right: T | null, fields: readonly FieldSpec[]): FieldDifference[] {
  return fields.map((spec) => {
    const compare = spec.compare ?? comparisonFor(spec.name);
    const a = left === null ? undefined : valueAt(left, spec.name);
    const b = right === null ? undefined : valueAt(right, spec.name);
    return {
      field: spec.name,
      label: spec.label ?? spec.name,
      left: display(a),
      right: display(b),
      differs: left !== null && right !== null && comparable(a, compare) !== comparable(b, compare),
    };
  });
}

/**
 * Pairs `left` and `right` by `key` (a field path) and compares `fields`. Records without a
 * key are never paired. Duplicate keys keep the first record of each side.
 */
export function diffRecords<T>(options: {
  left: readonly T[];
  right: readonly T[];
  key: string;
  fields: readonly FieldSpec[];
}): RecordsDiff<T> {
  const keyOf = (record: T) => display(valueAt(record, options.key));
  const rightByKey = new Map<string, T>();
  const unkeyedRight: T[] = [];
  for (const record of options.right) {
    const key = keyOf(record);
    if (key === null) unkeyedRight.push(record);
    else if (!rightByKey.has(key)) rightByKey.set(key, record);
  }
  const result: RecordsDiff<T> = { onlyLeft: [], onlyRight: [], changed: [], identical: [] };
  const seen = new Set<string>();
  options.left.forEach((record, index) => {
    const key = keyOf(record);
    if (key !== null && seen.has(key)) return;
    if (key !== null) seen.add(key);
    const match = key === null ? undefined : rightByKey.get(key);
    if (match === undefined) {
      result.onlyLeft.push({
        key: key ?? `(no key #${index + 1})`,
        left: record,
        right: null,
        fields: compareFields(record, null, options.fields),
        differs: true,
      });
      return;
    }
    const fields = compareFields(record, match, options.fields);
    const pair = { key: key as string, left: record, right: match, fields, differs: fields.some((field) => field.differs) };
    (pair.differs ? result.changed : result.identical).push(pair);
  });
  for (const [key, record] of rightByKey) {
    if (!seen.has(key))
      result.onlyRight.push({
        key,
        left: null,
        right: record,
        fields: compareFields(null, record, options.fields),
        differs: true,
      });
  }
  for (const [index, record] of unkeyedRight.entries()) {
    result.onlyRight.push({
      key: `(no key #${index + 1})`,
      left: null,
      right: record,
      fields: compareFields(null, record, options.fields),
      differs: true,
    });
  }
  return result;
}

/** Every pair of a diff in reading order: differences first, then the records that agree. */
export const orderedPairs = <T>(diff: RecordsDiff<T>): PairedRecord<T>[] => [
  ...diff.changed,
  ...diff.onlyLeft,
  ...diff.onlyRight,
  ...diff.identical,
];
