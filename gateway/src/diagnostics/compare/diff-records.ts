import { normalizeName } from '../../domain/names';

/**
 * The ad-hoc differ: two lists of records joined by a key field, compared field by field.
 * Pure and linear (one Map over the right side), so 100,000 records per side take well under
 * a second.
 */

/** EXACT compares values as they are; MATCHING applies the rule book's normalisation to strings (case, accents, spaces). */
export type DiffNormalization = 'EXACT' | 'MATCHING';

export interface DiffOptions {
  left: readonly unknown[];
  right: readonly unknown[];
  /** Dotted path of the key in each record, e.g. `sourcedId` or `class.sourcedId`. */
  key: string;
  /** Dotted paths of the compared fields. */
  fields: readonly string[];
  normalization?: DiffNormalization;
  /** Records listed per kind of difference; counts are always complete. */
  limit?: number;
}

export interface FieldChange {
  field: string;
  left: unknown;
  right: unknown;
}

export interface ChangedRecord {
  key: string;
  left: unknown;
  right: unknown;
  changes: FieldChange[];
}

export interface DiffResult {
  leftCount: number;
  rightCount: number;
  onlyLeft: unknown[];
  onlyLeftCount: number;
  onlyRight: unknown[];
  onlyRightCount: number;
  changed: ChangedRecord[];
  changedCount: number;
  identicalCount: number;
  /** How many changed records differ in each field. */
  fieldChangeCounts: { field: string; count: number }[];
  /** Records without a key value on each side: not compared. */
  unkeyed: { left: number; right: number };
  /** Keys held by several records on one side (first few); only the first record of a key is compared. */
  duplicateKeys: { left: string[]; right: string[] };
}

export const DIFF_DEFAULT_LIMIT = 1_000;
const DUPLICATE_KEYS_LISTED = 20;

/** The value at a dotted path; undefined when any step is missing. */
export function valueAt(record: unknown, path: string): unknown {
  return valueAtSteps(record, path.split('.'));
}

/** valueAt with the path already split: the differ splits each path once, not once per record. */
function valueAtSteps(record: unknown, steps: readonly string[]): unknown {
  let value: unknown = record;
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

function keyOf(record: unknown, steps: readonly string[]): string | null {
  const value = valueAtSteps(record, steps);
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'object' ? stableJson(value) : String(value);
}

/** JSON with object keys sorted, so equal objects print equally. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

function sameValue(a: unknown, b: unknown, normalization: DiffNormalization): boolean {
  const left = a ?? null;
  const right = b ?? null;
  if (left === right) return true;
  if (normalization === 'MATCHING') {
    const fold = (v: unknown) => (typeof v === 'string' ? normalizeName(v) : v === null ? '' : v);
    const l = fold(left);
    const r = fold(right);
    if (l === r) return true;
    if (typeof l !== 'object' || typeof r !== 'object' || l === null || r === null) return false;
  }
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  return stableJson(left) === stableJson(right);
}

export function diffRecords(options: DiffOptions): DiffResult {
  const { fields } = options;
  const key = options.key.split('.');
  const fieldSteps = fields.map((field) => field.split('.'));
  const normalization = options.normalization ?? 'EXACT';
  const limit = Math.max(0, options.limit ?? DIFF_DEFAULT_LIMIT);
  const unkeyed = { left: 0, right: 0 };
  const duplicateKeys = { left: [] as string[], right: [] as string[] };
  const noteDuplicate = (list: string[], k: string) => {
    if (list.length < DUPLICATE_KEYS_LISTED && !list.includes(k)) list.push(k);
  };

  const rightByKey = new Map<string, unknown>();
  for (const record of options.right) {
    const k = keyOf(record, key);
    if (k === null) unkeyed.right++;
    else if (rightByKey.has(k)) noteDuplicate(duplicateKeys.right, k);
    else rightByKey.set(k, record);
  }

  const result: DiffResult = {
    leftCount: options.left.length,
    rightCount: options.right.length,
    onlyLeft: [],
    onlyLeftCount: 0,
    onlyRight: [],
    onlyRightCount: 0,
    changed: [],
    changedCount: 0,
    identicalCount: 0,
    fieldChangeCounts: [],
    unkeyed,
    duplicateKeys,
  };
  const fieldCounts = new Map<string, number>(fields.map((f) => [f, 0]));
  const seenLeft = new Set<string>();
  for (const record of options.left) {
    const k = keyOf(record, key);
    if (k === null) {
      unkeyed.left++;
      continue;
    }
    if (seenLeft.has(k)) {
      noteDuplicate(duplicateKeys.left, k);
      continue;
    }
    seenLeft.add(k);
    if (!rightByKey.has(k)) {
      if (result.onlyLeftCount++ < limit) result.onlyLeft.push(record);
      continue;
    }
    const other = rightByKey.get(k);
    const changes: FieldChange[] = [];
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f] as string;
      const steps = fieldSteps[f] as string[];
      const a = valueAtSteps(record, steps);
      const b = valueAtSteps(other, steps);
      if (!sameValue(a, b, normalization)) {
        changes.push({ field, left: a ?? null, right: b ?? null });
        fieldCounts.set(field, (fieldCounts.get(field) ?? 0) + 1);
      }
    }
    if (changes.length === 0) result.identicalCount++;
    else if (result.changedCount++ < limit) result.changed.push({ key: k, left: record, right: other, changes });
  }
  for (const [k, record] of rightByKey) {
    if (seenLeft.has(k)) continue;
    if (result.onlyRightCount++ < limit) result.onlyRight.push(record);
  }
  result.fieldChangeCounts = [...fieldCounts].filter(([, count]) => count > 0).map(([field, count]) => ({ field, count }));
  return result;
}
