import { diffRecords, type FieldSpec, orderedPairs, type PairedRecord } from './record-diff';

/**
 * Turns what a run read from each system (its evidence: `district.source` and
 * `district.bookmarked` of each document it executed, or an answer of the side-by-side
 * lookup) into record groups — students, parents, teachers, classes… — with the SIS and
 * Bookmarked versions of each record paired by sourcedId and compared field by field.
 */

export type FlatRecord = Record<string, string | string[] | null>;

export interface RecordGroup {
  /** The list's name in the answer: students, parents, teachers, classes, schools… */
  kind: string;
  label: string;
  fields: FieldSpec[];
  /** Records the findings name first, then the ones that differ, then the rest. */
  pairs: PairedRecord<FlatRecord>[];
}

/** Never compared: row ids differ between systems by design, and `system` always does. */
const IGNORED_FIELDS = new Set(['id', 'system', '__typename', 'bookmarkedId']);
const FIELD_ORDER = [
  'sourcedId',
  'givenName',
  'middleName',
  'familyName',
  'name',
  'title',
  'email',
  'identifier',
  'grade',
  'classCode',
  'schoolCode',
];
const GROUP_ORDER = ['students', 'parents', 'teachers', 'classes', 'schools', 'enrollments', 'syncErrors'];
const GROUP_LABELS: Record<string, string> = {
  students: 'Students',
  parents: 'Parents and guardians',
  teachers: 'Teachers',
  classes: 'Classes',
  schools: 'Schools',
  enrollments: 'Enrollments',
  syncErrors: 'Sync errors',
};

const FIELD_LABELS: Record<string, string> = {
  sourcedId: 'sourcedId',
  givenName: 'Given name',
  familyName: 'Family name',
  middleName: 'Middle name',
  email: 'Email',
  identifier: 'Student number',
  grade: 'Grade',
  role: 'Role',
  sourceRole: 'Role as stated',
  schools: 'Schools',
  classes: 'Classes',
  parents: 'Parents',
  students: 'Students',
  teachers: 'Teachers',
  title: 'Title',
  classCode: 'Class code',
  school: 'School',
  schoolCode: 'School code',
  name: 'Name',
  studentLinks: 'Linked students',
  parentLinks: 'Linked parents',
  origin: 'Link origin',
  beginDate: 'Begins',
  endDate: 'Ends',
  user: 'Person',
  class: 'Class',
  entityType: 'Record type',
  message: 'Message',
  createdAt: 'Logged',
};

export const fieldLabel = (field: string) =>
  FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** How a nested record is named in a cell: a person's name, a class title, a school name… */
export function nameOf(value: unknown): string | null {
  if (!isRecord(value)) return value === null || value === undefined ? null : String(value);
  if (isRecord(value.student)) return nameOf(value.student);
  if (isRecord(value.parent)) return nameOf(value.parent);
  const person = [value.givenName, value.familyName].filter((part) => typeof part === 'string' && part).join(' ');
  const name = person || (value.name as string) || (value.title as string) || (value.sourcedId as string) || null;
  return name ? String(name) : null;
}

/** A record's own fields as display values; nested lists and objects become names. */
export function flattenRecord(record: Record<string, unknown>): FlatRecord {
  const flat: FlatRecord = {};
  for (const [field, value] of Object.entries(record)) {
    if (IGNORED_FIELDS.has(field)) continue;
    if (Array.isArray(value)) {
      flat[field] = value.map(nameOf).filter((item): item is string => item !== null);
    } else if (isRecord(value)) {
      flat[field] = nameOf(value);
    } else {
      flat[field] = value === null || value === undefined || value === '' ? null : String(value);
    }
  }
  return flat;
}

const looksLikeRecordList = (value: unknown): value is Record<string, unknown>[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => isRecord(item) && ('sourcedId' in item || 'id' in item));

/**
 * Every record list in an answer, by list name, keyed by sourcedId. Nested lists count too
 * (a student's parents are parents); when the same record appears twice, the fuller copy wins.
 */
export function collectRecords(answer: unknown, into: Map<string, Map<string, Record<string, unknown>>> = new Map()) {
  const visit = (value: unknown, key: string | null) => {
    if (Array.isArray(value)) {
      if (key && looksLikeRecordList(value)) {
        const group = into.get(key) ?? new Map<string, Record<string, unknown>>();
        into.set(key, group);
        for (const record of value) {
          const id = (record.sourcedId ?? (key === 'syncErrors' ? record.id : null)) as string | null;
          if (!id) continue;
          const known = group.get(String(id));
          if (!known || Object.keys(record).length > Object.keys(known).length) group.set(String(id), record);
        }
      }
      for (const item of value) visit(item, null);
      return;
    }
    if (isRecord(value)) for (const [field, child] of Object.entries(value)) visit(child, field);
  };
  visit(answer, null);
  return into;
}

function fieldsOf(records: readonly FlatRecord[]): FieldSpec[] {
  const seen: string[] = [];
  for (const record of records) for (const field of Object.keys(record)) if (!seen.includes(field)) seen.push(field);
  // sourcedId first (the key both sides are paired by), then who the record is, then the rest.
  const rank = (field: string) => {
    const at = FIELD_ORDER.indexOf(field);
    return at === -1 ? FIELD_ORDER.length : at;
  };
  return seen
    .map((field, index) => ({ field, index }))
    .sort((a, b) => rank(a.field) - rank(b.field) || a.index - b.index)
    .map(({ field }) => field)
    .map((field) => ({
      name: field,
      label: fieldLabel(field),
      compare: records.some((record) => Array.isArray(record[field])) ? 'set' : undefined,
    }));
}

/** The record groups of a run's evidence (or any answers), SIS on the left, Bookmarked on the right. */
export function sideBySide(options: {
  source: readonly unknown[];
  bookmarked: readonly unknown[];
  focusIds?: readonly string[];
}): RecordGroup[] {
  const source = new Map<string, Map<string, Record<string, unknown>>>();
  const bookmarked = new Map<string, Map<string, Record<string, unknown>>>();
  for (const answer of options.source) collectRecords(answer, source);
  for (const answer of options.bookmarked) collectRecords(answer, bookmarked);
  const focus = new Set(options.focusIds ?? []);
  const kinds = [...new Set([...source.keys(), ...bookmarked.keys()])].sort(
    (a, b) => (GROUP_ORDER.indexOf(a) + 1 || 99) - (GROUP_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  return kinds.map((kind) => {
    const left = [...(source.get(kind)?.values() ?? [])].map(flattenRecord);
    const right = [...(bookmarked.get(kind)?.values() ?? [])].map(flattenRecord);
    const fields = fieldsOf([...left, ...right]);
    const pairs = orderedPairs(diffRecords({ left, right, key: 'sourcedId', fields }));
    // Records the findings name come first; otherwise keep differences-first order.
    const rank = (pair: PairedRecord<FlatRecord>) => (focus.has(pair.key) ? 0 : 1);
    const sorted = pairs.map((pair, index) => ({ pair, index })).sort((a, b) => rank(a.pair) - rank(b.pair) || a.index - b.index);
    return { kind, label: GROUP_LABELS[kind] ?? fieldLabel(kind), fields, pairs: sorted.map(({ pair }) => pair) };
  });
}
