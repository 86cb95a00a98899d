import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine, fileSink, type TextSink, ZipFileWriter } from './csv-output';
import type { GeneratedDistrict, SourceStatus, SourceUser } from './district-model';

/**
 * Writes a generated district's SIS side as a OneRoster CSV bundle (1.1 or 1.2, per the
 * district), with the headers of reference/oneroster.md. Rows are streamed file by file, so a
 * 200k-student district (over a million enrollment rows) never becomes one big string.
 *
 * The files are marked `bulk` in the manifest but carry status and dateLastModified, so that
 * `tobedeleted` records can be represented: the sloppy-but-common export readers must accept.
 */
export interface WriteOneRosterBundleOptions {
  district: GeneratedDistrict;
  /** Folder to write into (created when missing). */
  dir: string;
  /** Write one `oneroster-<districtId>.zip` into `dir` instead of loose CSV files. */
  zip?: boolean;
}

export interface WrittenBundle {
  /** The folder, or the .zip file: what `oneroster.csv_path` should point at. */
  path: string;
  /** Data rows per file, headers excluded. */
  rowCounts: Record<string, number>;
}

type Row = readonly (string | number | boolean | null | undefined)[];

export const ONEROSTER_HEADERS = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
  users11: [
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
  ],
  users12: [
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
  ],
  roles: [
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
  ],
  classes: [
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
  ],
  courses: [
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
  ],
  enrollments: [
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
  ],
  academicSessions: [
    'sourcedId',
    'status',
    'dateLastModified',
    'title',
    'type',
    'startDate',
    'endDate',
    'parentSourcedId',
    'schoolYear',
  ],
} as const;

const MODIFIED_ACTIVE = '2025-08-04T09:30:00.000Z';
const MODIFIED_DELETED = '2025-12-15T09:30:00.000Z';

function modified(status: SourceStatus): string {
  return status === 'tobedeleted' ? MODIFIED_DELETED : MODIFIED_ACTIVE;
}

function list(values: readonly string[]): string {
  return values.join(',');
}

export async function writeOneRosterBundle(options: WriteOneRosterBundleOptions): Promise<WrittenBundle> {
  const { district, dir } = options;
  await mkdir(dir, { recursive: true });
  const zip = options.zip ? new ZipFileWriter(join(dir, `oneroster-${district.options.districtId}.zip`)) : null;
  const rowCounts: Record<string, number> = {};
  for (const [name, header, rows] of bundleFiles(district)) {
    const sink: TextSink = zip ? zip.entry(name) : fileSink(join(dir, name));
    await sink.write(csvLine(header));
    let count = 0;
    for (const row of rows) {
      await sink.write(csvLine(row));
      count += 1;
    }
    await sink.close();
    rowCounts[name] = count;
  }
  await zip?.close();
  return { path: zip ? join(dir, `oneroster-${district.options.districtId}.zip`) : dir, rowCounts };
}

function bundleFiles(district: GeneratedDistrict): [string, readonly string[], Iterable<Row>][] {
  const { source } = district;
  const v12 = source.version === '1.2';
  return [
    ['manifest.csv', ['propertyName', 'value'], manifestRows(district)],
    ['academicSessions.csv', ONEROSTER_HEADERS.academicSessions, academicSessionRows(district)],
    ['orgs.csv', ONEROSTER_HEADERS.orgs, orgRows(district)],
    ['courses.csv', ONEROSTER_HEADERS.courses, courseRows(district)],
    ['classes.csv', ONEROSTER_HEADERS.classes, classRows(district)],
    ['users.csv', v12 ? ONEROSTER_HEADERS.users12 : ONEROSTER_HEADERS.users11, v12 ? userRows12(district) : userRows11(district)],
    ...(v12 ? [['roles.csv', ONEROSTER_HEADERS.roles, roleRows(district)] as [string, readonly string[], Iterable<Row>]] : []),
    ['enrollments.csv', ONEROSTER_HEADERS.enrollments, enrollmentRows(district)],
  ];
}

function* manifestRows(district: GeneratedDistrict): Iterable<Row> {
  const v12 = district.source.version === '1.2';
  yield ['manifest.version', '1.0'];
  yield ['oneroster.version', district.source.version];
  const present = new Set(['academicSessions', 'classes', 'courses', 'enrollments', 'orgs', 'users', ...(v12 ? ['roles'] : [])]);
  const files = [
    'academicSessions',
    'categories',
    'classes',
    'classResources',
    'courses',
    'courseResources',
    'demographics',
    'enrollments',
    'lineItems',
    'orgs',
    'resources',
    'results',
    'users',
  ];
  if (v12) files.push('roles', 'userProfiles', 'userResources', 'scoreScales');
  for (const file of files) yield [`file.${file}`, present.has(file) ? 'bulk' : 'absent'];
  yield ['source.systemName', district.options.sisProvider === 'classlink' ? 'ClassLink Roster Server' : 'OneRoster Export'];
  yield ['source.systemCode', `district-${district.options.districtId}`];
}

