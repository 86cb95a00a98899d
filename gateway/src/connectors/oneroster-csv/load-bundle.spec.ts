import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterReader } from '../../domain/roster';
import { BundleError } from '../../errors';
import { createCsvRosterReader } from './csv-roster-reader';
import { loadOneRosterBundle } from './load-bundle';
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
  temp = await makeTempDir();
});
afterAll(async () => {
  await temp.remove();
});

function folder(files: TestFiles): Promise<string> {
  counter++;
  return writeBundleFolder({ dir: join(temp.dir, `bundle-${counter}`), files });
}

function zip(files: TestFiles, name = `bundle-${++counter}.zip`): Promise<string> {
  return writeBundleZip({ path: join(temp.dir, name), files });
}

/** The sample district with one file replaced (or removed with `null`). */
function sampleWith(name: string, file: TestFiles[string] | null): TestFiles {
  const files: Record<string, TestFiles[string]> = { ...sampleDistrict11() };
  if (file === null) delete files[name];
  else files[name] = file;
  return files;
}

async function loadError(path: string): Promise<BundleError> {
  const error = await loadOneRosterBundle({ path }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

async function everything(reader: RosterReader) {
  const all = async <T>(batches: AsyncIterable<T[]>) => {
    const out: T[] = [];
    for await (const batch of batches) out.push(...batch);
    return out;
  };
  return {
    schools: await all(reader.scan.schools()),
    people: await all(reader.scan.people(['student', 'parent', 'teacher', 'administrator'])),
    classes: await all(reader.scan.classes()),
    enrollments: await all(reader.scan.enrollments()),
    memberships: await all(reader.scan.memberships()),
    guardianLinks: await all(reader.scan.guardianLinks()),
  };
}

describe('loadOneRosterBundle: a 1.1 folder', () => {
  it('keeps live records only and resolves the relations', async () => {
    const bundle = await loadOneRosterBundle({ path: await folder(sampleDistrict11()) });
    const { schools, people, classes, enrollments, memberships, guardianLinks } = await everything(createCsvRosterReader(bundle));

    expect(bundle.version).toBe('1.1');
    expect(bundle.manifest?.fileModes.get('users')).toBe('bulk');
    expect(bundle.manifest?.properties.get('source.systemName')).toBe('Test SIS');
    // d1 is a district, s3 is deleted.
    expect(schools.map((school) => [school.id, school.name, school.schoolCode])).toEqual([
      ['s1', 'North High', 'NH'],
      ['s2', 'South Middle', null],
    ]);
    // u-stu3 is deleted; the aide is not exposed.
    expect(people.map((person) => `${person.id}:${person.role}:${person.sourceRole}`)).toEqual([
      'u-stu1:student:student',
      'u-stu2:student:student',
      'u-par1:parent:parent',
      'u-par2:parent:guardian',
      'u-par3:parent:relative',
      'u-tch1:teacher:teacher',
      'u-adm1:administrator:administrator',
    ]);
    expect(bundle.counts.usersNotExposed).toBe(1);
    expect(classes.map((schoolClass) => schoolClass.id)).toEqual(['cls1', 'cls2', 'cls3']);
    // e3 deleted, e4 dead class, e5 dead user, e7 proctor, e8 administrator, e9 unknown user.
    expect(
      enrollments.map((enrollment) => `${enrollment.id}:${enrollment.classId}:${enrollment.userId}:${enrollment.role}`),
    ).toEqual(['e1:cls1:u-stu1:student', 'e2:cls1:u-tch1:teacher', 'e6:cls3:u-stu2:student']);
    expect(bundle.counts.enrollmentsNotLive).toBe(6);
    // Only live schools are campuses: d1 and the deleted s3 are not.
    expect(memberships.map((membership) => `${membership.userId}@${membership.schoolId}`)).toEqual([
      'u-stu1@s1',
      'u-stu2@s2',
      'u-par1@s1',
      'u-par2@s2',
      'u-par3@s2',
      'u-tch1@s1',
    ]);
    // From the student's side (u-stu1 lists u-par1) and the parent's (u-par2 lists u-stu2);
    // u-par2's link to the deleted u-stu3 and u-par3's to an unknown user do not exist.
    expect(guardianLinks).toEqual([
      { system: 'SOURCE', parentId: 'u-par1', studentId: 'u-stu1', origin: 'sis' },
      { system: 'SOURCE', parentId: 'u-par2', studentId: 'u-stu2', origin: 'sis' },
    ]);
    expect(bundle.courses.get('c1')?.courseCode).toBe('ALG1');
    expect(bundle.academicSessions.get('t1')?.type).toBe('term');
    expect(bundle.counts.demographics).toBe(1);
    expect(bundle.counts.rows['users.csv']).toBe(9);
  });

  it('maps the person fields: first grade, blank optional fields as null, trimmed values', async () => {
    const bundle = await loadOneRosterBundle({ path: await folder(sampleDistrict11()) });
    expect(bundle.people.get('u-stu1')).toEqual({
      system: 'SOURCE',
      id: 'u-stu1',
      sourcedId: 'u-stu1',
      role: 'student',
      sourceRole: 'student',
      givenName: 'Ana',
      familyName: 'Lopez',
      middleName: 'Maria',
      email: 'ana.lopez@students.example',
      identifier: '1001',
      grade: '09',
    });
    expect(bundle.people.get('u-par1')).toMatchObject({
      email: 'MARIA@Example.com',
      middleName: null,
      identifier: null,
      grade: null,
    });
    expect(bundle.people.get('u-stu2')?.grade).toBe('KG');
  });
});

describe('loadOneRosterBundle: zips and versions', () => {
  it('reads a zip the same as the folder, CSVs at the root or inside one folder', async () => {
    const fromFolder = await everything(
      createCsvRosterReader(await loadOneRosterBundle({ path: await folder(sampleDistrict11()) })),
    );
    const atRoot = await loadOneRosterBundle({ path: await zip(sampleDistrict11()), fileLabel: 'upload.zip' });
    const nested = Object.fromEntries(Object.entries(sampleDistrict11()).map(([name, rows]) => [`export-2024/${name}`, rows]));
    const inFolder = await loadOneRosterBundle({ path: await zip(nested) });

    expect(atRoot.label).toBe('upload.zip');
    expect(await everything(createCsvRosterReader(atRoot))).toEqual(fromFolder);
    expect(await everything(createCsvRosterReader(inFolder))).toEqual(fromFolder);
  });

  it('gives the same records for a 1.2 bundle as for the equivalent 1.1 bundle', async () => {
    const v11 = await loadOneRosterBundle({ path: await folder(sampleDistrict11()) });
    const v12 = await loadOneRosterBundle({ path: await zip(toOneRoster12(sampleDistrict11())) });

    expect(v12.version).toBe('1.2');
    expect(v12.counts.rows['roles.csv']).toBeGreaterThan(0);
    expect(await everything(createCsvRosterReader(v12))).toEqual(await everything(createCsvRosterReader(v11)));
    expect(v12.counts.usersNotExposed).toBe(v11.counts.usersNotExposed);
  });

  it('infers the version without a manifest: roles.csv means 1.2, users.role means 1.1', async () => {
    const v12 = toOneRoster12(sampleDistrict11());
    const { 'manifest.csv': _v12manifest, ...v12WithoutManifest } = v12;
    const { 'manifest.csv': _v11manifest, ...v11WithoutManifest } = sampleDistrict11();

    expect((await loadOneRosterBundle({ path: await folder(v12WithoutManifest) })).version).toBe('1.2');
    expect((await loadOneRosterBundle({ path: await folder(v11WithoutManifest) })).version).toBe('1.1');
  });

  it('takes a 1.2 role from the primary role row, and campuses from every live row', async () => {
    const v12 = toOneRoster12(sampleDistrict11());
    const roles = [
      ...(v12['roles.csv'] ?? []),
      ['r-extra-1', '', '', 'u-tch1', 'secondary', 'districtAdministrator', '', '', 's2', ''],
      ['r-extra-2', 'tobedeleted', '', 'u-tch1', 'secondary', 'teacher', '', '', 's3', ''],
      ['r-extra-3', '', '', 'u-aide1', 'secondary', 'ext:helper', '', '', 's1', ''],
    ];
    const bundle = await loadOneRosterBundle({ path: await folder({ ...v12, 'roles.csv': roles }) });

    expect(bundle.people.get('u-tch1')).toMatchObject({ role: 'teacher', sourceRole: 'teacher' });
    expect(bundle.membershipsByUserId.get('u-tch1')?.map((membership) => membership.schoolId)).toEqual(['s1', 's2']);
    expect(bundle.people.has('u-aide1')).toBe(false);
    expect(bundle.membershipsByUserId.has('u-aide1')).toBe(false);
  });

  it('reads UTF-8 with a BOM and CRLF line endings', async () => {
    const files = Object.fromEntries(
      Object.entries(sampleDistrict11()).map(([name, rows]) => [name, `\uFEFF${toCsv(rows, '\r\n')}`]),
    );
    const bundle = await loadOneRosterBundle({ path: await zip(files) });
    expect(bundle.people.get('u-stu2')?.givenName).toBe('José');
    expect(bundle.schools.get('s1')?.schoolCode).toBe('NH');
  });

  it('keeps a link named from both sides, and a campus named twice, once each, in the order first named', async () => {
    // users.csv columns: 4 orgSourcedIds, 15 agentSourcedIds.
    const users = sampleDistrict11()['users.csv']!.map((row) => {
      const values = [...(row as string[])];
      if (values[0] === 'u-par1') values[15] = 'u-stu1';
      if (values[0] === 'u-stu2') values[4] = 's2, s1,s2';
      return values;
    });
    const bundle = await loadOneRosterBundle({ path: await folder(sampleWith('users.csv', users)) });

    expect(bundle.guardianLinksByStudentId.get('u-stu1')).toEqual([
      { system: 'SOURCE', parentId: 'u-par1', studentId: 'u-stu1', origin: 'sis' },
    ]);
    expect(bundle.guardianLinksByParentId.get('u-par1')?.map((link) => link.studentId)).toEqual(['u-stu1']);
    expect(bundle.membershipsByUserId.get('u-stu2')?.map((membership) => membership.schoolId)).toEqual(['s2', 's1']);
    // Enrollments come out in file order under each key, whichever key they are grouped by.
    expect(bundle.enrollmentsByClassId.get('cls1')?.map((enrollment) => enrollment.id)).toEqual(['e1', 'e2']);
    expect([...bundle.enrollmentsByClassId.keys()]).toEqual(['cls1', 'cls3']);
    expect(bundle.enrollmentsByUserId.get('u-stu2')).toEqual([
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
  });

  it('warns about, and skips, a second live row with the same sourcedId', async () => {
    const users = [...sampleDistrict11()['users.csv']!];
    users.push([...(users[1] as string[])].map((value, index) => (index === 8 ? 'Anne' : value)));
    const bundle = await loadOneRosterBundle({ path: await folder(sampleWith('users.csv', users)) });

    expect(bundle.people.get('u-stu1')?.givenName).toBe('Ana');
    expect(bundle.warnings).toEqual([
      {
        file: 'users.csv',
        line: 11,
        column: 1,
        message: 'sourcedId u-stu1 appears on more than one live row; the first is used',
      },
    ]);
  });
});

describe('loadOneRosterBundle: malformed bundles name the file, line and column', () => {
  it('a missing required file', async () => {
    const error = await loadError(await folder(sampleWith('enrollments.csv', null)));
    expect(error).toMatchObject({ file: 'enrollments.csv', line: null, column: null });
    expect(error.message).toContain('missing required file enrollments.csv');
  });

  it('a 1.2 manifest without roles.csv, and a roleless users.csv without one', async () => {
    const declared = await loadError(
      await folder({ ...sampleDistrict11(), 'manifest.csv': 'propertyName,value\noneroster.version,1.2\n' }),
    );
    expect(declared).toMatchObject({ file: 'roles.csv', line: null, column: null });

    const { 'manifest.csv': _manifest, 'roles.csv': _roles, ...roleless } = toOneRoster12(sampleDistrict11());
    const inferred = await loadError(await folder(roleless));
    expect(inferred).toMatchObject({ file: 'roles.csv', line: null, column: null });
    expect(inferred.message).toContain('users.csv has no role column');
  });

  it('a header missing a required column, named', async () => {
    const orgs = sampleDistrict11()['orgs.csv']!.map((row) => row.filter((_, index) => index !== 4));
    const error = await loadError(await folder(sampleWith('orgs.csv', orgs)));
    expect(error).toMatchObject({ file: 'orgs.csv', line: 1, column: null });
    expect(error.message).toContain('lacks required column type');
  });

  it('a 1.1 users.csv without orgSourcedIds', async () => {
    const users = sampleDistrict11()['users.csv']!.map((row) => row.filter((_, index) => index !== 4));
    const error = await loadError(await folder(sampleWith('users.csv', users)));
    expect(error).toMatchObject({ file: 'users.csv', line: 1, column: null });
    expect(error.message).toContain('orgSourcedIds');
  });

  it('a ragged row, with its field count', async () => {
    const classes = [...sampleDistrict11()['classes.csv']!];
    classes[2] = (classes[2] as string[]).slice(0, 10);
    const error = await loadError(await folder(sampleWith('classes.csv', classes)));
    expect(error).toMatchObject({ file: 'classes.csv', line: 3, column: 11 });
    expect(error.message).toContain('row has 10 fields; the header has 14');
  });

  it('a bad users.role, with the value', async () => {
    const users = [...sampleDistrict11()['users.csv']!];
    users[3] = (users[3] as string[]).map((value, index) => (index === 5 ? 'studnet' : value));
    const error = await loadError(await zip(sampleWith('users.csv', users)));
    expect(error).toMatchObject({ file: 'users.csv', line: 4, column: 6 });
    expect(error.message).toContain('role is "studnet"');
  });

  it('bad enrollments.role, orgs.type, roles.roleType and status values', async () => {
    const enrollments = [...sampleDistrict11()['enrollments.csv']!];
    enrollments[5] = (enrollments[5] as string[]).map((value, index) => (index === 6 ? 'aide' : value));
    expect(await loadError(await folder(sampleWith('enrollments.csv', enrollments)))).toMatchObject({
      file: 'enrollments.csv',
      line: 6,
      column: 7,
    });

    const orgs = [...sampleDistrict11()['orgs.csv']!];
    orgs[2] = (orgs[2] as string[]).map((value, index) => (index === 4 ? 'campus' : value));
    expect(await loadError(await folder(sampleWith('orgs.csv', orgs)))).toMatchObject({ file: 'orgs.csv', line: 3, column: 5 });

    const classes = [...sampleDistrict11()['classes.csv']!];
    classes[4] = (classes[4] as string[]).map((value, index) => (index === 1 ? 'deleted' : value));
    const status = await loadError(await folder(sampleWith('classes.csv', classes)));
    expect(status).toMatchObject({ file: 'classes.csv', line: 5, column: 2 });
    expect(status.message).toContain('status is "deleted"; expected active, tobedeleted or blank');

    const v12 = toOneRoster12(sampleDistrict11());
    const roles = [...v12['roles.csv']!];
    roles[1] = (roles[1] as string[]).map((value, index) => (index === 4 ? 'main' : value));
    expect(await loadError(await folder({ ...v12, 'roles.csv': roles }))).toMatchObject({
      file: 'roles.csv',
      line: 2,
      column: 5,
    });
  });

  it('a bad manifest version', async () => {
    const manifest = 'propertyName,value\nmanifest.version,1.0\noneroster.version,2.0\n';
    const error = await loadError(await folder(sampleWith('manifest.csv', manifest)));
    expect(error).toMatchObject({ file: 'manifest.csv', line: 3, column: 2 });
  });

  it('a blank required value', async () => {
    const enrollments = [...sampleDistrict11()['enrollments.csv']!];
    enrollments[2] = (enrollments[2] as string[]).map((value, index) => (index === 3 ? '' : value));
    const error = await loadError(await folder(sampleWith('enrollments.csv', enrollments)));
    expect(error).toMatchObject({ file: 'enrollments.csv', line: 3, column: 4 });
    expect(error.message).toContain('classSourcedId is blank');
  });

  it('unparseable quoting, counting lines after a quoted line break', async () => {
    const users = toCsv(sampleDistrict11()['users.csv']!.slice(0, 3)).replace('Maria', '"Maria\nJosefa"');
    const broken = `${users}u-x,,,true,s1,student,x,,Ann "Annie" Lee,Lee,,,,,,,,\n`;
    const error = await loadError(await folder(sampleWith('users.csv', broken)));
    // The header, two records (one spanning two lines), then the bad one on line 5.
    expect(error).toMatchObject({ file: 'users.csv', line: 5, column: 9 });
    expect(error.message).toContain('unparseable quoting');

    const unclosed = await loadError(
      await folder(sampleWith('orgs.csv', 'sourcedId,status,name,type\ns1,,"North High,school\n')),
    );
    expect(unclosed).toMatchObject({ file: 'orgs.csv', line: 2, column: 3 });
  });

  it('a later ragged row after a quoted line break is reported on its own line', async () => {
    const users = toCsv(sampleDistrict11()['users.csv']!.slice(0, 3)).replace('Maria', '"Maria\r\nJosefa"');
    const error = await loadError(await folder(sampleWith('users.csv', `${users}u-x,,\n`)));
    expect(error).toMatchObject({ file: 'users.csv', line: 5, column: 4 });
  });

  it('an empty file', async () => {
    const error = await loadError(await folder(sampleWith('classes.csv', '')));
    expect(error).toMatchObject({ file: 'classes.csv', line: 1, column: null });
  });

  it('a zip with an entry escaping its folder is refused whole, naming the upload', async () => {
    const path = await zip({ ...sampleDistrict11(), '../evil.csv': 'x' });
    const error = await loadOneRosterBundle({ path, fileLabel: 'upload.zip' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toContain('../evil.csv');
    await expect(
      loadOneRosterBundle({ path: await zip({ ...sampleDistrict11(), '/etc/cron.d/x': 'x' }) }),
    ).rejects.toBeInstanceOf(BundleError);
  });

  it('an archive over the size limit is refused before it is read', async () => {
    const path = await zip(sampleDistrict11());
    const error = await loadOneRosterBundle({ path, fileLabel: 'upload.zip', zipLimits: { maxArchiveBytes: 100 } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toMatchObject({ file: 'upload.zip', line: null, column: null });
    // The same archive loads under the default limits.
    expect((await loadOneRosterBundle({ path })).people.size).toBe(7);
  });

  it('no bundle at the path, and a file that is not a zip', async () => {
    expect(await loadError(join(temp.dir, 'nothing-here'))).toMatchObject({ file: 'nothing-here', line: null });
    const notZip = join(temp.dir, 'not-a-zip.zip');
    await writeBundleFolder({ dir: temp.dir, files: { 'not-a-zip.zip': 'sourcedId,name\n'.repeat(20) } });
    const error = await loadError(notZip);
    expect(error).toMatchObject({ file: 'not-a-zip.zip', line: null, column: null });
    expect(error.message).toContain('not a readable zip archive');
  });
});
