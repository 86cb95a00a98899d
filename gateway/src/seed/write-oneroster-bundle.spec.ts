import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv-output';
import type { GenerateDistrictOptions } from './district-model';
import { generateDistrict } from './generate-district';
import { ONEROSTER_HEADERS, writeOneRosterBundle } from './write-oneroster-bundle';

const OPTIONS: GenerateDistrictOptions = {
  seed: 11,
  districtId: 5150,
  name: 'Lakeside Independent School District',
  state: 'TX',
  sisProvider: 'oneroster',
  students: 80,
  oneRosterVersion: '1.1',
  faults: 'catalog',
};

type CsvRecord = Record<string, string>;

function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const rows = parse(text, { relax_column_count: false }) as string[][];
  const [header = [], ...data] = rows;
  return { header, records: data.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? '']))) };
}

let workDir = '';
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cdt-seed-bundle-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('csvField', () => {
  it('quotes fields holding a comma, quote, CR or LF and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Math, Grade 5')).toBe('"Math, Grade 5"');
    expect(csvField('Theater: "Our Town"')).toBe('"Theater: ""Our Town"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvLine(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });

  it('round-trips awkward values through csv-parse', () => {
    const values = ['', "O'Brien", 'Nuñez, José', 'say "hi"', 'a\r\nb', ' spaced ', '""'];
    expect(parse(csvLine(values)) as string[][]).toEqual([values]);
  });
});

describe('writeOneRosterBundle', () => {
  it('writes a 1.1 folder that parses back to the generated records', async () => {
    const district = generateDistrict(OPTIONS);
    const dir = join(workDir, 'v11');
    const written = await writeOneRosterBundle({ district, dir });
    expect(written.path).toBe(dir);
    expect((await readdir(dir)).sort()).toEqual([
      'academicSessions.csv',
      'classes.csv',
      'courses.csv',
      'enrollments.csv',
      'manifest.csv',
      'orgs.csv',
      'users.csv',
    ]);

    const manifest = parseCsv(await readFile(join(dir, 'manifest.csv'), 'utf8'));
    expect(manifest.header).toEqual(['propertyName', 'value']);
    const properties = Object.fromEntries(manifest.records.map((record) => [record.propertyName, record.value]));
    expect(properties).toMatchObject({
      'manifest.version': '1.0',
      'oneroster.version': '1.1',
      'file.users': 'bulk',
      'file.demographics': 'absent',
    });
    expect(properties).not.toHaveProperty('file.roles');

    const users = parseCsv(await readFile(join(dir, 'users.csv'), 'utf8'));
    expect(users.header).toEqual(ONEROSTER_HEADERS.users11);
    expect(users.records.length).toBe(district.source.users.length);
    expect(written.rowCounts['users.csv']).toBe(district.source.users.length);
    district.source.users.forEach((user, index) => {
      const record = users.records[index] as CsvRecord;
      expect(record.sourcedId).toBe(user.sourcedId);
      expect(record.status).toBe(user.status);
      expect(record.role).toBe(user.role);
      expect(record.givenName).toBe(user.givenName);
      expect(record.familyName).toBe(user.familyName);
      expect(record.email).toBe(user.email ?? '');
      expect(record.identifier).toBe(user.identifier ?? '');
      expect(record.grades).toBe(user.grade ?? '');
      expect((record.orgSourcedIds ?? '').split(',')).toEqual(user.orgSourcedIds);
      expect(record.agentSourcedIds).toBe(user.agentSourcedIds.join(','));
    });

    const classes = parseCsv(await readFile(join(dir, 'classes.csv'), 'utf8'));
    expect(classes.header).toEqual(ONEROSTER_HEADERS.classes);
    expect(classes.records.map((record) => record.title)).toEqual(district.source.classes.map((klass) => klass.title));
    expect(classes.records.map((record) => record.title)).toContain('AP Seminar, "Research & Argument"');
    expect(classes.records[0]?.termSourcedIds).toBe('ses-2026-fa,ses-2026-sp');

    const enrollments = parseCsv(await readFile(join(dir, 'enrollments.csv'), 'utf8'));
    expect(enrollments.header).toEqual(ONEROSTER_HEADERS.enrollments);
    expect(
      enrollments.records.map(
        (record) => `${record.sourcedId}|${record.status}|${record.classSourcedId}|${record.userSourcedId}|${record.role}`,
      ),
    ).toEqual(
      district.source.enrollments.map(
        (enrollment) =>
          `${enrollment.sourcedId}|${enrollment.status}|${enrollment.classSourcedId}|${enrollment.userSourcedId}|${enrollment.role}`,
      ),
    );
    const orgs = parseCsv(await readFile(join(dir, 'orgs.csv'), 'utf8'));
    expect(orgs.header).toEqual(ONEROSTER_HEADERS.orgs);
    expect(orgs.records.map((record) => record.type)).toEqual(['district', ...district.schools.map(() => 'school')]);
    expect(parseCsv(await readFile(join(dir, 'courses.csv'), 'utf8')).header).toEqual(ONEROSTER_HEADERS.courses);
    expect(parseCsv(await readFile(join(dir, 'academicSessions.csv'), 'utf8')).records.length).toBe(3);
  });

  it('writes a 1.2 zip with roles.csv carrying the campus memberships', async () => {
    const district = generateDistrict({ ...OPTIONS, oneRosterVersion: '1.2' });
    const written = await writeOneRosterBundle({ district, dir: join(workDir, 'v12'), zip: true });
    expect(written.path).toBe(join(workDir, 'v12', 'oneroster-5150.zip'));
    const entries = unzipSync(new Uint8Array(await readFile(written.path)));
    expect(Object.keys(entries).sort()).toEqual([
      'academicSessions.csv',
      'classes.csv',
      'courses.csv',
      'enrollments.csv',
      'manifest.csv',
      'orgs.csv',
      'roles.csv',
      'users.csv',
    ]);
    const text = (name: string) => strFromU8(entries[name] as Uint8Array);

    expect(text('manifest.csv')).toContain('oneroster.version,1.2');
    const users = parseCsv(text('users.csv'));
    expect(users.header).toEqual(ONEROSTER_HEADERS.users12);
    expect(users.records.map((record) => record.primaryOrgSourcedId)).toEqual(
      district.source.users.map((user) => user.orgSourcedIds[0]),
    );

    const roles = parseCsv(text('roles.csv'));
    expect(roles.header).toEqual(ONEROSTER_HEADERS.roles);
    const expected = district.source.users.flatMap((user) =>
      user.orgSourcedIds.map(
        (org, index) => `${user.sourcedId}|${org}|${user.role}|${index === 0 ? 'primary' : 'secondary'}|${user.status}`,
      ),
    );
    expect(
      roles.records.map(
        (record) => `${record.userSourcedId}|${record.orgSourcedId}|${record.role}|${record.roleType}|${record.status}`,
      ),
    ).toEqual(expected);
    expect(new Set(roles.records.map((record) => record.sourcedId)).size).toBe(roles.records.length);
    expect(roles.records.some((record) => record.role === 'guardian' || record.role === 'relative')).toBe(true);
  });
});
