import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { ID_RANGE } from './district-builder';
import type { GenerateDistrictOptions, GeneratedDistrict } from './district-model';
import { generateDistrict } from './generate-district';
import { FAMILY_NAMES, RESERVED_FAMILY_NAMES } from './name-pools';

const CLEAN: GenerateDistrictOptions = {
  seed: 7,
  districtId: 4242,
  name: 'Pine Valley Public Schools',
  state: 'OR',
  sisProvider: 'oneroster',
  students: 400,
  oneRosterVersion: '1.1',
  faults: 'none',
};

function fingerprint(district: GeneratedDistrict): string {
  const { options, ...content } = district;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const clean = generateDistrict(CLEAN);

describe('generateDistrict determinism', () => {
  it('gives identical output for the same options', () => {
    expect(fingerprint(generateDistrict(CLEAN))).toBe(fingerprint(clean));
    const catalog = { ...CLEAN, students: 120, faults: 'catalog' as const };
    expect(fingerprint(generateDistrict(catalog))).toBe(fingerprint(generateDistrict(catalog)));
  });

  it('gives a different district for a different seed', () => {
    const other = generateDistrict({ ...CLEAN, seed: 8 });
    expect(fingerprint(other)).not.toBe(fingerprint(clean));
    expect(other.source.users.map((user) => user.givenName)).not.toEqual(clean.source.users.map((user) => user.givenName));
  });
});

describe('a clean district (faults: none)', () => {
  it('has a live Bookmarked twin, with the same fields, for every live source record, and the reverse', () => {
    const { source, bookmarked } = clean;
    const liveSchools = new Map(bookmarked.schools.filter((row) => !row.deletedAt).map((row) => [row.id, row]));
    const liveUsers = new Map(bookmarked.users.filter((row) => !row.deletedAt).map((row) => [row.id, row]));
    const liveClasses = new Map(
      bookmarked.classes.filter((row) => !row.deletedAt && liveSchools.has(row.schoolId)).map((row) => [row.id, row]),
    );

    const sourceSchools = source.orgs.filter((org) => org.type === 'school' && org.status === 'active');
    expect(new Set([...liveSchools.values()].map((row) => `${row.sourcedId}|${row.name}|${row.schoolCode}`))).toEqual(
      new Set(sourceSchools.map((org) => `${org.sourcedId}|${org.name}|${org.identifier}`)),
    );

    const sourceUsers = source.users.filter((user) => user.status === 'active');
    const roleInBookmarked = (role: string) => (role === 'student' || role === 'teacher' ? role : 'parent');
    expect(
      new Set(
        [...liveUsers.values()].map((row) =>
          [row.sourcedId, row.role, row.givenName, row.familyName, row.email, row.grade, row.identifier].join('|'),
        ),
      ),
    ).toEqual(
      new Set(
        sourceUsers.map((user) =>
          [
            user.sourcedId,
            roleInBookmarked(user.role),
            user.givenName,
            user.familyName,
            user.email,
            user.grade,
            user.identifier,
          ].join('|'),
        ),
      ),
    );

    const liveSourceUserIds = new Set(sourceUsers.map((user) => user.sourcedId));
    const liveSourceSchoolIds = new Set(sourceSchools.map((org) => org.sourcedId));
    const sourceClasses = source.classes.filter((klass) => klass.status === 'active');
    expect(new Set([...liveClasses.values()].map((row) => `${row.sourcedId}|${row.title}|${row.classCode}`))).toEqual(
      new Set(sourceClasses.map((klass) => `${klass.sourcedId}|${klass.title}|${klass.classCode}`)),
    );
    const liveSourceClassIds = new Set(sourceClasses.map((klass) => klass.sourcedId));

    const sourceEnrollments = source.enrollments.filter(
      (enrollment) =>
        enrollment.status === 'active' &&
        liveSourceClassIds.has(enrollment.classSourcedId) &&
        liveSourceUserIds.has(enrollment.userSourcedId),
    );
    const bookmarkedEnrollments = bookmarked.enrollments.filter(
      (row) => !row.deletedAt && liveClasses.has(row.classId) && liveUsers.has(row.userId),
    );
    expect(
      new Set(
        bookmarkedEnrollments.map(
          (row) =>
            `${row.sourcedId}|${liveClasses.get(row.classId)?.sourcedId}|${liveUsers.get(row.userId)?.sourcedId}|${row.role}`,
        ),
      ),
    ).toEqual(
      new Set(
        sourceEnrollments.map(
          (enrollment) => `${enrollment.sourcedId}|${enrollment.classSourcedId}|${enrollment.userSourcedId}|${enrollment.role}`,
        ),
      ),
    );

    const sourceMemberships = sourceUsers.flatMap((user) =>
      user.orgSourcedIds.filter((org) => liveSourceSchoolIds.has(org)).map((org) => `${user.sourcedId}|${org}`),
    );
    const bookmarkedMemberships = bookmarked.userSchools
      .filter((row) => !row.deletedAt && liveUsers.has(row.userId) && liveSchools.has(row.schoolId))
      .map((row) => `${liveUsers.get(row.userId)?.sourcedId}|${liveSchools.get(row.schoolId)?.sourcedId}`);
    expect(new Set(bookmarkedMemberships)).toEqual(new Set(sourceMemberships));

    const byId = new Map(sourceUsers.map((user) => [user.sourcedId, user]));
    const sourceLinks = new Set<string>();
    for (const user of sourceUsers) {
      for (const agent of user.agentSourcedIds) {
        const other = byId.get(agent);
        if (!other) continue;
        sourceLinks.add(
          user.role === 'student' ? `${other.sourcedId}|${user.sourcedId}` : `${user.sourcedId}|${other.sourcedId}`,
        );
      }
    }
    const bookmarkedLinks = bookmarked.guardianships
      .filter((row) => !row.deletedAt && liveUsers.has(row.parentId) && liveUsers.has(row.studentId))
      .map((row) => {
        expect(row.origin).toBe('sis');
        return `${liveUsers.get(row.parentId)?.sourcedId}|${liveUsers.get(row.studentId)?.sourcedId}`;
      });
    expect(new Set(bookmarkedLinks)).toEqual(sourceLinks);
    expect(sourceLinks.size).toBeGreaterThan(0);
  });

  it('expects a zero count for every kind in the district report', () => {
    expect(Object.values(clean.expectedReportCounts).every((count) => count === 0)).toBe(true);
    expect(clean.plantedFaults).toEqual([]);
    expect(clean.benchFaults).toEqual([]);
  });

  it('carries noise that is not a fault: deleted rows, tobedeleted records, sync history', () => {
    const { source, bookmarked } = clean;
    expect(bookmarked.users.some((row) => row.deletedAt)).toBe(true);
    expect(bookmarked.enrollments.some((row) => row.deletedAt)).toBe(true);
    expect(bookmarked.userSchools.some((row) => row.deletedAt)).toBe(true);
    expect(bookmarked.classes.some((row) => row.deletedAt)).toBe(true);
    expect(source.users.some((user) => user.status === 'tobedeleted')).toBe(true);
    expect(source.enrollments.some((enrollment) => enrollment.status === 'tobedeleted')).toBe(true);
    expect(source.orgs.some((org) => org.status === 'tobedeleted')).toBe(true);
    expect(bookmarked.syncRuns.length).toBeGreaterThanOrEqual(10);
    expect(bookmarked.syncRuns.filter((run) => run.status === 'succeeded').length).toBeGreaterThanOrEqual(10);
    // A rejected-then-imported record: its sync error must not count.
    expect(bookmarked.syncErrors.length).toBeGreaterThan(0);
    expect(bookmarked.users.filter((row) => !row.deletedAt).map((row) => row.sourcedId)).toContain(
      bookmarked.syncErrors[0]?.sourcedId,
    );
    expect(bookmarked.users.every((row) => row.sourcedId !== null)).toBe(true);
  });
});

describe('the roster looks like a K-12 district', () => {
  const { source, bookmarked } = clean;
  const students = source.users.filter((user) => user.role === 'student' && user.status === 'active');
  const parents = source.users.filter(
    (user) => ['parent', 'guardian', 'relative'].includes(user.role) && user.status === 'active',
  );

  it('has the requested number of live students on top of planted people, with realistic names', () => {
    expect(students.length).toBe(CLEAN.students);
    const names = students.map((user) => `${user.givenName} ${user.familyName}`).join(' ');
    expect(names).toMatch(/[áéíóúñëü]/i);
    for (const user of students) {
      expect(user.identifier).toMatch(/^\d{7}$/);
      expect(user.email).toMatch(/@students\.pinevalleyps\.org$/);
      expect(user.grade).toMatch(/^(KG|0[1-9]|1[0-2])$/);
    }
    expect(new Set(students.map((user) => user.identifier)).size).toBe(students.length);
    expect(new Set(students.map((user) => user.grade)).size).toBe(13);
    // Random people never take a family name the fault catalogue keeps for itself.
    const reserved = new Set<string>(RESERVED_FAMILY_NAMES);
    expect(FAMILY_NAMES.filter((name) => reserved.has(name))).toEqual([]);
  });

  it('gives about two parents and six classes per student, about thirty students a class', () => {
    const links = new Set<string>();
    for (const user of [...students, ...parents]) {
      for (const agent of user.agentSourcedIds)
        links.add(user.role === 'student' ? `${agent}|${user.sourcedId}` : `${user.sourcedId}|${agent}`);
    }
    const parentsPerStudent = links.size / students.length;
    expect(parentsPerStudent).toBeGreaterThan(1.6);
    expect(parentsPerStudent).toBeLessThan(2.2);
    const childrenPerParent = new Map<string, number>();
    for (const link of links)
      childrenPerParent.set(link.split('|')[0] as string, (childrenPerParent.get(link.split('|')[0] as string) ?? 0) + 1);
    expect([...childrenPerParent.values()].some((count) => count >= 3)).toBe(true);
    expect(new Set(parents.map((parent) => parent.email)).size).toBe(parents.length);

    const liveStudentIds = new Set(students.map((user) => user.sourcedId));
    const studentEnrollments = source.enrollments.filter(
      (enrollment) => enrollment.status === 'active' && liveStudentIds.has(enrollment.userSourcedId),
    );
    expect(studentEnrollments.length / students.length).toBeCloseTo(6, 0);
    const perClass = new Map<string, number>();
    for (const enrollment of studentEnrollments)
      perClass.set(enrollment.classSourcedId, (perClass.get(enrollment.classSourcedId) ?? 0) + 1);
    const biggest = Math.max(...perClass.values());
    expect(biggest).toBeLessThanOrEqual(31);
    const teachersPerClass = new Map<string, number>();
    for (const enrollment of source.enrollments) {
      if (enrollment.role === 'teacher')
        teachersPerClass.set(enrollment.classSourcedId, (teachersPerClass.get(enrollment.classSourcedId) ?? 0) + 1);
    }
    expect([...teachersPerClass.values()].some((count) => count === 2)).toBe(true);
  });

  it('names campuses by level with codes, and gives every SIS user a campus', () => {
    const schools = clean.schools.filter((school) => school.live);
    expect(new Set(schools.map((school) => school.level))).toEqual(new Set(['elementary', 'middle', 'high']));
    for (const school of schools) expect(school.name).toMatch(/ (Elementary|Middle|High) School$/);
    expect(new Set(schools.map((school) => school.code)).size).toBe(clean.schools.length - 1);
    for (const user of source.users) expect(user.orgSourcedIds.length).toBeGreaterThan(0);
  });

  it('keeps sourcedIds and Bookmarked ids apart, and ids inside the district range', () => {
    const ids = [
      ...bookmarked.schools,
      ...bookmarked.users,
      ...bookmarked.classes,
      ...bookmarked.enrollments,
      ...bookmarked.guardianships,
      ...bookmarked.syncRuns,
      ...bookmarked.syncErrors,
    ].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toBeGreaterThan(CLEAN.districtId * ID_RANGE);
      expect(id).toBeLessThan((CLEAN.districtId + 1) * ID_RANGE);
    }
    for (const user of source.users) expect(user.sourcedId).toMatch(/^(stu|par|tch)-\d+$/);
    for (const enrollment of source.enrollments) expect(enrollment.sourcedId).not.toMatch(/^\d+$/);
  });
});

