import { normalizeName } from '../../domain/names';
import type {
  ClassRecord,
  EnrollmentRecord,
  GuardianLinkRecord,
  MembershipRecord,
  PersonRecord,
  SchoolRecord,
} from '../../domain/roster';
import { addToIndex, compactIndex, emailKey, type OneRosterBundle } from '../oneroster-csv/bundle';
import type { OneRosterClient } from './connection';
import { MAX_CONCURRENT_REQUESTS, PAGE_SIZE } from './limits';
import { listPages } from './paging';
import { readRecords } from './record-errors';
import { enrollmentRecord, readClass, readEnrollment, readOrg, readUser } from './rest-records';

/**
 * The whole district read over REST into the in-memory shape a CSV bundle loads into, so the
 * district report scans a REST source exactly as it scans a CSV one (same liveness rules, same
 * indexes, same reader code). Schools first (memberships need them), then classes and users
 * side by side, then enrollments (which need both).
 */
export async function downloadDistrictSnapshot(options: {
  client: OneRosterClient;
  pageSize?: number;
  /** Pages fetched ahead per listing; the client's concurrency cap still applies. */
  parallel?: number;
}): Promise<OneRosterBundle> {
  const { client } = options;
  const listing = (path: string, key: string) =>
    listPages({
      client,
      path,
      key,
      pageSize: options.pageSize ?? PAGE_SIZE,
      parallel: options.parallel ?? MAX_CONCURRENT_REQUESTS,
    });
  const rows: Record<string, number> = {};
  const count = (name: string, n: number) => {
    rows[name] = (rows[name] ?? 0) + n;
  };

  const schools = new Map<string, SchoolRecord>();
  for await (const page of listing('/schools', 'orgs')) {
    count('orgs', page.length);
    for (const org of readRecords({
      client,
      path: '/schools',
      records: page,
      read: (json) => readOrg(json, { assumeSchool: true }),
    })) {
      if (org.school && !schools.has(org.sourcedId)) schools.set(org.sourcedId, org.school);
    }
  }

  const classes = new Map<string, ClassRecord>();
  const classesBySchoolId = new Map<string, ClassRecord[]>();
  const people = new Map<string, PersonRecord>();
  const peopleByFamilyName = new Map<string, PersonRecord[]>();
  const peopleByEmail = new Map<string, PersonRecord[]>();
  const peopleByIdentifier = new Map<string, PersonRecord[]>();
  const membershipsByUserId = new Map<string, MembershipRecord[]>();
  const pendingAgents = new Map<string, string[]>();
  let usersNotExposed = 0;

  await Promise.all([
    (async () => {
      for await (const page of listing('/classes', 'classes')) {
        count('classes', page.length);
        for (const found of readRecords({ client, path: '/classes', records: page, read: readClass })) {
          if (!found.live || classes.has(found.sourcedId)) continue;
          const record = { ...found.record, schoolId: schools.get(found.record.schoolId)?.id ?? found.record.schoolId };
          classes.set(record.id, record);
          addToIndex(classesBySchoolId, record.schoolId, record);
        }
      }
    })(),
    (async () => {
      for await (const page of listing('/users', 'users')) {
        count('users', page.length);
        for (const user of readRecords({ client, path: '/users', records: page, read: readUser })) {
          if (!user.live || people.has(user.sourcedId)) continue;
          const person = user.person;
          if (!person) {
            usersNotExposed++;
            continue;
          }
          people.set(person.id, person);
          addToIndex(peopleByFamilyName, normalizeName(person.familyName), person);
          const email = emailKey(person.email);
          if (email) addToIndex(peopleByEmail, email, person);
          if (person.identifier) addToIndex(peopleByIdentifier, person.identifier, person);
          for (const orgId of user.orgIds) {
            const school = schools.get(orgId);
            if (!school) continue;
            const memberships = membershipsByUserId.get(person.id);
            if (memberships?.some((membership) => membership.schoolId === school.id)) continue;
            addToIndex(membershipsByUserId, person.id, { system: 'SOURCE', userId: person.id, schoolId: school.id });
          }
          if (user.agentIds.length > 0) pendingAgents.set(person.id, user.agentIds);
        }
      }
    })(),
  ]);

  // A link exists when either side lists the other and both are live (load-bundle.ts does the same).
  const guardianLinksByStudentId = new Map<string, GuardianLinkRecord[]>();
  const guardianLinksByParentId = new Map<string, GuardianLinkRecord[]>();
  const link = (parent: PersonRecord, student: PersonRecord) => {
    if (guardianLinksByStudentId.get(student.id)?.some((existing) => existing.parentId === parent.id)) return;
    const record: GuardianLinkRecord = { system: 'SOURCE', parentId: parent.id, studentId: student.id, origin: 'sis' };
    addToIndex(guardianLinksByStudentId, student.id, record);
    addToIndex(guardianLinksByParentId, parent.id, record);
  };
  for (const [userId, agentIds] of pendingAgents) {
    const person = people.get(userId);
    if (!person) continue;
    for (const agentId of agentIds) {
      const agent = people.get(agentId);
      if (!agent) continue;
      if (person.role === 'student' && agent.role === 'parent') link(agent, person);
      else if (person.role === 'parent' && agent.role === 'student') link(person, agent);
    }
  }
  pendingAgents.clear();

  const enrollmentsByClassId = new Map<string, EnrollmentRecord[]>();
  const enrollmentsByUserId = new Map<string, EnrollmentRecord[]>();
  let enrollmentsNotLive = 0;
  for await (const page of listing('/enrollments', 'enrollments')) {
    count('enrollments', page.length);
    for (const enrollment of readRecords({ client, path: '/enrollments', records: page, read: readEnrollment })) {
      const schoolClass = classes.get(enrollment.classId);
      const person = people.get(enrollment.userId);
      const record = schoolClass && person ? enrollmentRecord(enrollment, schoolClass.id, person.id) : null;
      if (!record) {
        enrollmentsNotLive++;
        continue;
      }
      addToIndex(enrollmentsByClassId, record.classId, record);
      addToIndex(enrollmentsByUserId, record.userId, record);
    }
  }

  for (const index of [
    enrollmentsByUserId,
    membershipsByUserId,
    guardianLinksByStudentId,
    guardianLinksByParentId,
    peopleByFamilyName,
    peopleByEmail,
    peopleByIdentifier,
  ]) {
    compactIndex<unknown>(index);
  }
  return {
    version: client.connection.version,
    label: `${client.connection.system} at ${client.baseUrl}`,
    manifest: null,
    schools,
    people,
    classes,
    courses: new Map(),
    academicSessions: new Map(),
    classesBySchoolId,
    enrollmentsByClassId,
    enrollmentsByUserId,
    membershipsByUserId,
    guardianLinksByStudentId,
    guardianLinksByParentId,
    peopleByFamilyName,
    peopleByEmail,
    peopleByIdentifier,
    counts: { rows, usersNotExposed, enrollmentsNotLive, demographics: 0, warningsDropped: 0 },
    warnings: [],
  };
}
