import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../seed/prng';
import { addToIndex } from './bundle';
import { DenseMap, GroupedIndex, IntColumn, withoutRepeatedPairs } from './compact-index';

/** What the compact structures replace: a Map of arrays, pushed to in item order. */
function mapOfArrays(items: readonly { key: string; value: string }[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const { key, value } of items) addToIndex(index, key, value);
  return index;
}

const column = (values: readonly number[]) => {
  const built = new IntColumn(2);
  for (const value of values) built.push(value);
  return built.done();
};

describe('DenseMap', () => {
  it('reads like a Map, keeps the first record of an id, and gives positions', () => {
    const people = new DenseMap<{ id: string; name: string }>();
    expect(people.add({ id: 'b', name: 'first b' })).toBe(0);
    expect(people.add({ id: 'a', name: 'a' })).toBe(1);
    expect(people.add({ id: 'b', name: 'second b' })).toBe(0);
    expect(people.size).toBe(2);
    expect(people.get('b')?.name).toBe('first b');
    expect(people.get('nope')).toBeUndefined();
    expect(people.has('a')).toBe(true);
    expect(people.positionOf('a')).toBe(1);
    expect([...people.keys()]).toEqual(['b', 'a']);
    expect([...people].map(([id, record]) => `${id}:${record.name}`)).toEqual(['b:first b', 'a:a']);
  });
});

describe('GroupedIndex', () => {
  it('answers as a Map of arrays would, keys in first-item order, items in item order', () => {
    const rng = new SeededRandom(3);
    const keys = new DenseMap<{ id: string }>();
    for (let k = 0; k < 40; k++) keys.add({ id: `k${k}` });
    const groupOf: number[] = [];
    const items: { key: string; value: string }[] = [];
    for (let item = 0; item < 500; item++) {
      const key = rng.int(0, 39);
      // Some items left out (-1), as repeats are.
      const kept = rng.chance(0.9);
      groupOf.push(kept ? key : -1);
      if (kept) items.push({ key: `k${key}`, value: `item${item}` });
    }
    const index = new GroupedIndex({ groupOf: column(groupOf), keys, itemAt: (item) => `item${item}` });
    const expected = mapOfArrays(items);

    expect([...index.entries()]).toEqual([...expected.entries()]);
    expect(index.size).toBe(expected.size);
    for (let k = 0; k < 40; k++) {
      expect(index.get(`k${k}`)).toEqual(expected.get(`k${k}`));
      expect(index.has(`k${k}`)).toBe(expected.has(`k${k}`));
    }
    expect(index.get('not a key')).toBeUndefined();
    expect(index.has('not a key')).toBe(false);
  });

  it('makes new records on each get, so a caller cannot change what the next one sees', () => {
    const keys = new DenseMap<{ id: string }>();
    keys.add({ id: 'c1' });
    const index = new GroupedIndex({ groupOf: column([0, 0]), keys, itemAt: (item) => ({ item }) });
    const first = index.get('c1') as { item: number }[];
    (first[0] as { item: number }).item = 99;
    expect(index.get('c1')).toEqual([{ item: 0 }, { item: 1 }]);
  });
});

describe('withoutRepeatedPairs', () => {
  it('leaves out every repeat of a pair but its first item, as a some() check before push does', () => {
    const first = [0, 1, 0, 0, 2, 1, 0];
    const second = [5, 5, 6, 5, 5, 5, 6];
    expect([...withoutRepeatedPairs({ first: column(first), second: column(second), keyCount: 3 })]).toEqual([
      0, 1, 0, -1, 2, -1, -1,
    ]);
  });
});
