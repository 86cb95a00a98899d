import { basename } from 'node:path';
import { normalizeName } from '../../domain/names';
import type {
  ClassRecord,
  EnrollmentRecord,
  GuardianLinkRecord,
  MembershipRecord,
  PersonRecord,
  PersonRole,
  SchoolRecord,
} from '../../domain/roster';
import { BundleError } from '../../errors';
import {
  type AcademicSessionInfo,
  addToIndex,
  type BundleCounts,
  type BundleManifest,
  type BundleWarning,
  type CourseInfo,
  emailKey,
  LazyIndex,
  type OneRosterBundle,
} from './bundle';
import { type BundleSource, openBundleSource } from './bundle-source';
import { DenseMap, GroupedIndex, IntColumn, withoutRepeatedPairs } from './compact-index';
import { type CsvRow, type CsvTable, openCsvTable } from './csv-table';
import { type ResolvedEnrollments, resolveEnrollmentColumns } from './enrollment-columns';
import {
  ACADEMIC_SESSION_TYPES,
  BUNDLE_FILES,
  ENROLLMENT_ROLES,
  MANIFEST_FILE_MODES,
  ONEROSTER_VERSIONS,
  type OneRosterVersion,
  ORG_TYPES,
  personRoleFor,
  REQUIRED_COLUMNS,
  REQUIRED_FILES,
  ROLE_TYPES,
  splitList,
  USER_ROLES_11,
  USER_ROLES_12,
} from './oneroster-format';
import { type EnrollmentsJob, startEnrollmentsWorker } from './parallel-enrollments';
import { enumValue, isDeleted } from './row-checks';
import type { ZipLimits } from './zip-archive';

/** Warnings kept on the bundle; the rest are only counted. */
export const MAX_KEPT_WARNINGS = 100;

export interface LoadBundleOptions {
  /** A folder of OneRoster CSV files, or a .zip of them. */
  path: string;
  /** Names the bundle in errors instead of its path, e.g. an upload's original file name. */
  fileLabel?: string;
  /** Overrides of DEFAULT_ZIP_LIMITS. */
  zipLimits?: Partial<ZipLimits>;
  /**
   * Read enrollments.csv in a worker thread while the rest of the bundle is read: true always,
   * false never. By default when the file is over WORKER_MIN_BYTES (parallel-enrollments.ts).
   */
  enrollmentsInWorker?: boolean;
}

/**
 * Reads and validates a OneRoster 1.1 or 1.2 CSV bundle into live, indexed records. The
 * version is the manifest's `oneroster.version`; without one, a roles.csv (or a users.csv
 * without a role column) means 1.2. Rejects with BundleError only.
 */
