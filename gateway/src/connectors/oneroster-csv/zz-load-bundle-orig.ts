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
import { type BundleSource, openBundleSource } from './bundle-source';
import { type CsvRow, type CsvTable, openCsvTable } from './csv-table';
import {
  ACADEMIC_SESSION_TYPES,
  BUNDLE_FILES,
  ENROLLMENT_ROLES,
  MANIFEST_FILE_MODES,
  matchEnum,
  ONEROSTER_VERSIONS,
  type OneRosterVersion,
  ORG_TYPES,
  personRoleFor,
  REQUIRED_COLUMNS,
  REQUIRED_FILES,
  ROLE_TYPES,
  STATUS_VALUES,
  splitList,
  USER_ROLES_11,
  USER_ROLES_12,
} from './oneroster-format';
import type { ZipLimits } from './zip-archive';
import {
  type AcademicSessionInfo,
  addToIndex,
  type BundleCounts,
  type BundleManifest,
  type BundleWarning,
  type CourseInfo,
  compactIndex,
  emailKey,
  type OneRosterBundle,
} from './zz-bundle-orig';

/** Warnings kept on the bundle; the rest are only counted. */
export const MAX_KEPT_WARNINGS = 100;

export interface LoadBundleOptions {
  /** A folder of OneRoster CSV files, or a .zip of them. */
  path: string;
  /** Names the bundle in errors instead of its path, e.g. an upload's original file name. */
  fileLabel?: string;
  /** Overrides of DEFAULT_ZIP_LIMITS. */
  zipLimits?: Partial<ZipLimits>;
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
    try {
      return await parseBundle({ source, label });
    } finally {
      await source.close();
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError({ file: label, message: 'the bundle could not be read', cause: error });
  }
}

interface LoadState {
  schools: Map<string, SchoolRecord>;
  people: Map<string, PersonRecord>;
  classes: Map<string, ClassRecord>;
  courses: Map<string, CourseInfo>;
  academicSessions: Map<string, AcademicSessionInfo>;
  classesBySchoolId: Map<string, ClassRecord[]>;
  enrollmentsByClassId: Map<string, EnrollmentRecord[]>;
  enrollmentsByUserId: Map<string, EnrollmentRecord[]>;
  membershipsByUserId: Map<string, MembershipRecord[]>;
  guardianLinksByStudentId: Map<string, GuardianLinkRecord[]>;
  guardianLinksByParentId: Map<string, GuardianLinkRecord[]>;
  peopleByFamilyName: Map<string, PersonRecord[]>;
  peopleByEmail: Map<string, PersonRecord[]>;
  peopleByIdentifier: Map<string, PersonRecord[]>;
  counts: BundleCounts;
  warnings: BundleWarning[];
  /** Raw agentSourcedIds per live person, until every user is known and links can be resolved. */
  pendingAgents: Map<string, string>;
  /** 1.2: the role roles.csv gives each user, until users.csv is read. */
  pendingRoles: Map<string, { role: PersonRole; sourceRole: string; primary: boolean }>;
  /** One string instance per repeated value (roles, grades, dates) instead of one per row. */
  intern: (value: string) => string;
}

async function parseBundle(options: { source: BundleSource; label: string }): Promise<OneRosterBundle> {
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
  await readEnrollments({ state, table: await open(source, 'enrollments', REQUIRED_COLUMNS.enrollments) });
  if (source.file(BUNDLE_FILES.demographics)) {
    await readDemographics({ state, table: await open(source, 'demographics', REQUIRED_COLUMNS.demographics) });
  }

  for (const index of [
    state.enrollmentsByUserId,
    state.membershipsByUserId,
    state.guardianLinksByStudentId,
    state.guardianLinksByParentId,
    state.peopleByFamilyName,
    state.peopleByEmail,
    state.peopleByIdentifier,
  ]) {
    compactIndex<unknown>(index);
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
    enrollmentsByClassId: state.enrollmentsByClassId,
    enrollmentsByUserId: state.enrollmentsByUserId,
    membershipsByUserId: state.membershipsByUserId,
    guardianLinksByStudentId: state.guardianLinksByStudentId,
    guardianLinksByParentId: state.guardianLinksByParentId,
    peopleByFamilyName: state.peopleByFamilyName,
    peopleByEmail: state.peopleByEmail,
    peopleByIdentifier: state.peopleByIdentifier,
    counts: state.counts,
    warnings: state.warnings,
  };
}

function createState(): LoadState {
  const interned = new Map<string, string>();
  return {
    schools: new Map(),
    people: new Map(),
    classes: new Map(),
    courses: new Map(),
    academicSessions: new Map(),
    classesBySchoolId: new Map(),
    enrollmentsByClassId: new Map(),
    enrollmentsByUserId: new Map(),
    membershipsByUserId: new Map(),
    guardianLinksByStudentId: new Map(),
    guardianLinksByParentId: new Map(),
    peopleByFamilyName: new Map(),
    peopleByEmail: new Map(),
    peopleByIdentifier: new Map(),
    counts: { rows: {}, usersNotExposed: 0, enrollmentsNotLive: 0, demographics: 0, warningsDropped: 0 },
    warnings: [],
    pendingAgents: new Map(),
    pendingRoles: new Map(),
    intern(value) {
      const known = interned.get(value);
      if (known !== undefined) return known;
      interned.set(value, value);
      return value;
    },
  };
}

