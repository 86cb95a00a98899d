/**
 * Test helpers: write small real OneRoster bundles (folders and zips) from arrays. Used by the
 * specs of this connector and of the FTP connector; not imported by production code.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strToU8, type Zippable, zipSync } from 'fflate';

/** A file as rows (the first is the header) or as raw text, written byte for byte. */
export type TestFile = readonly (readonly string[])[] | string;
export type TestFiles = Readonly<Record<string, TestFile>>;

export function toCsv(rows: readonly (readonly string[])[], lineEnding = '\n'): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return rows.map((row) => row.map(quote).join(',')).join(lineEnding) + lineEnding;
}

function fileText(file: TestFile): string {
  return typeof file === 'string' ? file : toCsv(file);
}

export async function makeTempDir(prefix = 'cdt-bundle-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeBundleFolder(options: { dir: string; files: TestFiles }): Promise<string> {
  await mkdir(options.dir, { recursive: true });
  for (const [name, file] of Object.entries(options.files)) {
    await writeFile(join(options.dir, name), fileText(file));
  }
  return options.dir;
}

/** Zips the files (entry names as given, so `../x` or `folder/x` are possible) with fflate. */
export function zipBundle(options: { files: TestFiles; level?: 0 | 6 | 9 }): Uint8Array {
  const entries: Zippable = {};
  for (const [name, file] of Object.entries(options.files)) entries[name] = strToU8(fileText(file));
  return zipSync(entries, { level: options.level ?? 6 });
}

export async function writeBundleZip(options: { path: string; files: TestFiles; level?: 0 | 6 | 9 }): Promise<string> {
  await mkdir(dirname(options.path), { recursive: true });
  await writeFile(options.path, zipBundle(options));
  return options.path;
}

const ORGS = ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'];
const USERS_11 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'orgSourcedIds',
  'role',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'middleName',
  'identifier',
  'email',
  'sms',
  'phone',
  'agentSourcedIds',
  'grades',
  'password',
];
const CLASSES = [
  'sourcedId',
  'status',
  'dateLastModified',
  'title',
  'grades',
  'courseSourcedId',
  'classCode',
  'classType',
  'location',
  'schoolSourcedId',
  'termSourcedIds',
  'subjects',
  'subjectCodes',
  'periods',
];
const COURSES = [
  'sourcedId',
  'status',
  'dateLastModified',
  'schoolYearSourcedId',
  'title',
  'courseCode',
  'grades',
  'orgSourcedId',
  'subjects',
  'subjectCodes',
];
const ENROLLMENTS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'classSourcedId',
  'schoolSourcedId',
  'userSourcedId',
  'role',
  'primary',
  'beginDate',
  'endDate',
];
const SESSIONS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'title',
  'type',
  'startDate',
  'endDate',
  'parentSourcedId',
  'schoolYear',
];
const DEMOGRAPHICS = ['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex'];

function user(fields: {
  id: string;
  status?: string;
  orgs: string;
  role: string;
  given: string;
  family: string;
  middle?: string;
  identifier?: string;
  email?: string;
  agents?: string;
  grades?: string;
}): string[] {
  return [
    fields.id,
    fields.status ?? '',
    '',
    'true',
    fields.orgs,
    fields.role,
    `${fields.given}.${fields.family}`.toLowerCase(),
    '',
    fields.given,
    fields.family,
    fields.middle ?? '',
    fields.identifier ?? '',
    fields.email ?? '',
    '',
    '',
    fields.agents ?? '',
    fields.grades ?? '',
    '',
  ];
}

/**
 * A small district exercising the liveness rules: deleted school, class, user and enrollment;
 * links from either side, to a deleted user and to an unknown one; an aide; a duplicate email.
 */