export async function loadOneRosterBundle(options: LoadBundleOptions): Promise<OneRosterBundle> {
  const label = options.fileLabel ?? basename(options.path);
  try {
    const source = await openBundleSource({ path: options.path, label, limits: options.zipLimits });
    let enrollmentsJob: EnrollmentsJob | null = null;
    try {
      enrollmentsJob = await startEnrollmentsWorker({
        path: options.path,
        label,
        zipLimits: options.zipLimits,
        source,
        force: options.enrollmentsInWorker,
      }).catch(() => null);
      return await parseBundle({ source, label, enrollmentsJob });
    } finally {
      enrollmentsJob?.cancel();
      await source.close();
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError({ file: label, message: 'the bundle could not be read', cause: error });
  }
}

interface LoadState {
  schools: DenseMap<SchoolRecord>;
  people: DenseMap<PersonRecord>;
  classes: DenseMap<ClassRecord>;
  courses: Map<string, CourseInfo>;
  academicSessions: Map<string, AcademicSessionInfo>;
  classesBySchoolId: Map<string, ClassRecord[]>;
  /** Live enrollments as columns: class and person positions, role (0 student, 1 teacher), date numbers. */
  enrollments: ResolvedEnrollments;
  /** Campus memberships as person and school positions, repeats included until the end. */
  memberships: { users: IntColumn; schools: IntColumn };
  /** 1.2: memberships from roles.csv, until users.csv says who is a live person. */
  pendingMemberships: { userIds: string[]; schools: IntColumn };
  /** Parent links as parent and student positions, repeats included until the end. */
  links: { parents: IntColumn; students: IntColumn };
  counts: BundleCounts;
  warnings: BundleWarning[];
  /** Raw agentSourcedIds per live person (by position), until every user is known and links can be resolved. */
  pendingAgents: { people: IntColumn; agents: string[] };
  /** 1.2: the role roles.csv gives each user, until users.csv is read. */
  pendingRoles: Map<string, { role: PersonRole; sourceRole: string; primary: boolean }>;
  /** One string instance per repeated value (roles, grades, dates) instead of one per row. */
  intern: (value: string) => string;
}

async function parseBundle(options: {
  source: BundleSource;
  label: string;
  enrollmentsJob: EnrollmentsJob | null;
}): Promise<OneRosterBundle> {
  const { source, label } = options;
  const state = createState();

  const manifestFile = source.file(BUNDLE_FILES.manifest);
  const manifest = manifestFile
    ? await readManifest({ state, table: await open(source, 'manifest', REQUIRED_COLUMNS.manifest) })
    : null;
  for (const name of REQUIRED_FILES) {
    if (!source.file(name)) throw missingFile({ label, name, why: 'every bundle needs it' });
  }
  const hasRoles = source.file(BUNDLE_FILES.roles) !== null;
  // null until users.csv's header says: a bundle without a manifest or roles.csv is 1.1 if users carry roles.
  let version: OneRosterVersion | null = manifest?.onerosterVersion ?? (hasRoles ? '1.2' : null);
  if (version === '1.2' && !hasRoles) {
    throw missingFile({ label, name: BUNDLE_FILES.roles, why: 'a OneRoster 1.2 bundle keeps user roles in it' });
  }

  await readOrgs({ state, table: await open(source, 'orgs', REQUIRED_COLUMNS.orgs) });
  if (source.file(BUNDLE_FILES.academicSessions)) {
    await readAcademicSessions({ state, table: await open(source, 'academicSessions', REQUIRED_COLUMNS.academicSessions) });
  }
  if (source.file(BUNDLE_FILES.courses)) {
    await readCourses({ state, table: await open(source, 'courses', REQUIRED_COLUMNS.courses) });
  }
  await readClasses({ state, table: await open(source, 'classes', REQUIRED_COLUMNS.classes) });
  if (version === '1.2') await readRoles({ state, table: await open(source, 'roles', REQUIRED_COLUMNS.roles) });

  const users = await open(source, 'users', REQUIRED_COLUMNS.users12);
  if (version === null) {
    if (!users.has('role')) {
      users.close();
      throw missingFile({
        label,
        name: BUNDLE_FILES.roles,
        why: 'users.csv has no role column, so this is a OneRoster 1.2 bundle, which keeps roles in roles.csv',
      });
    }
    version = '1.1';
  }
  await readUsers({ state, table: users, version });
  linkGuardians(state);
  if (!(options.enrollmentsJob && (await joinEnrollments({ state, job: options.enrollmentsJob })))) {
    await readEnrollments({ state, table: await open(source, 'enrollments', REQUIRED_COLUMNS.enrollments) });
  }
  if (source.file(BUNDLE_FILES.demographics)) {
    await readDemographics({ state, table: await open(source, 'demographics', REQUIRED_COLUMNS.demographics) });
  }

  return {
    version,
    label,
    manifest,
    schools: state.schools,
    people: state.people,
    classes: state.classes,
    courses: state.courses,
    academicSessions: state.academicSessions,
    classesBySchoolId: state.classesBySchoolId,
    ...enrollmentIndexes(state),
    membershipsByUserId: membershipIndex(state),
    ...guardianLinkIndexes(state),
    ...peopleIndexes(state.people.records),
    counts: state.counts,
    warnings: state.warnings,
  };
}

function createState(): LoadState {
  const interned = new Map<string, string>();
  return {
    schools: new DenseMap(),
    people: new DenseMap(),
    classes: new DenseMap(),
    courses: new Map(),
    academicSessions: new Map(),
    classesBySchoolId: new Map(),
    enrollments: {
      ids: [],
      classes: new IntColumn(),
      users: new IntColumn(),
      roles: new IntColumn(),
      beginDates: new IntColumn(),
      endDates: new IntColumn(),
      dates: [null],
      dateNumbers: new Map(),
    },
    memberships: { users: new IntColumn(), schools: new IntColumn() },
    pendingMemberships: { userIds: [], schools: new IntColumn() },
    links: { parents: new IntColumn(), students: new IntColumn() },
    counts: { rows: {}, usersNotExposed: 0, enrollmentsNotLive: 0, demographics: 0, warningsDropped: 0 },
    warnings: [],
    pendingAgents: { people: new IntColumn(), agents: [] },
    pendingRoles: new Map(),
    intern(value) {
      const known = interned.get(value);
      if (known !== undefined) return known;
      interned.set(value, value);
      return value;
    },
  };
}

/** The columns the loader reads of each file: the reader makes no string for the others. */
const READ_COLUMNS: Record<keyof typeof BUNDLE_FILES, readonly string[]> = {
  manifest: ['propertyName', 'value'],
  orgs: ['sourcedId', 'status', 'type', 'name', 'identifier'],
  academicSessions: ['sourcedId', 'status', 'type', 'title', 'startDate', 'endDate', 'parentSourcedId'],
  courses: ['sourcedId', 'status', 'title', 'courseCode', 'orgSourcedId'],
  classes: ['sourcedId', 'status', 'schoolSourcedId', 'title', 'classCode'],
  roles: ['sourcedId', 'status', 'userSourcedId', 'roleType', 'role', 'orgSourcedId'],
  users: [
    'sourcedId',
    'status',
    'role',
    'givenName',
    'familyName',
    'middleName',
    'email',
    'identifier',
    'grades',
    'orgSourcedIds',
    'agentSourcedIds',
  ],
  enrollments: ['sourcedId', 'status', 'classSourcedId', 'userSourcedId', 'role', 'beginDate', 'endDate'],
  demographics: ['sourcedId', 'status'],
};

async function open(source: BundleSource, file: keyof typeof BUNDLE_FILES, required: readonly string[]): Promise<CsvTable> {
  const bundleFile = source.file(BUNDLE_FILES[file]);
  if (!bundleFile) throw new BundleError({ file: BUNDLE_FILES[file], message: 'file is missing' });
  return openCsvTable({ file: bundleFile, required, read: READ_COLUMNS[file] });
}

function missingFile(options: { label: string; name: string; why: string }): BundleError {
  return new BundleError({
    file: options.name,
    message: `missing required file ${options.name} in ${options.label}: ${options.why}`,
  });
}

/** Counts every data row of a table and hands it on; closes the table however the loop ends. */
async function eachRow(options: { state: LoadState; table: CsvTable; onRow: (row: CsvRow) => void }): Promise<void> {
  const { state, table, onRow } = options;
  let rows = 0;
  try {
    for await (const batch of table.batches()) {
      for (const row of batch) {
        rows++;
        onRow(row);
      }
    }
  } finally {
    state.counts.rows[table.file] = rows;
    table.close();
  }
}

// ---- field readers: each failure names the file, line and column ----

function required(table: CsvTable, row: CsvRow, column: string): string {
  const value = table.value(row, column);
  if (!value) throw table.error({ row, column, message: `${column} is blank; it is required` });
  return value;
}

function optional(table: CsvTable, row: CsvRow, column: string): string | null {
  return table.value(row, column) || null;
}

function warn(state: LoadState, table: CsvTable, row: CsvRow, column: string, message: string): void {
  if (state.warnings.length >= MAX_KEPT_WARNINGS) {
    state.counts.warningsDropped++;
    return;
  }
  state.warnings.push({ file: table.file, line: row.line, column: table.columnNumber(column), message });
}

/** A live sourcedId seen twice: the first row wins, so lookups stay unambiguous. */
function isDuplicate(state: LoadState, table: CsvTable, row: CsvRow, known: ReadonlyMap<string, unknown>, id: string): boolean {
  if (!known.has(id)) return false;
  warn(state, table, row, 'sourcedId', `sourcedId ${id} appears on more than one live row; the first is used`);
  return true;
}

// ---- files ----

async function readManifest(options: { state: LoadState; table: CsvTable }): Promise<BundleManifest> {
  const { state, table } = options;
  const properties = new Map<string, string>();
  const fileModes = new Map<string, 'absent' | 'bulk' | 'delta'>();
  let onerosterVersion: OneRosterVersion | null = null;
  await eachRow({
    state,
    table,
    onRow(row) {
      const name = table.value(row, 'propertyName');
      const value = table.value(row, 'value');
      properties.set(name, value);
      if (name === 'oneroster.version') {
        onerosterVersion = enumValue({ table, row, column: 'value', allowed: ONEROSTER_VERSIONS }) as OneRosterVersion;
      } else if (name.startsWith('file.')) {
        const mode = enumValue({ table, row, column: 'value', allowed: MANIFEST_FILE_MODES });
        fileModes.set(name.slice('file.'.length), mode as 'absent' | 'bulk' | 'delta');
      }
    },
  });
  return { onerosterVersion, fileModes, properties };
}

async function readOrgs(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      const type = enumValue({ table, row, column: 'type', allowed: ORG_TYPES, allowExtensions: true });
      if (isDeleted(table, row) || type !== 'school' || isDuplicate(state, table, row, state.schools, id)) return;
      state.schools.add({
        system: 'SOURCE',
        id,
        sourcedId: id,
        name: table.value(row, 'name'),
        schoolCode: optional(table, row, 'identifier'),
      });
    },
  });
}