async function open(source: BundleSource, file: keyof typeof BUNDLE_FILES, required: readonly string[]): Promise<CsvTable> {
  const bundleFile = source.file(BUNDLE_FILES[file]);
  if (!bundleFile) throw new BundleError({ file: BUNDLE_FILES[file], message: 'file is missing' });
  return openCsvTable({ file: bundleFile, required });
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

function enumValue(options: {
  table: CsvTable;
  row: CsvRow;
  column: string;
  allowed: readonly string[];
  allowExtensions?: boolean;
}): string {
  const { table, row, column, allowed } = options;
  const value = table.value(row, column);
  const member = value ? matchEnum({ value, allowed, allowExtensions: options.allowExtensions }) : null;
  if (!member) {
    const found = value ? `"${value}"` : 'blank';
    throw table.error({ row, column, message: `${column} is ${found}; expected one of ${allowed.join(', ')}` });
  }
  return member;
}

/** True when the row is marked deleted; blank and active are both live. */
function isDeleted(table: CsvTable, row: CsvRow): boolean {
  const value = table.value(row, 'status');
  if (!value) return false;
  const status = matchEnum({ value, allowed: STATUS_VALUES });
  if (!status) {
    throw table.error({ row, column: 'status', message: `status is "${value}"; expected active, tobedeleted or blank` });
  }
  return status === 'tobedeleted';
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
      state.schools.set(id, {
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
      state.classes.set(id, record);
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
      addMembership({ state, userId, orgId });
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
      addPerson(state, person);
      if (version === '1.1') {
        for (const orgId of splitList(table.value(row, 'orgSourcedIds'))) addMembership({ state, userId: id, orgId });
      }
      const agents = table.value(row, 'agentSourcedIds');
      if (agents) state.pendingAgents.set(id, agents);
    },
  });
  if (version === '1.2') {
    // roles.csv rows of users who turned out deleted, unknown or not exposed are no memberships.
    for (const userId of state.membershipsByUserId.keys()) {
      if (!state.people.has(userId)) state.membershipsByUserId.delete(userId);
    }
  }
  state.pendingRoles.clear();
}

function addPerson(state: LoadState, person: PersonRecord): void {
  state.people.set(person.id, person);
  addToIndex(state.peopleByFamilyName, normalizeName(person.familyName), person);
  const email = emailKey(person.email);
  if (email) addToIndex(state.peopleByEmail, email, person);
  if (person.identifier) addToIndex(state.peopleByIdentifier, person.identifier, person);
}

/** A membership is of a live school; district and other orgs, or unknown ones, are not campuses. */
function addMembership(options: { state: LoadState; userId: string; orgId: string }): void {
  const { state, userId, orgId } = options;
  const school = state.schools.get(orgId);
  if (!school) return;
  const memberships = state.membershipsByUserId.get(userId);
  if (memberships?.some((membership) => membership.schoolId === school.id)) return;
  addToIndex(state.membershipsByUserId, userId, { system: 'SOURCE', userId, schoolId: school.id });
}

/** A link exists when either side lists the other in agentSourcedIds and both are live. */
function linkGuardians(state: LoadState): void {
  for (const [userId, agents] of state.pendingAgents) {
    const person = state.people.get(userId);
    if (!person) continue;
    for (const agentId of splitList(agents)) {
      const agent = state.people.get(agentId);
      if (!agent) continue;
      if (person.role === 'student' && agent.role === 'parent') addGuardianLink(state, agent, person);
      else if (person.role === 'parent' && agent.role === 'student') addGuardianLink(state, person, agent);
    }
  }
  state.pendingAgents.clear();
}

function addGuardianLink(state: LoadState, parent: PersonRecord, student: PersonRecord): void {
  const existing = state.guardianLinksByStudentId.get(student.id);
  if (existing?.some((link) => link.parentId === parent.id)) return;
  const link: GuardianLinkRecord = { system: 'SOURCE', parentId: parent.id, studentId: student.id, origin: 'sis' };
  addToIndex(state.guardianLinksByStudentId, student.id, link);
  addToIndex(state.guardianLinksByParentId, parent.id, link);
}

async function readEnrollments(options: { state: LoadState; table: CsvTable }): Promise<void> {
  const { state, table } = options;
  await eachRow({
    state,
    table,
    onRow(row) {
      const id = required(table, row, 'sourcedId');
      const classId = required(table, row, 'classSourcedId');
      const userId = required(table, row, 'userSourcedId');
      const role = enumValue({ table, row, column: 'role', allowed: ENROLLMENT_ROLES, allowExtensions: true });
      const schoolClass = state.classes.get(classId);
      const person = state.people.get(userId);
      if (isDeleted(table, row) || !schoolClass || !person || (role !== 'student' && role !== 'teacher')) {
        state.counts.enrollmentsNotLive++;
        return;
      }
      const beginDate = table.value(row, 'beginDate');
      const endDate = table.value(row, 'endDate');
      // Keys point at the class's and person's own id strings: 1.2M enrollments, no copies.
      const record: EnrollmentRecord = {
        system: 'SOURCE',
        id,
        sourcedId: id,
        classId: schoolClass.id,
        userId: person.id,
        role,
        beginDate: beginDate ? state.intern(beginDate) : null,
        endDate: endDate ? state.intern(endDate) : null,
      };
      addToIndex(state.enrollmentsByClassId, schoolClass.id, record);
      addToIndex(state.enrollmentsByUserId, person.id, record);
    },
  });
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