export function sampleDistrict11(): Record<string, readonly (readonly string[])[]> {
  return {
    'manifest.csv': [
      ['propertyName', 'value'],
      ['manifest.version', '1.0'],
      ['oneroster.version', '1.1'],
      ['file.orgs', 'bulk'],
      ['file.users', 'bulk'],
      ['file.classes', 'bulk'],
      ['file.enrollments', 'bulk'],
      ['source.systemName', 'Test SIS'],
    ],
    'orgs.csv': [
      ORGS,
      ['d1', '', '', 'Lakeside ISD', 'district', 'LISD', ''],
      ['s1', '', '', 'North High', 'school', 'NH', 'd1'],
      ['s2', 'active', '', 'South Middle', 'school', '', 'd1'],
      ['s3', 'tobedeleted', '', 'Old School', 'school', 'OS', 'd1'],
    ],
    'academicSessions.csv': [SESSIONS, ['t1', '', '', 'Fall', 'term', '2024-08-01', '2024-12-20', '', '2025']],
    'courses.csv': [COURSES, ['c1', '', '', 't1', 'Algebra I', 'ALG1', '09', 's1', '', '']],
    'classes.csv': [
      CLASSES,
      ['cls1', '', '', 'Algebra I - P1', '09', 'c1', 'ALG1-1', 'scheduled', '', 's1', 't1', '', '', '1'],
      ['cls2', '', '', 'Biology', '09', 'c1', 'BIO', 'scheduled', '', 's1', 't1', '', '', '2'],
      ['cls3', 'active', '', 'Art', '06', 'c1', '', 'scheduled', '', 's2', 't1', '', '', '3'],
      ['cls4', 'tobedeleted', '', 'Gone Class', '06', 'c1', '', 'scheduled', '', 's2', 't1', '', '', '4'],
    ],
    'users.csv': [
      USERS_11,
      user({
        id: 'u-stu1',
        orgs: 's1,d1',
        role: 'student',
        given: 'Ana',
        family: 'Lopez',
        middle: 'Maria',
        identifier: '1001',
        email: 'ana.lopez@students.example',
        agents: 'u-par1',
        grades: '09,10',
      }),
      user({ id: 'u-stu2', orgs: 's2', role: 'student', given: 'José', family: 'López', identifier: '1002', grades: 'KG' }),
      user({
        id: 'u-stu3',
        status: 'tobedeleted',
        orgs: 's2',
        role: 'student',
        given: 'Carl',
        family: 'Gone',
        identifier: '1003',
        agents: 'u-par2',
      }),
      user({ id: 'u-par1', orgs: 's1', role: 'parent', given: 'Maria', family: 'Lopez', email: 'MARIA@Example.com ' }),
      user({
        id: 'u-par2',
        status: 'active',
        orgs: 's2',
        role: 'guardian',
        given: 'Pedro',
        family: 'Lopez',
        email: 'maria@example.com',
        agents: 'u-stu2,u-stu3',
      }),
      user({ id: 'u-par3', orgs: 's2', role: 'relative', given: 'Rosa', family: 'Diaz', agents: 'u-ghost' }),
      user({
        id: 'u-tch1',
        orgs: 's1',
        role: 'teacher',
        given: 'Tom',
        family: 'Teach',
        email: 'tom@lakeside.example',
        identifier: 'T1',
      }),
      user({ id: 'u-adm1', orgs: 'd1', role: 'administrator', given: 'Ada', family: 'Admin' }),
      user({ id: 'u-aide1', orgs: 's1', role: 'aide', given: 'Al', family: 'Aide' }),
    ],
    'enrollments.csv': [
      ENROLLMENTS,
      ['e1', '', '', 'cls1', 's1', 'u-stu1', 'student', 'false', '2024-08-01', ''],
      ['e2', '', '', 'cls1', 's1', 'u-tch1', 'teacher', 'true', '2024-08-01', '2024-12-20'],
      ['e3', 'tobedeleted', '', 'cls2', 's1', 'u-stu1', 'student', 'false', '', ''],
      ['e4', '', '', 'cls4', 's2', 'u-stu2', 'student', 'false', '', ''],
      ['e5', '', '', 'cls3', 's2', 'u-stu3', 'student', 'false', '', ''],
      ['e6', 'active', '', 'cls3', 's2', 'u-stu2', 'student', 'false', '2024-08-01', ''],
      ['e7', '', '', 'cls3', 's2', 'u-aide1', 'proctor', 'false', '', ''],
      ['e8', '', '', 'cls2', 's1', 'u-adm1', 'administrator', 'false', '', ''],
      ['e9', '', '', 'cls2', 's1', 'u-ghost', 'student', 'false', '', ''],
    ],
    'demographics.csv': [DEMOGRAPHICS, ['u-stu1', '', '', '2010-01-01', 'female']],
  };
}

const USERS_12 = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'middleName',
  'identifier',
  'email',
  'sms',
  'phone',
  'agentSourcedIds',
  'grades',
  'password',
  'userMasterIdentifier',
  'preferredGivenName',
  'preferredMiddleName',
  'preferredFamilyName',
  'primaryOrgSourcedId',
  'pronouns',
];
const ROLES = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'roleType',
  'role',
  'beginDate',
  'endDate',
  'orgSourcedId',
  'userProfileSourcedId',
];

/**
 * The same district as OneRoster 1.2: users.csv loses role and orgSourcedIds, and each
 * (user, org) pair becomes a roles.csv row, the first org primary.
 */
export function toOneRoster12(
  files11: Record<string, readonly (readonly string[])[]>,
): Record<string, readonly (readonly string[])[]> {
  const [header = [], ...rows] = files11['users.csv'] ?? [];
  const column = (name: string) => header.indexOf(name);
  const cell = (row: readonly string[], name: string) => row[column(name)] ?? '';
  const users = [
    USERS_12,
    ...rows.map((row) =>
      USERS_12.map((name) =>
        name === 'primaryOrgSourcedId' ? (cell(row, 'orgSourcedIds').split(',')[0] ?? '') : cell(row, name),
      ),
    ),
  ];
  const roles: string[][] = [ROLES];
  for (const row of rows) {
    cell(row, 'orgSourcedIds')
      .split(',')
      .filter(Boolean)
      .forEach((orgId, index) => {
        roles.push([
          `r-${cell(row, 'sourcedId')}-${orgId}`,
          cell(row, 'status'),
          '',
          cell(row, 'sourcedId'),
          index === 0 ? 'primary' : 'secondary',
          cell(row, 'role'),
          '',
          '',
          orgId,
          '',
        ]);
      });
  }
  const manifest = (files11['manifest.csv'] ?? []).map((row) =>
    row[0] === 'oneroster.version' ? ['oneroster.version', '1.2'] : row,
  );
  return { ...files11, 'manifest.csv': manifest, 'users.csv': users, 'roles.csv': roles };
}
