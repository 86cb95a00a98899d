import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../errors';
import { generateDistrict } from '../../seed/generate-district';
import { writeOneRosterBundle } from '../../seed/write-oneroster-bundle';
import type { OneRosterBundle } from './bundle';
import { openBundleSource } from './bundle-source';
import { loadOneRosterBundle } from './load-bundle';
import { startEnrollmentsWorker } from './parallel-enrollments';
import {
  makeTempDir,
  sampleDistrict11,
  type TestFiles,
  toCsv,
  toOneRoster12,
  writeBundleFolder,
  writeBundleZip,
} from './test-bundles';

let temp: { dir: string; remove: () => Promise<void> };
let counter = 0;
beforeAll(async () => {
  temp = await makeTempDir('cdt-parallel-enrollments-');
});
afterAll(async () => {
  await temp.remove();
});

function folder(files: TestFiles): Promise<string> {
  counter++;
  return writeBundleFolder({ dir: join(temp.dir, `bundle-${counter}`), files });
}

/** Everything a reader can see of a bundle: every map's entries in order, and `get`/`has` of every key. */
function snapshot(bundle: OneRosterBundle): Record<string, unknown> {
  const view = (map: ReadonlyMap<string, unknown>) => ({
    size: map.size,
    entries: [...map.entries()],
    lookups: [...map.keys()].map((key) => [map.has(key), map.get(key)]),
  });
  const maps = Object.entries(bundle).filter(([, value]) => value instanceof Object && 'entries' in value && 'get' in value);
  return {
    ...Object.fromEntries(
      Object.entries(bundle).map(([key, value]) => [key, value instanceof Object && 'get' in value ? null : value]),
    ),
    ...Object.fromEntries(maps.map(([key, map]) => [key, view(map as ReadonlyMap<string, unknown>)])),
    countsRowOrder: Object.keys(bundle.counts.rows),
  };
}

async function bothWays(path: string): Promise<{ sequential: OneRosterBundle; parallel: OneRosterBundle }> {
  const sequential = await loadOneRosterBundle({ path, enrollmentsInWorker: false });
  const parallel = await loadOneRosterBundle({ path, enrollmentsInWorker: true });
  return { sequential, parallel };
}

async function errorOf(path: string, enrollmentsInWorker: boolean): Promise<BundleError> {
  const error = await loadOneRosterBundle({ path, enrollmentsInWorker }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

async function expectSameError(path: string): Promise<BundleError> {
  const sequential = await errorOf(path, false);
  const parallel = await errorOf(path, true);
  expect({ ...parallel, message: parallel.message }).toEqual({ ...sequential, message: sequential.message });
  return parallel;
}

function sampleWith(name: string, rows: readonly (readonly string[])[]): TestFiles {
  return { ...sampleDistrict11(), [name]: rows };
}

describe('enrollments.csv read in a worker thread', () => {
  // The loader falls back to reading the file itself when the worker fails: make sure it did not.
  it('starts the worker here (tsx inside the worker) and gets the columns back', async () => {
    const path = await folder(sampleDistrict11());
    const source = await openBundleSource({ path, label: 'sample' });
    try {
      expect(await startEnrollmentsWorker({ path, label: 'sample', source })).toBeNull();
      const job = await startEnrollmentsWorker({ path, label: 'sample', source, force: true });
      const columns = await job?.columns;
      expect(columns).toMatchObject({ file: 'enrollments.csv', rows: sampleDistrict11()['enrollments.csv']!.length - 1 });
      expect(columns?.idEnds).toBeInstanceOf(Int32Array);
    } finally {
      await source.close();
    }
  });

  it.each(['1.1', '1.2'] as const)(
    'gives the bundle the sequential reader gives: a generated %s district with faults',
    async (version) => {
      const district = generateDistrict({
        seed: 7,
        districtId: 5151,
        name: 'Parallel ISD',
        state: 'TX',
        sisProvider: 'oneroster',
        students: 300,
        oneRosterVersion: version,
        faults: 'catalog',
      });
      const written = await writeOneRosterBundle({ district, dir: join(temp.dir, `generated-${version}`) });
      const { sequential, parallel } = await bothWays(written.path);
      expect(sequential.enrollmentsByClassId.size).toBeGreaterThan(0);
      expect(snapshot(parallel)).toEqual(snapshot(sequential));
    },
  );

  it('keeps the same enrollments of deleted, unknown and other-role rows, from a folder and a zip', async () => {
    const files: TestFiles = { ...sampleDistrict11() };
    const enrollments = [...(files['enrollments.csv'] as readonly (readonly string[])[])];
    const [header, first] = enrollments as [readonly string[], readonly string[]];
    const column = (name: string) => header.indexOf(name);
    const variant = (changes: Record<string, string>) => {
      const row = [...first];
      for (const [name, value] of Object.entries(changes)) row[column(name)] = value;
      return row;
    };
    enrollments.push(
      variant({ sourcedId: 'enr-proctor', role: 'proctor' }),
      variant({ sourcedId: 'enr-ext', role: 'ext:observer' }),
      variant({ sourcedId: 'enr-no-class', classSourcedId: 'class-unknown' }),
      variant({ sourcedId: 'enr-no-user', userSourcedId: 'user-unknown' }),
      variant({ sourcedId: 'enr-deleted', status: 'tobedeleted' }),
      variant({ sourcedId: 'enr-dates', beginDate: '', endDate: '2031-01-01' }),
      variant({ sourcedId: 'enr-a-much-longer-sourced-id-than-thirteen-characters' }),
    );
    const withEdges = { ...files, 'enrollments.csv': enrollments };
    for (const path of [
      await folder(withEdges),
      await folder(toOneRoster12(withEdges)),
      await writeBundleZip({ path: join(temp.dir, `zip-${++counter}.zip`), files: withEdges }),
    ]) {
      const { sequential, parallel } = await bothWays(path);
      expect(sequential.counts.enrollmentsNotLive).toBeGreaterThanOrEqual(5);
      expect(snapshot(parallel)).toEqual(snapshot(sequential));
    }
  });

  it('reports the same error as the sequential reader, and an earlier file’s error first', async () => {
    const enrollments = [...sampleDistrict11()['enrollments.csv']!];
    const header = enrollments[0] as readonly string[];
    const badRole = [...(enrollments[2] as readonly string[])];
    badRole[header.indexOf('role')] = 'principal';
    const blankUser = [...(enrollments[1] as readonly string[])];
    blankUser[header.indexOf('userSourcedId')] = '';
    const users = [...sampleDistrict11()['users.csv']!];
    const badUser = [...(users[1] as readonly string[])];
    badUser[(users[0] as readonly string[]).indexOf('role')] = 'janitor';

    const roleError = await expectSameError(await folder(sampleWith('enrollments.csv', [header, enrollments[1]!, badRole])));
    expect(roleError).toMatchObject({ file: 'enrollments.csv', line: 3 });
    await expectSameError(await folder(sampleWith('enrollments.csv', [header, blankUser, ...enrollments.slice(2)])));
    await expectSameError(await folder(sampleWith('enrollments.csv', [header, enrollments[1]!, ['too', 'few']])));
    await expectSameError(await folder(sampleWith('enrollments.csv', [header.filter((name) => name !== 'role')])));
    await expectSameError(await folder({ ...sampleDistrict11(), 'enrollments.csv': `${toCsv(enrollments)}"a\nb",x"y\n` }));
    const both = await expectSameError(
      await folder({ ...sampleDistrict11(), 'users.csv': [users[0]!, badUser], 'enrollments.csv': [header, badRole] }),
    );
    expect(both.file).toBe('users.csv');
  });
});
