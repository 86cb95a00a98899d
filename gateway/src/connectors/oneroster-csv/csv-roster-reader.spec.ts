import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameQuery } from '../../domain/names';
import type { PersonRecord, RosterReader } from '../../domain/roster';
import { createCsvRosterReader, SCAN_BATCH_SIZE } from './csv-roster-reader';
import { loadOneRosterBundle } from './load-bundle';
import { makeTempDir, sampleDistrict11, writeBundleFolder } from './test-bundles';

let temp: { dir: string; remove: () => Promise<void> };
let reader: RosterReader;
beforeAll(async () => {
  temp = await makeTempDir();
  const bundle = await loadOneRosterBundle({
    path: await writeBundleFolder({ dir: join(temp.dir, 'sample'), files: sampleDistrict11() }),
  });
  reader = createCsvRosterReader(bundle);
});
afterAll(async () => {
  await temp.remove();
});

const ids = (people: readonly (PersonRecord | null)[]) => people.map((person) => person?.id ?? null);
const name = (input: string) => {
  const query = parseNameQuery(input);
  if (!query) throw new Error(`not a name: ${input}`);
  return query;
};

describe('createCsvRosterReader: findPeople', () => {
  it('matches names with the rule book normalisation, in either order', async () => {
    expect(reader.system).toBe('SOURCE');
    expect(ids(await reader.findPeople({ name: name('Lopez, Ana') }))).toEqual(['u-stu1']);
    expect(ids(await reader.findPeople({ name: name('ana maria LOPEZ') }))).toEqual(['u-stu1']);
    // Accents and case: "José López" in the file.
    expect(ids(await reader.findPeople({ name: name('jose  lopez') }))).toEqual(['u-stu2']);
    expect(ids(await reader.findPeople({ name: name('Maria Lopez') }))).toEqual(['u-par1']);
    expect(ids(await reader.findPeople({ name: name('Maria Lopez'), roles: ['student'] }))).toEqual([]);
  });

  it('matches emails trimmed and case-insensitively, every person sharing one', async () => {
    expect(ids(await reader.findPeople({ email: ' Maria@EXAMPLE.com ' }))).toEqual(['u-par1', 'u-par2']);
    expect(ids(await reader.findPeople({ email: 'maria@example.com', limit: 1 }))).toEqual(['u-par1']);
    expect(ids(await reader.findPeople({ email: 'maria@example.com', name: name('Pedro Lopez') }))).toEqual(['u-par2']);
    expect(ids(await reader.findPeople({ email: '' }))).toEqual([]);
  });

  it('matches identifier and sourcedId; deleted and unexposed users are not found', async () => {
    expect(ids(await reader.findPeople({ identifier: ' 1001 ' }))).toEqual(['u-stu1']);
    expect(ids(await reader.findPeople({ identifier: '1001', roles: ['parent'] }))).toEqual([]);
    expect(ids(await reader.findPeople({ sourcedId: 'u-tch1' }))).toEqual(['u-tch1']);
    expect(ids(await reader.findPeople({ sourcedId: 'u-stu3' }))).toEqual([]);
    expect(ids(await reader.findPeople({ sourcedId: 'u-aide1' }))).toEqual([]);
    expect(ids(await reader.findPeople({ identifier: '1003' }))).toEqual([]);
  });

  it('filters by role alone, and honours the limit', async () => {
    expect(ids(await reader.findPeople({ roles: ['teacher', 'administrator'] }))).toEqual(['u-tch1', 'u-adm1']);
    expect(ids(await reader.findPeople({ roles: ['parent'], limit: 2 }))).toEqual(['u-par1', 'u-par2']);
    expect(await reader.findPeople({ limit: 0 })).toEqual([]);
  });
});