describe('generateDistrict options', () => {
  it('rejects options it cannot honour, saying which', () => {
    expect(() => generateDistrict({ ...CLEAN, districtId: 0 })).toThrow(InputError);
    expect(() => generateDistrict({ ...CLEAN, state: 'Texas' })).toThrow(/state must be a two-letter code/);
    expect(() => generateDistrict({ ...CLEAN, faults: { rate: 2 } })).toThrow(/rate must be between 0 and 1/);
    expect(() => generateDistrict({ ...CLEAN, schools: 3, faults: 'catalog' })).toThrow(/at least 2 elementary/);
  });

  it('plants about the asked share of random faults and counts what they cause', () => {
    const bench = generateDistrict({ ...CLEAN, students: 3000, faults: { rate: 0.02 } });
    const studentFaults = bench.benchFaults.filter(
      (fault) => fault.kind !== 'CLASS_NOT_IN_BOOKMARKED' && fault.kind !== 'TEACHER_MISMATCH',
    );
    expect(studentFaults.length).toBeGreaterThan(30);
    expect(studentFaults.length).toBeLessThan(90);
    const counted = Object.values(bench.expectedReportCounts).reduce((sum, count) => sum + count, 0);
    expect(counted).toBeGreaterThan(bench.benchFaults.length);
    expect(bench.plantedFaults).toEqual([]);
  });

  it('lets districts share one database: disjoint id ranges', () => {
    const other = generateDistrict({ ...CLEAN, districtId: CLEAN.districtId + 1 });
    const mine = new Set(clean.bookmarked.users.map((row) => row.id));
    expect(other.bookmarked.users.some((row) => mine.has(row.id))).toBe(false);
  });
});