async function readAcademicSessions(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      const type = enumValue({ table, row, column: 'type', allowed: ACADEMIC_SESSION_TYPES, allowExtensions: true });
      if (isDeleted(table, row) || isDuplicate(state, table, row, state.academicSessions, id)) return;
      state.academicSessions.set(id, {
        sourcedId: id,
        title: table.value(row, 'title'),
        type,
        startDate: optional(table, row, 'startDate'),
        endDate: optional(table, row, 'endDate'),
        parentSourcedId: optional(table, row, 'parentSourcedId'),
      });
    },
  });
}

async function readCourses(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      if (isDeleted(table, row) || isDuplicate(state, table, row, state.courses, id)) return;
      state.courses.set(id, {
        sourcedId: id,
        title: table.value(row, 'title'),
        courseCode: optional(table, row, 'courseCode'),
        orgSourcedId: optional(table, row, 'orgSourcedId'),
      });
    },
  });
}

async function readClasses(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      const schoolSourcedId = required(table, row, 'schoolSourcedId');
      if (isDeleted(table, row) || isDuplicate(state, table, row, state.classes, id)) return;
      // Share the school's id string when the school is known, rather than one copy per class.
      const schoolId = state.schools.get(schoolSourcedId)?.id ?? schoolSourcedId;
      const record: ClassRecord = {
        system: 'SOURCE',
        id,
        sourcedId: id,
        title: table.value(row, 'title'),
        classCode: optional(table, row, 'classCode'),
        schoolId,
      };
      state.classes.add(record);
      addToIndex(state.classesBySchoolId, schoolId, record);
    },
  });
}

