/**
 * Compact structures for a parsed bundle. A 200,000-student bundle has 1.27 million
 * enrollments, 490,000 memberships and 400,000 parent links; an object each, plus an array per
 * key holding them, was most of the loader's time (garbage collection above all) and of its
 * heap. Here relations are kept as columns of positions, grouped by a counting sort, and their
 * records are made when a lookup asks for them. Read like Maps, so the readers do not change.
 */

/** Something with an id, kept at a dense position: a class or a person of the bundle. */
export interface Keyed {
  readonly id: string;
}

/** A growable column of 32-bit integers. */
export class IntColumn {
  #values: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.#values = new Int32Array(Math.max(capacity, 16));
  }

  /** A column holding `values` (not a copy) up to `length`, e.g. filled in place by its maker. */
  static of(values: Int32Array, length = values.length): IntColumn {
    const column = new IntColumn(0);
    column.#values = values;
    column.length = length;
    return column;
  }

  push(value: number): void {
    if (this.length === this.#values.length) {
      const grown = new Int32Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.length++] = value;
  }

  at(index: number): number {
    return this.#values[index] as number;
  }

  /** The values at their exact length. */
  done(): Int32Array {
    return this.#values.slice(0, this.length);
  }
}

/**
 * Records by id, each at a dense position (the order they were added): a Map from id to
 * record whose positions relations can point at. The first record added for an id stays.
 */
export class DenseMap<Record extends Keyed> implements ReadonlyMap<string, Record> {
  readonly records: Record[] = [];
  readonly #positions = new Map<string, number>();

  /** Adds the record unless its id is known; returns its position. */
  add(record: Record): number {
    const known = this.#positions.get(record.id);
    if (known !== undefined) return known;
    const position = this.records.push(record) - 1;
    this.#positions.set(record.id, position);
    return position;
  }

  positionOf(id: string): number | undefined {
    return this.#positions.get(id);
  }

  get size(): number {
    return this.records.length;
  }

  get(id: string): Record | undefined {
    const position = this.#positions.get(id);
    return position === undefined ? undefined : this.records[position];
  }

  has(id: string): boolean {
    return this.#positions.has(id);
  }

  keys(): MapIterator<string> {
    return this.#positions.keys();
  }

  *values(): MapIterator<Record> {
    yield* this.records;
  }

  *entries(): MapIterator<[string, Record]> {
    for (const record of this.records) yield [record.id, record];
  }

  forEach(callback: (value: Record, key: string, map: ReadonlyMap<string, Record>) => void, thisArg?: unknown): void {
    for (const record of this.records) callback.call(thisArg, record, record.id, this);
  }

  [Symbol.iterator](): MapIterator<[string, Record]> {
    return this.entries();
  }
}

/** Items grouped by key with a counting sort: key k's items are order[starts[k] .. starts[k + 1]), in item order. */
function groupItems(groupOf: Int32Array, keyCount: number): { starts: Int32Array; order: Int32Array } {
  const starts = new Int32Array(keyCount + 1);
  let items = 0;
  for (const key of groupOf) {
    if (key < 0) continue;
    starts[key + 1] = (starts[key + 1] as number) + 1;
    items++;
  }
  for (let key = 0; key < keyCount; key++) starts[key + 1] = (starts[key + 1] as number) + (starts[key] as number);
  const next = starts.slice(0, -1);
  const order = new Int32Array(items);
  for (let item = 0; item < groupOf.length; item++) {
    const key = groupOf[item] as number;
    if (key < 0) continue;
    order[next[key] as number] = item;
    next[key] = (next[key] as number) + 1;
  }
  return { starts, order };
}

/**
 * Items (positions 0..n-1 of some columns) grouped by key, read like a Map from the key's id
 * to its items' records. `groupOf[item]` is the key's position in `keys`, or -1 to leave the
 * item out. A key's items come in item order; keys iterate in the order of their first item.
 */
export class GroupedIndex<Item> implements ReadonlyMap<string, readonly Item[]> {
  readonly #groupOf: Int32Array;
  readonly #keys: DenseMap<Keyed>;
  readonly #itemAt: (item: number) => Item;
  readonly #starts: Int32Array;
  readonly #order: Int32Array;
  readonly size: number;

  constructor(options: { groupOf: Int32Array; keys: DenseMap<Keyed>; itemAt: (item: number) => Item }) {
    this.#groupOf = options.groupOf;
    this.#keys = options.keys;
    this.#itemAt = options.itemAt;
    const { starts, order } = groupItems(options.groupOf, options.keys.size);
    this.#starts = starts;
    this.#order = order;
    let size = 0;
    for (let key = 0; key < options.keys.size; key++) if (starts[key] !== starts[key + 1]) size++;
    this.size = size;
  }

  get(id: string): readonly Item[] | undefined {
    const position = this.#keys.positionOf(id);
    if (position === undefined) return undefined;
    const start = this.#starts[position] as number;
    const end = this.#starts[position + 1] as number;
    if (start === end) return undefined;
    const records: Item[] = new Array(end - start);
    for (let i = start; i < end; i++) records[i - start] = this.#itemAt(this.#order[i] as number);
    return records;
  }

  has(id: string): boolean {
    const position = this.#keys.positionOf(id);
    return position !== undefined && this.#starts[position] !== this.#starts[position + 1];
  }

  *keys(): MapIterator<string> {
    const seen = new Uint8Array(this.#keys.size);
    for (const key of this.#groupOf) {
      if (key < 0 || seen[key]) continue;
      seen[key] = 1;
      yield (this.#keys.records[key] as Keyed).id;
    }
  }

  *entries(): MapIterator<[string, readonly Item[]]> {
    for (const id of this.keys()) yield [id, this.get(id) as readonly Item[]];
  }

  *values(): MapIterator<readonly Item[]> {
    for (const id of this.keys()) yield this.get(id) as readonly Item[];
  }

  forEach(
    callback: (value: readonly Item[], key: string, map: ReadonlyMap<string, readonly Item[]>) => void,
    thisArg?: unknown,
  ): void {
    for (const [id, items] of this.entries()) callback.call(thisArg, items, id, this);
  }

  [Symbol.iterator](): MapIterator<[string, readonly Item[]]> {
    return this.entries();
  }
}

/**
 * `first` with -1 for every repeat of a (first, second) pair but its first item: what a Map of
 * arrays checked with `some()` before each push kept. Groups are small (a person's campuses, a
 * student's parents), so each item is checked against its group's earlier ones.
 */
export function withoutRepeatedPairs(options: { first: Int32Array; second: Int32Array; keyCount: number }): Int32Array {
  const { first, second } = options;
  const groupOf = first.slice();
  const { starts, order } = groupItems(first, options.keyCount);
  for (let key = 0; key < options.keyCount; key++) {
    const start = starts[key] as number;
    const end = starts[key + 1] as number;
    for (let i = start + 1; i < end; i++) {
      const item = order[i] as number;
      for (let j = start; j < i; j++) {
        if (second[order[j] as number] === second[item]) {
          groupOf[item] = -1;
          break;
        }
      }
    }
  }
  return groupOf;
}