describe('createCsvRosterReader: batch lookups', () => {
  it('answers in key order with null or [] for missing keys', async () => {
    expect(ids(await reader.peopleByIds(['u-stu2', 'nope', 'u-stu1']))).toEqual(['u-stu2', null, 'u-stu1']);
    expect(ids(await reader.peopleBySourcedIds(['u-stu3', 'u-par3']))).toEqual([null, 'u-par3']);
    expect((await reader.schoolsBySourcedIds(['s2', 's3', 'd1'])).map((school) => school?.name ?? null)).toEqual([
      'South Middle',
      null,
      null,
    ]);
    expect((await reader.schoolsByIds(['s1']))[0]?.schoolCode).toBe('NH');
    expect((await reader.schools()).map((school) => school.id)).toEqual(['s1', 's2']);
    expect((await reader.classesBySourcedIds(['cls4', 'cls3'])).map((found) => found?.title ?? null)).toEqual([null, 'Art']);
    expect((await reader.classesByIds(['cls1']))[0]).toEqual({
      system: 'SOURCE',
      id: 'cls1',
      sourcedId: 'cls1',
      title: 'Algebra I - P1',
      classCode: 'ALG1-1',
      schoolId: 's1',
    });
    expect((await reader.classesBySchoolIds(['s2', 's1', 's3'])).map((found) => found.map((c) => c.id))).toEqual([
      ['cls3'],
      ['cls1', 'cls2'],
      [],
    ]);
  });

  it('gives the relations of each key', async () => {
    expect((await reader.enrollmentsByClassIds(['cls1', 'cls2'])).map((found) => found.map((e) => e.userId))).toEqual([
      ['u-stu1', 'u-tch1'],
      [],
    ]);
    const [studentEnrollments = [], missing] = await reader.enrollmentsByUserIds(['u-stu2', 'u-ghost']);
    expect(studentEnrollments).toEqual([
      {
        system: 'SOURCE',
        id: 'e6',
        sourcedId: 'e6',
        classId: 'cls3',
        userId: 'u-stu2',
        role: 'student',
        beginDate: '2024-08-01',
        endDate: null,
      },
    ]);
    expect(missing).toEqual([]);
    expect((await reader.membershipsByUserIds(['u-stu1', 'u-adm1'])).map((found) => found.map((m) => m.schoolId))).toEqual([
      ['s1'],
      [],
    ]);
    expect((await reader.guardianLinksByStudentIds(['u-stu1', 'u-stu2'])).map((found) => found.map((l) => l.parentId))).toEqual([
      ['u-par1'],
      ['u-par2'],
    ]);
    expect((await reader.guardianLinksByParentIds(['u-par2', 'u-par3'])).map((found) => found.map((l) => l.studentId))).toEqual([
      ['u-stu2'],
      [],
    ]);
    expect(await reader.syncErrorsBySourcedIds(['u-stu1', 'x'])).toEqual([[], []]);
    expect(await reader.syncRuns(10)).toEqual([]);
  });

  it('hands out fresh arrays, so a caller cannot corrupt the index', async () => {
    const [first = []] = await reader.enrollmentsByClassIds(['cls1']);
    first.length = 0;
    const [again = []] = await reader.enrollmentsByClassIds(['cls1']);
    expect(again).toHaveLength(2);
  });
});

describe('createCsvRosterReader: scans', () => {
  it('yields batches of at most SCAN_BATCH_SIZE, filtered by role', async () => {
    const count = SCAN_BATCH_SIZE * 2 + 7;
    const files = sampleDistrict11();
    const users = [...files['users.csv']!];
    for (let index = 0; index < count; index++) {
      users.push([
        `gen-${index}`,
        '',
        '',
        'true',
        's1',
        'student',
        '',
        '',
        `Kid${index}`,
        'Many',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
    }
    const path = await writeBundleFolder({ dir: join(temp.dir, 'large'), files: { ...files, 'users.csv': users } });
    const large = createCsvRosterReader(await loadOneRosterBundle({ path }));

    const sizes: number[] = [];
    for await (const batch of large.scan.people(['student'])) sizes.push(batch.length);
    // The sample's two live students plus the generated ones.
    expect(sizes).toEqual([SCAN_BATCH_SIZE, SCAN_BATCH_SIZE, 9]);

    const parents: string[] = [];
    for await (const batch of large.scan.people(['parent'])) parents.push(...batch.map((person) => person.id));
    expect(parents).toEqual(['u-par1', 'u-par2', 'u-par3']);

    let memberships = 0;
    for await (const batch of large.scan.memberships()) memberships += batch.length;
    expect(memberships).toBe(6 + count);

    const syncErrors: unknown[] = [];
    for await (const batch of large.scan.syncErrors()) syncErrors.push(...batch);
    expect(syncErrors).toEqual([]);
  });
});
