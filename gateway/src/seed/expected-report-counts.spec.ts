import { describe, expect, it } from 'vitest';
import type { BookmarkedRows, FindingCounts, FindingKind, SourceRoster, SourceUser } from './district-model';
import { computeExpectedReportCounts } from './expected-report-counts';

/**
 * A hand-made district: one campus, one class taught by tch-1, student stu-1 with parent par-1
 * (linked from the student side only), mirrored exactly into Bookmarked.
 */
function tinyDistrict(): { source: SourceRoster; bookmarked: BookmarkedRows } {
  const user = (sourcedId: string, role: SourceUser['role'], extra: Partial<SourceUser> = {}): SourceUser => ({
    sourcedId,
    status: 'active',
    role,
    givenName: 'Ana',
    familyName: `López-${sourcedId}`,
    middleName: null,
    identifier: role === 'student' ? '1000001' : null,
    email: `${sourcedId}@example.org`,
    username: sourcedId,
    phone: null,
    grade: role === 'student' ? '05' : null,
    orgSourcedIds: ['sch-1'],
    agentSourcedIds: [],
    ...extra,
  });
  const enrollment = (sourcedId: string, userSourcedId: string, role: 'student' | 'teacher') => ({
    sourcedId,
    status: 'active' as const,
    classSourcedId: 'cls-1',
    schoolSourcedId: 'sch-1',
    userSourcedId,
    role,
    primary: role === 'teacher',
    beginDate: '2025-08-13',
    endDate: '2026-05-29',
  });
  const row = (id: number, sourcedId: string, role: 'student' | 'parent' | 'teacher') => ({
    id,
    districtId: 7,
    role,
    sourcedId,
    identifier: role === 'student' ? '1000001' : null,
    givenName: 'Ana',
    familyName: `López-${sourcedId}`,
    email: `${sourcedId}@example.org`,
    grade: role === 'student' ? '05' : null,
    deletedAt: null as string | null,
  });
  return {
    source: {
      version: '1.1',
      orgs: [
        { sourcedId: 'dst-1', status: 'active', name: 'District', type: 'district', identifier: null, parentSourcedId: null },
        {
          sourcedId: 'sch-1',
          status: 'active',
          name: 'Oak Elementary School',
          type: 'school',
          identifier: '1001',
          parentSourcedId: 'dst-1',
        },
      ],
      academicSessions: [],
      courses: [],
      classes: [
        {
          sourcedId: 'cls-1',
          status: 'active',
          title: 'Math',
          classCode: 'MATH05-01',
          classType: 'scheduled',
          location: 'Room 1',
          courseSourcedId: 'crs-1',
          schoolSourcedId: 'sch-1',
          termSourcedIds: [],
          grades: ['05'],
          subjects: ['Math'],
          periods: ['1'],
        },
      ],
      users: [user('tch-1', 'teacher'), user('stu-1', 'student', { agentSourcedIds: ['par-1'] }), user('par-1', 'parent')],
      enrollments: [enrollment('enr-1', 'tch-1', 'teacher'), enrollment('enr-2', 'stu-1', 'student')],
    },
    bookmarked: {
      district: { id: 7, name: 'District', state: 'TX', sisProvider: 'oneroster' },
      schools: [{ id: 1, districtId: 7, sourcedId: 'sch-1', name: 'Oak Elementary School', schoolCode: '1001', deletedAt: null }],
      users: [row(20, 'tch-1', 'teacher'), row(21, 'stu-1', 'student'), row(22, 'par-1', 'parent')],
      userSchools: [20, 21, 22].map((userId) => ({ userId, schoolId: 1, deletedAt: null as string | null })),
      guardianships: [{ id: 30, parentId: 22, studentId: 21, origin: 'sis', deletedAt: null }],
      classes: [{ id: 10, schoolId: 1, sourcedId: 'cls-1', title: 'Math', classCode: 'MATH05-01', deletedAt: null }],
      enrollments: [
        { id: 40, classId: 10, userId: 20, role: 'teacher', sourcedId: 'enr-1', beginDate: null, endDate: null, deletedAt: null },
        { id: 41, classId: 10, userId: 21, role: 'student', sourcedId: 'enr-2', beginDate: null, endDate: null, deletedAt: null },
      ],
      syncRuns: [
        {
          id: 50,
          districtId: 7,
          source: 'oneroster-csv',
          status: 'partial',
          startedAt: '2026-02-01T02:00:00Z',
          finishedAt: null,
        },
      ],
      syncErrors: [],
    },
  };
}

/** Only the non-zero counts, so an expectation lists exactly what must be found. */
function found(counts: FindingCounts): Partial<Record<FindingKind, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}

function count(district: ReturnType<typeof tinyDistrict>) {
  return found(computeExpectedReportCounts(district));
}