function* academicSessionRows(district: GeneratedDistrict): Iterable<Row> {
  for (const session of district.source.academicSessions) {
    yield [
      session.sourcedId,
      session.status,
      modified(session.status),
      session.title,
      session.type,
      session.startDate,
      session.endDate,
      session.parentSourcedId,
      session.schoolYear,
    ];
  }
}

function* orgRows(district: GeneratedDistrict): Iterable<Row> {
  for (const org of district.source.orgs) {
    yield [org.sourcedId, org.status, modified(org.status), org.name, org.type, org.identifier, org.parentSourcedId];
  }
}

function* courseRows(district: GeneratedDistrict): Iterable<Row> {
  for (const course of district.source.courses) {
    yield [
      course.sourcedId,
      course.status,
      modified(course.status),
      course.schoolYearSourcedId,
      course.title,
      course.courseCode,
      list(course.grades),
      course.orgSourcedId,
      list(course.subjects),
      '',
    ];
  }
}

function* classRows(district: GeneratedDistrict): Iterable<Row> {
  for (const klass of district.source.classes) {
    yield [
      klass.sourcedId,
      klass.status,
      modified(klass.status),
      klass.title,
      list(klass.grades),
      klass.courseSourcedId,
      klass.classCode,
      klass.classType,
      klass.location,
      klass.schoolSourcedId,
      list(klass.termSourcedIds),
      list(klass.subjects),
      '',
      list(klass.periods),
    ];
  }
}

function userIds(user: SourceUser): string {
  if (!user.identifier) return '';
  return user.role === 'student' ? `{SIS:${user.identifier}}` : user.role === 'teacher' ? `{HR:${user.identifier}}` : '';
}

function* userRows11(district: GeneratedDistrict): Iterable<Row> {
  for (const user of district.source.users) {
    yield [
      user.sourcedId,
      user.status,
      modified(user.status),
      user.status === 'active',
      list(user.orgSourcedIds),
      user.role,
      user.username,
      userIds(user),
      user.givenName,
      user.familyName,
      user.middleName,
      user.identifier,
      user.email,
      '',
      user.phone,
      list(user.agentSourcedIds),
      user.grade,
      '',
    ];
  }
}

function* userRows12(district: GeneratedDistrict): Iterable<Row> {
  for (const user of district.source.users) {
    yield [
      user.sourcedId,
      user.status,
      modified(user.status),
      user.status === 'active',
      user.username,
      userIds(user),
      user.givenName,
      user.familyName,
      user.middleName,
      user.identifier,
      user.email,
      '',
      user.phone,
      list(user.agentSourcedIds),
      user.grade,
      '',
      '',
      '',
      '',
      '',
      user.orgSourcedIds[0] ?? '',
      '',
    ];
  }
}

/** 1.2: one roles.csv row per (user, campus), the first primary. A user is never left without a role row. */
function* roleRows(district: GeneratedDistrict): Iterable<Row> {
  const districtOrg = district.source.orgs[0]?.sourcedId ?? '';
  for (const user of district.source.users) {
    const orgs = user.orgSourcedIds.length > 0 ? user.orgSourcedIds : [districtOrg];
    const dated = user.role === 'student' || user.role === 'teacher';
    for (const [index, org] of orgs.entries()) {
      yield [
        `rol-${user.sourcedId}-${org}`,
        user.status,
        modified(user.status),
        user.sourcedId,
        index === 0 ? 'primary' : 'secondary',
        user.role,
        dated ? '2025-08-13' : '',
        dated ? '2026-05-29' : '',
        org,
        '',
      ];
    }
  }
}

function* enrollmentRows(district: GeneratedDistrict): Iterable<Row> {
  for (const enrollment of district.source.enrollments) {
    yield [
      enrollment.sourcedId,
      enrollment.status,
      modified(enrollment.status),
      enrollment.classSourcedId,
      enrollment.schoolSourcedId,
      enrollment.userSourcedId,
      enrollment.role,
      enrollment.primary,
      enrollment.beginDate,
      enrollment.endDate,
    ];
  }
}