/** 1.2: a user's role is their primary role row's (else their first exposed one); every live row at a school is a membership. */
async function readRoles(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      required(table, row, 'sourcedId');
      const userId = required(table, row, 'userSourcedId');
      const roleType = enumValue({ table, row, column: 'roleType', allowed: ROLE_TYPES });
      const sourceRole = enumValue({ table, row, column: 'role', allowed: USER_ROLES_12, allowExtensions: true });
      const orgId = required(table, row, 'orgSourcedId');
      if (isDeleted(table, row)) return;

      const role = personRoleFor(sourceRole);
      const chosen = state.pendingRoles.get(userId);
      const primary = roleType === 'primary';
      if (role && (!chosen || (primary && !chosen.primary))) {
        state.pendingRoles.set(userId, { role, sourceRole: state.intern(table.value(row, 'role')), primary });
      }
      const school = state.schools.positionOf(orgId);
      if (school === undefined) return;
      state.pendingMemberships.userIds.push(userId);
      state.pendingMemberships.schools.push(school);
    },
  });
}

async function readUsers(options: { state: LoadState; table: CsvTable; version: OneRosterVersion }): Promise<void> {
  const { state, table, version } = options;
  if (version === '1.1') {
    const missing = REQUIRED_COLUMNS.users11.filter((column) => !table.has(column));
    if (missing.length > 0) {
      table.close();
      throw new BundleError({
        file: table.file,
        line: 1,
        message: `header lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (OneRoster 1.1 users.csv)`,
      });
    }
  }
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      let role: PersonRole | null;
      let sourceRole: string;
      if (version === '1.1') {
        enumValue({ table, row, column: 'role', allowed: USER_ROLES_11, allowExtensions: true });
        sourceRole = state.intern(table.value(row, 'role'));
        role = personRoleFor(sourceRole);
      } else {
        const pending = state.pendingRoles.get(id);
        role = pending?.role ?? null;
        sourceRole = pending?.sourceRole ?? '';
      }
      if (isDeleted(table, row) || isDuplicate(state, table, row, state.people, id)) return;
      if (!role) {
        state.counts.usersNotExposed++;
        return;
      }
      const grade = splitList(table.value(row, 'grades'))[0];
      const person: PersonRecord = {
        system: 'SOURCE',
        id,
        sourcedId: id,
        role,
        sourceRole,
        givenName: table.value(row, 'givenName'),
        familyName: table.value(row, 'familyName'),
        middleName: optional(table, row, 'middleName'),
        email: optional(table, row, 'email'),
        identifier: optional(table, row, 'identifier'),
        grade: grade ? state.intern(grade) : null,
      };
      const position = state.people.add(person);
      if (version === '1.1') {
        for (const orgId of splitList(table.value(row, 'orgSourcedIds'))) addMembership({ state, user: position, orgId });
      }
      const agents = table.value(row, 'agentSourcedIds');
      if (agents) {
        state.pendingAgents.people.push(position);
        state.pendingAgents.agents.push(agents);
      }
    },
  });
  if (version === '1.2') {
    // roles.csv rows of users who turned out deleted, unknown or not exposed are no memberships.
    const pending = state.pendingMemberships;
    for (let i = 0; i < pending.userIds.length; i++) {
      const user = state.people.positionOf(pending.userIds[i] as string);
      if (user === undefined) continue;
      state.memberships.users.push(user);
      state.memberships.schools.push(pending.schools.at(i));
    }
    state.pendingMemberships = { userIds: [], schools: new IntColumn() };
  }
  state.pendingRoles.clear();
}