const DELETED = '2025-10-01T00:00:00Z';

describe('computeExpectedReportCounts', () => {
  it('finds nothing in an exact mirror', () => {
    expect(count(tinyDistrict())).toEqual({});
  });

  it('counts a student missing in Bookmarked with its enrollment, link and membership', () => {
    const district = tinyDistrict();
    const b = district.bookmarked;
    b.users = b.users.filter((row) => row.id !== 21);
    b.userSchools = b.userSchools.filter((row) => row.userId !== 21);
    b.guardianships = [];
    b.enrollments = b.enrollments.filter((row) => row.userId !== 21);
    expect(count(district)).toEqual({
      STUDENT_NOT_IN_BOOKMARKED: 1,
      ENROLLMENT_NOT_IN_BOOKMARKED: 1,
      PARENT_LINK_NOT_IN_BOOKMARKED: 1,
      SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: 1,
    });
  });

  it('treats rows of a soft-deleted student as gone even without their own deleted_at', () => {
    const district = tinyDistrict();
    (district.bookmarked.users[1] as { deletedAt: string | null }).deletedAt = DELETED;
    expect(count(district)).toEqual({
      STUDENT_NOT_IN_BOOKMARKED: 1,
      ENROLLMENT_NOT_IN_BOOKMARKED: 1,
      PARENT_LINK_NOT_IN_BOOKMARKED: 1,
      SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: 1,
    });
  });

  it('counts a student the SIS marks tobedeleted but Bookmarked keeps, with what hangs off it', () => {
    const district = tinyDistrict();
    (district.source.users[1] as SourceUser).status = 'tobedeleted';
    expect(count(district)).toEqual({
      STUDENT_NOT_IN_SOURCE: 1,
      PHANTOM_ENROLLMENT: 1,
      PHANTOM_PARENT_LINK: 1,
      STALE_SCHOOL_MEMBERSHIP: 1,
    });
  });

  it('reads a link from either side, and ignores one to a user who is not live', () => {
    const district = tinyDistrict();
    const [, student, parent] = district.source.users as [SourceUser, SourceUser, SourceUser];
    student.agentSourcedIds = [];
    parent.agentSourcedIds = ['stu-1'];
    expect(count(district)).toEqual({});
    parent.status = 'tobedeleted';
    expect(count(district)).toMatchObject({ PHANTOM_PARENT_LINK: 1 });
  });

  it('judges only sis links as phantom; invite and manual links are left to the Student Mismatch Resolver', () => {
    const district = tinyDistrict();
    district.source.users[1] = { ...(district.source.users[1] as SourceUser), agentSourcedIds: [] };
    expect(count(district)).toEqual({ PHANTOM_PARENT_LINK: 1 });
    (district.bookmarked.guardianships[0] as { origin: string }).origin = 'manual';
    expect(count(district)).toEqual({});
    district.bookmarked.users.push({
      ...(district.bookmarked.users[2] as BookmarkedRows['users'][number]),
      id: 23,
      sourcedId: null,
      email: 'other@example.org',
    });
    district.bookmarked.guardianships.push({ id: 31, parentId: 23, studentId: 21, origin: 'invite', deletedAt: null });
    expect(count(district)).toEqual({});
  });

  it('counts a class missing in Bookmarked and each enrollment in it, but no teacher mismatch', () => {
    const district = tinyDistrict();
    district.bookmarked.classes = [];
    district.bookmarked.enrollments = [];
    expect(count(district)).toEqual({ CLASS_NOT_IN_BOOKMARKED: 1, ENROLLMENT_NOT_IN_BOOKMARKED: 2 });
  });

  it('counts a teacher mismatch once per class, with the enrollments behind it', () => {
    const district = tinyDistrict();
    district.source.users.push({ ...(district.source.users[0] as SourceUser), sourcedId: 'tch-2', email: 'tch-2@example.org' });
    district.bookmarked.users.push({
      ...(district.bookmarked.users[0] as BookmarkedRows['users'][number]),
      id: 24,
      sourcedId: 'tch-2',
      email: 'tch-2@example.org',
    });
    district.bookmarked.userSchools.push({ userId: 24, schoolId: 1, deletedAt: null });
    (district.bookmarked.enrollments[0] as { userId: number; sourcedId: string | null }).userId = 24;
    (district.bookmarked.enrollments[0] as { userId: number; sourcedId: string | null }).sourcedId = 'enr-9';
    expect(count(district)).toEqual({ TEACHER_MISMATCH: 1, ENROLLMENT_NOT_IN_BOOKMARKED: 1, PHANTOM_ENROLLMENT: 1 });
  });

  it('counts a live student without a live enrollment in the SIS', () => {
    const district = tinyDistrict();
    (district.source.enrollments[1] as { status: string }).status = 'tobedeleted';
    (district.bookmarked.enrollments[1] as { deletedAt: string | null }).deletedAt = DELETED;
    expect(count(district)).toEqual({ ENROLLMENT_NOT_IN_SOURCE: 1 });
  });

  it('compares fields after normalisation: accents, case and spacing are not mismatches', () => {
    const district = tinyDistrict();
    const student = district.bookmarked.users[1] as BookmarkedRows['users'][number];
    student.givenName = 'ANA';
    student.familyName = ' lopez-stu-1 ';
    student.email = 'STU-1@example.org ';
    expect(count(district)).toEqual({});
    student.grade = '04';
    expect(count(district)).toEqual({ FIELD_MISMATCH: 1 });
    student.identifier = '999';
    expect(count(district)).toEqual({ FIELD_MISMATCH: 1 });
    (district.bookmarked.users[2] as { givenName: string }).givenName = 'Anita';
    (district.bookmarked.users[0] as { givenName: string }).givenName = 'Teacher names are not compared';
    expect(count(district)).toEqual({ FIELD_MISMATCH: 2 });
  });

  it('counts duplicate emails once per email on each side, and merged accounts once per account', () => {
    const district = tinyDistrict();
    // A second family: par-2 and stu-2 share nothing with par-1 but the email.
    district.source.users.push(
      { ...(district.source.users[2] as SourceUser), sourcedId: 'par-2', email: 'PAR-1@example.org' },
      {
        ...(district.source.users[1] as SourceUser),
        sourcedId: 'stu-2',
        identifier: '1000002',
        email: 'stu-2@example.org',
        agentSourcedIds: ['par-2'],
      },
    );
    district.bookmarked.users.push({
      ...(district.bookmarked.users[1] as BookmarkedRows['users'][number]),
      id: 25,
      sourcedId: 'stu-2',
      identifier: '1000002',
      email: 'stu-2@example.org',
    });
    district.bookmarked.userSchools.push({ userId: 25, schoolId: 1, deletedAt: null });
    district.source.enrollments.push({
      ...(district.source.enrollments[1] as SourceRoster['enrollments'][number]),
      sourcedId: 'enr-3',
      userSourcedId: 'stu-2',
    });
    district.bookmarked.enrollments.push({
      id: 42,
      classId: 10,
      userId: 25,
      role: 'student',
      sourcedId: 'enr-3',
      beginDate: null,
      endDate: null,
      deletedAt: null,
    });
    // Bookmarked merged par-2 into par-1's account.
    district.bookmarked.guardianships.push({ id: 32, parentId: 22, studentId: 25, origin: 'sis', deletedAt: null });
    expect(count(district)).toEqual({
      DUPLICATE_EMAIL_IN_SOURCE: 1,
      MERGED_ACCOUNT_IN_BOOKMARKED: 1,
      PHANTOM_PARENT_LINK: 1,
      PARENT_LINK_NOT_IN_BOOKMARKED: 1,
      SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: 1,
    });
    // A second live account for par-1's email: a duplicate account, not a second merge.
    district.bookmarked.users.push({
      ...(district.bookmarked.users[2] as BookmarkedRows['users'][number]),
      id: 26,
      sourcedId: null,
      email: ' Par-1@Example.org',
    });
    expect(count(district)).toMatchObject({ DUPLICATE_ACCOUNT_IN_BOOKMARKED: 1, MERGED_ACCOUNT_IN_BOOKMARKED: 1 });
  });

  it("counts each rejected record Bookmarked lacks once, and only in this district's runs", () => {
    const district = tinyDistrict();
    const b = district.bookmarked;
    b.enrollments = b.enrollments.filter((row) => row.sourcedId !== 'enr-2');
    const error = (id: number, sourcedId: string, syncRunId = 50) => ({
      id,
      syncRunId,
      entityType: 'enrollment' as const,
      sourcedId,
      message: 'rejected',
      createdAt: '2026-02-01T02:05:00Z',
    });
    b.syncErrors.push(error(60, 'enr-2'), error(61, 'enr-2'), error(62, 'enr-1'));
    expect(count(district)).toEqual({ ENROLLMENT_NOT_IN_BOOKMARKED: 1, IMPORT_REJECTED: 1 });
    b.syncRuns.push({
      id: 51,
      districtId: 8,
      source: 'oneroster-csv',
      status: 'partial',
      startedAt: '2026-02-01T02:00:00Z',
      finishedAt: null,
    });
    b.syncErrors = [error(63, 'enr-2', 51)];
    expect(count(district)).toEqual({ ENROLLMENT_NOT_IN_BOOKMARKED: 1 });
  });
});
