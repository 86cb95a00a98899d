import { Kind, parse, print, visit } from 'graphql';

/**
 * The ad-hoc workbench's pure parts: what a comparison is made of, how it is shared in a URL,
 * and where the record lists are in a query's answer.
 */

export type Normalization = 'EXACT' | 'MATCHING';

export interface Comparison {
  document: string;
  /** JSON text of the variables, as edited. */
  variables: string;
  leftPath: string;
  rightPath: string;
  keyField: string;
  fields: string[];
  normalization: Normalization;
}

export function defaultComparison(options: { districtId?: string | null; environment: string }): Comparison {
  return {
    document: `# Students of a district in the SIS (left) and in Bookmarked (right).
query CompareStudents($districtId: ID!, $environment: Environment) {
  district(id: $districtId, environment: $environment) {
    name
    source {
      students(first: 5000) {
        sourcedId
        givenName
        familyName
        email
        grade
        identifier
      }
    }
    bookmarked {
      students(first: 5000) {
        sourcedId
        givenName
        familyName
        email
        grade
        identifier
      }
    }
  }
}
`,
    variables: JSON.stringify({ districtId: options.districtId ?? '1001', environment: options.environment }, null, 2),
    leftPath: 'district.source.students',
    rightPath: 'district.bookmarked.students',
    keyField: 'sourcedId',
    fields: ['givenName', 'familyName', 'email', 'grade', 'identifier'],
    normalization: 'EXACT',
  };
}

const toBase64Url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};
const fromBase64Url = (text: string) => {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

/** A comparison in a URL parameter (`/workbench?c=…`): share it, bookmark it, reopen it. */
export const encodeComparison = (comparison: Comparison) => toBase64Url(JSON.stringify(comparison));

export function decodeComparison(value: string | null): Comparison | null {
  if (!value || value.length > 60_000) return null;
  try {
    const parsed = JSON.parse(fromBase64Url(value)) as Partial<Comparison>;
    const text = (v: unknown, max = 20_000) => (typeof v === 'string' ? v.slice(0, max) : '');
    if (!parsed.document || typeof parsed.document !== 'string') return null;
    return {
      document: text(parsed.document, 50_000),
      variables: text(parsed.variables) || '{}',
      leftPath: text(parsed.leftPath, 300),
      rightPath: text(parsed.rightPath, 300),
      keyField: text(parsed.keyField, 200),
      fields: Array.isArray(parsed.fields) ? parsed.fields.filter((f): f is string => typeof f === 'string').slice(0, 100) : [],
      normalization: parsed.normalization === 'MATCHING' ? 'MATCHING' : 'EXACT',
    };
  } catch {
    return null;
  }
}

/** The workbench link for a comparison as the gateway returns it (a run, a saved comparison). */
export function shareHref(saved: {
  document: string;
  variables: unknown;
  leftPath: string;
  rightPath: string;
  keyField: string;
  fields: readonly string[];
  normalization?: string | null;
}): string {
  return `/workbench?c=${encodeComparison({
    document: saved.document,
    variables: JSON.stringify(saved.variables ?? {}, null, 2),
    leftPath: saved.leftPath,
    rightPath: saved.rightPath,
    keyField: saved.keyField,
    fields: [...saved.fields],
    normalization: saved.normalization === 'MATCHING' ? 'MATCHING' : 'EXACT',
  })}`;
}

export interface RecordList {
  path: string;
  count: number;
  /** Field paths found in the records (nested objects one level deep: `school.name`). */
  fields: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** Every list of records in an answer, with a dotted path (lists inside lists are flattened). */
export function findRecordLists(data: unknown): RecordList[] {
  const found = new Map<string, { count: number; fields: Set<string> }>();
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      const records = value.filter(isObject);
      if (records.length && path) {
        const entry = found.get(path) ?? { count: 0, fields: new Set<string>() };
        entry.count += records.length;
        for (const record of records) {
          for (const [key, field] of Object.entries(record)) {
            if (key.startsWith('__')) continue;
            if (isObject(field)) {
              for (const [inner, leaf] of Object.entries(field)) {
                if (!isObject(leaf) && !Array.isArray(leaf)) entry.fields.add(`${key}.${inner}`);
              }
            } else if (!Array.isArray(field) || !field.some(isObject)) {
              entry.fields.add(key);
            }
          }
        }
        found.set(path, entry);
      }
      for (const record of records)
        for (const [key, child] of Object.entries(record))
          if (Array.isArray(child) || isObject(child)) visit(child, `${path}.${key}`);
      return;
    }
    if (isObject(value)) for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
  };
  visit(data, '');
  return [...found].map(([path, entry]) => ({ path, count: entry.count, fields: [...entry.fields] }));
}

/** Sensible picks for a fresh answer: a source/bookmarked pair of lists, sourcedId as key, shared fields. */
export function suggestComparison(
  lists: readonly RecordList[],
): Pick<Comparison, 'leftPath' | 'rightPath' | 'keyField' | 'fields'> | null {
  for (const left of lists) {
    if (!left.path.includes('source')) continue;
    const right = lists.find((list) => list.path === left.path.replace('source', 'bookmarked'));
    if (!right) continue;
    const shared = left.fields.filter((field) => right.fields.includes(field));
    const keyField = shared.includes('sourcedId') ? 'sourcedId' : shared.includes('id') ? 'id' : (shared[0] ?? 'id');
    return {
      leftPath: left.path,
      rightPath: right.path,
      keyField,
      fields: shared.filter((f) => f !== keyField && f !== 'id' && f !== 'system'),
    };
  }
  return null;
}

/** Parses the variables editor: an object, or a message saying what is wrong. */
export function parseVariables(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: {} };
  try {
    const value = JSON.parse(text) as unknown;
    if (!isObject(value)) return { ok: false, message: 'Variables must be a JSON object, like {"districtId": "1001"}.' };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: `Variables are not valid JSON: ${(error as Error).message}` };
  }
}

/** A side's name from its path: `district.source.students` → "SIS (source)". */
export function sideLabel(path: string): string {
  if (/(^|\.)source(\.|$)/.test(path)) return 'SIS (source)';
  if (/(^|\.)bookmarked(\.|$)/.test(path)) return 'Bookmarked';
  return path || '—';
}

/** A JSON value in a cell. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/** Records per list the preview reads: enough to pick paths and fields, cheap for the gateway. */
export const PREVIEW_RECORDS = 25;

/**
 * The document with every literal `first:` argument capped for the preview ("Run query"); the
 * comparison itself runs the document as written, on the gateway. Returns the text unchanged
 * when it does not parse (the editor shows why).
 */
export function previewDocument(text: string, cap = PREVIEW_RECORDS): string {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(text);
  } catch {
    return text;
  }
  return print(
    visit(document, {
      Argument(node) {
        if (node.name.value !== 'first' || node.value.kind !== Kind.INT || Number(node.value.value) <= cap) return undefined;
        return { ...node, value: { ...node.value, value: String(cap) } };
      },
    }),
  );
}