/** The people lookups, each built on its first use (in reading order, as the people are). */
function peopleIndexes(
  people: readonly PersonRecord[],
): Pick<OneRosterBundle, 'peopleByFamilyName' | 'peopleByEmail' | 'peopleByIdentifier'> {
  const indexBy = (keyOf: (person: PersonRecord) => string | null) => () => {
    const index = new Map<string, PersonRecord[]>();
    for (const person of people) {
      const key = keyOf(person);
      if (key) addToIndex(index, key, person);
    }
    return index;
  };
  return {
    // normalizeName('') is '': a person without a family name is found under ''.
    peopleByFamilyName: new LazyIndex(() => {
      const index = new Map<string, PersonRecord[]>();
      for (const person of people) addToIndex(index, normalizeName(person.familyName), person);
      return index;
    }),
    peopleByEmail: new LazyIndex(indexBy((person) => emailKey(person.email))),
    peopleByIdentifier: new LazyIndex(indexBy((person) => person.identifier)),
  };
}

/** A membership is of a live school; district and other orgs, or unknown ones, are not campuses. */
function addMembership(options: { state: LoadState; user: number; orgId: string }): void {
  const { state, user, orgId } = options;
  const school = state.schools.positionOf(orgId);
  if (school === undefined) return;
  state.memberships.users.push(user);
  state.memberships.schools.push(school);
}

/** Memberships by person, each campus once per person (the first row naming it). */
function membershipIndex(state: LoadState): OneRosterBundle['membershipsByUserId'] {
  const users = state.memberships.users.done();
  const schools = state.memberships.schools.done();
  const people = state.people.records;
  const campuses = state.schools.records;
  return new GroupedIndex<MembershipRecord>({
    groupOf: withoutRepeatedPairs({ first: users, second: schools, keyCount: people.length }),
    keys: state.people,
    itemAt: (item) => ({
      system: 'SOURCE',
      userId: (people[users[item] as number] as PersonRecord).id,
      schoolId: (campuses[schools[item] as number] as SchoolRecord).id,
    }),
  });
}

/** A link exists when either side lists the other in agentSourcedIds and both are live. */
function linkGuardians(state: LoadState): void {
  const { people, agents } = state.pendingAgents;
  for (let i = 0; i < agents.length; i++) {
    const position = people.at(i);
    const person = state.people.records[position] as PersonRecord;
    for (const agentId of splitList(agents[i] as string)) {
      const agent = state.people.positionOf(agentId);
      if (agent === undefined) continue;
      const agentRole = (state.people.records[agent] as PersonRecord).role;
      if (person.role === 'student' && agentRole === 'parent') addGuardianLink(state, agent, position);
      else if (person.role === 'parent' && agentRole === 'student') addGuardianLink(state, position, agent);
    }
  }
  state.pendingAgents = { people: new IntColumn(), agents: [] };
}

function addGuardianLink(state: LoadState, parent: number, student: number): void {
  state.links.parents.push(parent);
  state.links.students.push(student);
}

