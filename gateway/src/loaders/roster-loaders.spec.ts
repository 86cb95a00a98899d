import { describe, expect, it } from 'vitest';
import type { PersonRecord, RosterReader } from '../domain/roster';
import { createRosterLoaders } from './roster-loaders';

const person = (id: string): PersonRecord => ({
  system: 'SOURCE',
  id,
  sourcedId: id,
  role: 'student',
  sourceRole: 'student',
  givenName: 'Ana',
  familyName: 'Lopez',
  middleName: null,
  email: null,
  identifier: null,
  grade: null,
});

describe('createRosterLoaders: loadedPerson', () => {
  it('answers what personById loaded, without a promise, and nothing before it is loaded', async () => {
    const calls: string[][] = [];
    const reader = {
      peopleByIds: async (ids: readonly string[]) => {
        calls.push([...ids]);
        return ids.map((id) => (id === 'ghost' ? null : person(id)));
      },
    } as unknown as RosterReader;
    const loaders = createRosterLoaders(reader);

    expect(loaders.loadedPerson('u1')).toBeUndefined();
    await loaders.personById.loadMany(['u1', 'ghost']);
    expect(loaders.loadedPerson('u1')).toEqual(person('u1'));
    expect(loaders.loadedPerson('ghost')).toBeNull();
    expect(loaders.loadedPerson('u2')).toBeUndefined();
    // The same value the loader's own cache gives, with no second read.
    expect(await loaders.personById.load('u1')).toBe(loaders.loadedPerson('u1'));
    expect(calls).toEqual([['u1', 'ghost']]);
  });
});