/** Links by student and by parent, each pair once (the first time either side names it). */
function guardianLinkIndexes(state: LoadState): Pick<OneRosterBundle, 'guardianLinksByStudentId' | 'guardianLinksByParentId'> {
  const parents = state.links.parents.done();
  const students = state.links.students.done();
  const people = state.people.records;
  const byStudent = withoutRepeatedPairs({ first: students, second: parents, keyCount: people.length });
  const byParent = parents.map((parent, item) => ((byStudent[item] as number) < 0 ? -1 : parent));
  const itemAt = (item: number): GuardianLinkRecord => ({
    system: 'SOURCE',
    parentId: (people[parents[item] as number] as PersonRecord).id,
    studentId: (people[students[item] as number] as PersonRecord).id,
    origin: 'sis',
  });
  return {
    guardianLinksByStudentId: new GroupedIndex({ groupOf: byStudent, keys: state.people, itemAt }),
    guardianLinksByParentId: new GroupedIndex({ groupOf: byParent, keys: state.people, itemAt }),
  };
}

async function readEnrollments(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  const enrollments = state.enrollments;
  const dateNumber = (date: string): number => {
    if (!date) return 0;
    let number = enrollments.dateNumbers.get(date);
    if (number === undefined) {
      number = enrollments.dates.push(date) - 1;
      enrollments.dateNumbers.set(date, number);
    }
    return number;
  };
  // Files are usually sorted by user or by class: the last key's position is looked up once.
  let lastClassId = '';
  let section: number | undefined;
  let lastUserId = '';
  let user: number | undefined;
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      const classId = required(table, row, 'classSourcedId');
      const userId = required(table, row, 'userSourcedId');
      const role = enumValue({ table, row, column: 'role', allowed: ENROLLMENT_ROLES, allowExtensions: true });
      if (classId !== lastClassId) {
        lastClassId = classId;
        section = state.classes.positionOf(classId);
      }
      if (userId !== lastUserId) {
        lastUserId = userId;
        user = state.people.positionOf(userId);
      }
      if (isDeleted(table, row) || section === undefined || user === undefined || (role !== 'student' && role !== 'teacher')) {
        state.counts.enrollmentsNotLive++;
        return;
      }
      enrollments.ids.push(id);
      enrollments.classes.push(section);
      enrollments.users.push(user);
      enrollments.roles.push(role === 'student' ? 0 : 1);
      enrollments.beginDates.push(dateNumber(table.value(row, 'beginDate')));
      enrollments.endDates.push(dateNumber(table.value(row, 'endDate')));
    },
  });
}

/**
 * The worker's enrollments, kept as readEnrollments keeps them; false when the worker failed
 * (not the file: its BundleError is thrown here, where the sequential read would throw it).
 */
async function joinEnrollments(options: { state: LoadState; job: EnrollmentsJob }): Promise<boolean> {
  const { state } = options;
  let columns: Awaited<EnrollmentsJob['columns']>;
  try {
    columns = await options.job.columns;
  } catch (error) {
    if (error instanceof BundleError) throw error;
    return false;
  }
  const { enrollments, notLive } = resolveEnrollmentColumns({
    columns,
    classPositionOf: (id) => state.classes.positionOf(id),
    personPositionOf: (id) => state.people.positionOf(id),
  });
  state.counts.rows[columns.file] = columns.rows;
  state.counts.enrollmentsNotLive += notLive;
  state.enrollments = enrollments;
  return true;
}

/** The live enrollments by class and by person: two groupings of the same columns, records made on demand. */
function enrollmentIndexes(state: LoadState): Pick<OneRosterBundle, 'enrollmentsByClassId' | 'enrollmentsByUserId'> {
  const { ids, dates } = state.enrollments;
  const classes = state.enrollments.classes.done();
  const users = state.enrollments.users.done();
  const roles = state.enrollments.roles.done();
  const beginDates = state.enrollments.beginDates.done();
  const endDates = state.enrollments.endDates.done();
  const sections = state.classes.records;
  const people = state.people.records;
  const itemAt = (item: number): EnrollmentRecord => {
    const id = ids[item] as string;
    return {
      system: 'SOURCE',
      id,
      sourcedId: id,
      classId: (sections[classes[item] as number] as ClassRecord).id,
      userId: (people[users[item] as number] as PersonRecord).id,
      role: roles[item] === 0 ? 'student' : 'teacher',
      beginDate: dates[beginDates[item] as number] ?? null,
      endDate: dates[endDates[item] as number] ?? null,
    };
  };
  return {
    enrollmentsByClassId: new GroupedIndex({ groupOf: classes, keys: state.classes, itemAt }),
    enrollmentsByUserId: new GroupedIndex({ groupOf: users, keys: state.people, itemAt }),
  };
}

async function readDemographics(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      required(table, row, 'sourcedId');
      if (!isDeleted(table, row)) state.counts.demographics++;
    },
  });
}
