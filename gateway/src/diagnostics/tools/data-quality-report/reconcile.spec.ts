import { describe, expect, it } from 'vitest';
import { type PersonHandle, RosterFixture } from '../../testing/roster-fixture';
import { readAhead, reconcileDistrict } from './reconcile';

/** A clean district: two campuses, a teacher and a class, Ana with her mother. */
function cleanDistrict() {
  const d = new RosterFixture();
  const lincoln = d.school({ sourcedId: 'org-1', name: 'Lincoln Elementary', code: '101' });
  const oak = d.school({ sourcedId: 'org-2', name: 'Oak Middle', code: '201' });
  const teacher = d.person({ role: 'teacher', sourcedId: 't-1', given: 'Tom', family: 'Reed', email: 'tom@isd.org' });
  d.member(teacher, lincoln);
  const math = d.klass({ sourcedId: 'cls-1', title: 'Math 5', school: lincoln });
  d.enroll(teacher, math, { sourcedId: 'e-t1', role: 'teacher' });
  const ana = d.person({
    role: 'student',
    sourcedId: 'stu-1',
    given: 'Ana',
    family: 'López',
    email: 'ana@isd.org',
    grade: '05',
    identifier: '1001',
  });
  d.member(ana, lincoln);
  d.enroll(ana, math, { sourcedId: 'e-1' });
  const maria = d.person({
    role: 'parent',
    sourcedId: 'par-1',
    given: 'María',
    family: 'López',
    email: 'maria@gmail.com',
    sourceRole: 'guardian',
  });
  d.member(maria, lincoln);
  d.link(maria, ana);
  return { d, lincoln, oak, teacher, math, ana, maria };
}

const reconcile = async (d: RosterFixture, findingsPerKind?: number) => {
  const readers = d.readers({ scanBatchSize: 2 });
  return reconcileDistrict({ source: readers.source.scan, bookmarked: readers.bookmarked.scan, findingsPerKind });
};

/** A student on both sides, enrolled in the class and at the campus. */
function addStudent(
  world: ReturnType<typeof cleanDistrict>,
  n: number,
  only: 'both' | 'source' | 'bookmarked' = 'both',
): PersonHandle {
  const { d, lincoln, math } = world;
  const kid = d.person({ role: 'student', sourcedId: `stu-x${n}`, given: `Kid${n}`, family: 'Test', grade: '05', only });
  d.member(kid, lincoln);
  d.enroll(kid, math, { sourcedId: `e-x${n}` });
  return kid;
}

describe('reconcileDistrict', () => {
  it('finds nothing in a clean district, and its sanity counts are zero', async () => {
    const result = await reconcile(cleanDistrict().d);
    expect(result.counts).toEqual({});
    expect(result.findingTotal).toBe(0);
    expect(result.findings).toEqual([]);
    for (const sanity of result.sanityCounts) {
      expect(sanity).toMatchObject({
        studentsWithoutEnrollments: 0,
        classesWithoutStudents: 0,
        classesWithoutTeachers: 0,
        enrollmentsWithUnknownClass: 0,
        enrollmentsWithUnknownUser: 0,
      });
    }
    expect(result.scanned).toContainEqual({ system: 'BOOKMARKED', record: 'people', count: 3 });
  });

  it('counts a student missing in Bookmarked with its enrollments, links and memberships (cascade)', async () => {
    const world = cleanDistrict();
    const kid = addStudent(world, 1, 'source');
    world.d.link(world.maria, kid);
    const result = await reconcile(world.d);
    expect(result.counts).toEqual({
      STUDENT_NOT_IN_BOOKMARKED: 1,
      PARENT_LINK_NOT_IN_BOOKMARKED: 1,
      ENROLLMENT_NOT_IN_BOOKMARKED: 1,
      SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: 1,
    });
    expect(result.findings.find((f) => f.kind === 'STUDENT_NOT_IN_BOOKMARKED')?.sourcedIds).toEqual(['stu-x1']);
    expect(result.findings.find((f) => f.kind === 'PARENT_LINK_NOT_IN_BOOKMARKED')?.sourcedIds).toEqual(['par-1', 'stu-x1']);
  });

  it('counts a Bookmarked student the SIS lacks with its live memberships, enrollments and SIS-made links; one without a sourcedId is not judged', async () => {
    const world = cleanDistrict();
    const kid = addStudent(world, 1, 'bookmarked');
    world.d.link(world.maria, kid);
    const local = world.d.person({ role: 'student', sourcedId: null, given: 'Local', family: 'Kid', only: 'bookmarked' });
    world.d.member(local, world.lincoln);
    const result = await reconcile(world.d);
    expect(result.counts).toEqual({
      STUDENT_NOT_IN_SOURCE: 1,
      PHANTOM_PARENT_LINK: 1,
      PHANTOM_ENROLLMENT: 1,
      STALE_SCHOOL_MEMBERSHIP: 1,
    });
  });

  it('counts a class missing in Bookmarked and the enrollments of its students and teachers, but no TEACHER_MISMATCH', async () => {
    const world = cleanDistrict();
    const art = world.d.klass({ sourcedId: 'cls-2', title: 'Art', school: world.lincoln, only: 'source' });
    world.d.enroll(world.teacher, art, { sourcedId: 'e-t2', role: 'teacher' });
    world.d.enroll(world.ana, art, { sourcedId: 'e-2' });
    const result = await reconcile(world.d);
    expect(result.counts).toEqual({ CLASS_NOT_IN_BOOKMARKED: 1, ENROLLMENT_NOT_IN_BOOKMARKED: 2 });
  });

  it('counts one TEACHER_MISMATCH per class live in both whose teachers differ, with the enrollments behind it', async () => {
    const world = cleanDistrict();
    const other = world.d.person({ role: 'teacher', sourcedId: 't-2', given: 'Una', family: 'Vale' });
    const art = world.d.klass({ sourcedId: 'cls-2', title: 'Art', school: world.lincoln });
    world.d.enroll(world.ana, art, { sourcedId: 'e-2' });
    world.d.enroll(world.teacher, art, { sourcedId: 'e-t2', role: 'teacher', only: 'source' });
    world.d.enroll(other, art, { sourcedId: 'e-t3', role: 'teacher', only: 'bookmarked' });
    // A second teacher enrolment of the same teacher and a hand-made teacher (no sourcedId) change nothing.
    const handMade = world.d.person({ role: 'teacher', sourcedId: null, given: 'Aide', family: 'Local', only: 'bookmarked' });
    world.d.enroll(handMade, world.math, { sourcedId: 'e-t9', role: 'teacher', only: 'bookmarked', bookmarkedSourcedId: null });
    const result = await reconcile(world.d);
    expect(result.counts).toEqual({ TEACHER_MISMATCH: 1, ENROLLMENT_NOT_IN_BOOKMARKED: 1, PHANTOM_ENROLLMENT: 1 });
    expect(result.findings.find((f) => f.kind === 'TEACHER_MISMATCH')?.sourcedIds.sort()).toEqual(['cls-2', 't-1', 't-2']);
  });

  it('counts only SIS-made Bookmarked links the SIS lacks as PHANTOM_PARENT_LINK', async () => {
    const world = cleanDistrict();
    const other = world.d.person({ role: 'student', sourcedId: 'stu-2', given: 'Ben', family: 'Okafor' });
    world.d.member(other, world.oak);
    const dad = world.d.person({ role: 'parent', sourcedId: 'par-2', given: 'Dan', family: 'Okafor', email: 'dan@x.com' });
    const invited = world.d.person({
      role: 'parent',
      sourcedId: null,
      given: 'Eve',
      family: 'Adams',
      email: 'eve@x.com',
      only: 'bookmarked',
    });
    world.d.link(world.maria, other, { only: 'bookmarked', origin: 'sis' });
    world.d.link(dad, world.ana, { only: 'bookmarked', origin: 'manual' });
    world.d.link(invited, other, { only: 'bookmarked', origin: 'invite' });
    // The same pair linked twice in Bookmarked (by the sync and by invitation) is one link, present.
    world.d.link(world.maria, world.ana, { only: 'bookmarked', origin: 'invite' });
    const result = await reconcile(world.d);
    expect(result.counts).toMatchObject({ PHANTOM_PARENT_LINK: 1, ENROLLMENT_NOT_IN_SOURCE: 1 });
    expect(result.counts.PARENT_LINK_NOT_IN_BOOKMARKED).toBeUndefined();
  });

  it('counts FIELD_MISMATCH once per paired student (five fields) or parent (names only), after normalisation', async () => {
    const world = cleanDistrict();
    const { d } = world;
    const regraded = d.person({
      role: 'student',
      sourcedId: 'stu-2',
      given: 'Ben',
      family: 'Okafor',
      grade: '06',
      identifier: '22',
      bookmarked: { grade: '05', identifier: '23' },
    });
    const accents = d.person({
      role: 'student',
      sourcedId: 'stu-3',
      given: 'Zoë',
      family: 'Peñaloza',
      email: 'Z@isd.org',
      bookmarked: { givenName: 'ZOE ', familyName: 'Penaloza', email: ' z@ISD.org' },
    });
    const renamedParent = d.person({
      role: 'parent',
      sourcedId: 'par-2',
      given: 'Guadalupe',
      family: 'Reyes',
      bookmarked: { givenName: 'Lupe' },
    });
    const otherEmail = d.person({
      role: 'parent',
      sourcedId: 'par-3',
      given: 'Ian',
      family: 'Cole',
      email: 'ian@a.com',
      bookmarked: { email: 'ian@b.com' },
    });
    for (const kid of [regraded, accents]) {
      d.member(kid, world.lincoln);
      d.enroll(kid, world.math, { sourcedId: `e-${kid.sourcedId}` });
    }
    void renamedParent;
    void otherEmail;
    const result = await reconcile(d);
    expect(result.counts).toEqual({ FIELD_MISMATCH: 2 });
    expect(result.findings.map((f) => f.sourcedIds[0]).sort()).toEqual(['par-2', 'stu-2']);
  });

  it('counts one DUPLICATE_EMAIL_IN_SOURCE per shared SIS parent email and one DUPLICATE_ACCOUNT_IN_BOOKMARKED per shared account email', async () => {
    const world = cleanDistrict();
    const { d } = world;
    d.person({ role: 'parent', sourcedId: 'par-2', given: 'Al', family: 'One', email: 'noemail@isd.org' });
    d.person({ role: 'parent', sourcedId: 'par-3', given: 'Bo', family: 'Two', email: ' NoEmail@isd.org' });
    d.person({ role: 'parent', sourcedId: 'par-4', given: 'Cy', family: 'Three', email: 'noemail@isd.org' });
    d.person({ role: 'parent', sourcedId: null, given: 'María', family: 'López', email: 'Maria@Gmail.com', only: 'bookmarked' });
    // A student sharing a parent's email is not a parent duplicate.
    d.person({
      role: 'student',
      sourcedId: 'stu-9',
      given: 'Sam',
      family: 'One',
      email: 'noemail@isd.org',
      bookmarked: { email: 'noemail@isd.org' },
    });
    const result = await reconcile(d);
    expect(result.counts).toMatchObject({ DUPLICATE_EMAIL_IN_SOURCE: 1, DUPLICATE_ACCOUNT_IN_BOOKMARKED: 2 });
    expect(result.findings.find((f) => f.kind === 'DUPLICATE_EMAIL_IN_SOURCE')?.sourcedIds.sort()).toEqual([
      'par-2',
      'par-3',
      'par-4',
    ]);
    expect(
      result.findings.find((f) => f.kind === 'DUPLICATE_ACCOUNT_IN_BOOKMARKED' && f.message.includes('gmail'))?.sourcedIds,
    ).toEqual(['par-1']);
  });

  it('counts one MERGED_ACCOUNT_IN_BOOKMARKED per account linked to students of two SIS parents sharing its email', async () => {
    const world = cleanDistrict();
    const { d } = world;
    const kidA = addStudent(world, 1);
    const kidB = addStudent(world, 2);
    const first = d.person({ role: 'parent', sourcedId: 'par-a', given: 'Al', family: 'Stone', email: 'home@x.com' });
    const second = d.person({
      role: 'parent',
      sourcedId: 'par-b',
      given: 'Bo',
      family: 'Marsh',
      email: 'HOME@x.com',
      only: 'source',
    });
    d.link(first, kidA);
    d.link(second, kidB);
    d.link(first, kidB, { only: 'bookmarked' });
    const result = await reconcile(d);
    expect(result.counts).toEqual({
      DUPLICATE_EMAIL_IN_SOURCE: 1,
      MERGED_ACCOUNT_IN_BOOKMARKED: 1,
      PARENT_LINK_NOT_IN_BOOKMARKED: 1,
      PHANTOM_PARENT_LINK: 1,
    });
    expect(result.findings.find((f) => f.kind === 'MERGED_ACCOUNT_IN_BOOKMARKED')?.sourcedIds).toEqual(
      expect.arrayContaining(['par-a', 'par-b']),
    );
  });

  it('counts one IMPORT_REJECTED per rejected record Bookmarked lacks, whatever the number of errors', async () => {
    const world = cleanDistrict();
    const { d } = world;
    addStudent(world, 1, 'source');
    d.syncError({ sourcedId: 'stu-x1', message: 'grade "5" is not a grade code' });
    d.syncError({ sourcedId: 'stu-x1', message: 'grade "5" is not a grade code (again)' });
    d.syncError({ sourcedId: 'stu-1', message: 'an old error of a student Bookmarked has now' });
    d.syncError({ sourcedId: 'cls-9', message: 'no such course', entityType: 'class' });
    d.syncError({ sourcedId: 'stu-1', message: 'guardian unknown', entityType: 'guardianship' });
    const result = await reconcile(d);
    expect(result.counts).toMatchObject({ IMPORT_REJECTED: 2, STUDENT_NOT_IN_BOOKMARKED: 1 });
    const rejected = result.findings.filter((f) => f.kind === 'IMPORT_REJECTED');
    expect(rejected.map((f) => f.sourcedIds[0]).sort()).toEqual(['cls-9', 'stu-x1']);
    expect(rejected.find((f) => f.sourcedIds[0] === 'stu-x1')?.message).toContain('(again)');
  });

  it('counts ENROLLMENT_NOT_IN_SOURCE per SIS student without a live enrollment (a sanity count too)', async () => {
    const world = cleanDistrict();
    const kid = world.d.person({ role: 'student', sourcedId: 'stu-2', given: 'Ben', family: 'Okafor' });
    world.d.member(kid, world.lincoln);
    const result = await reconcile(world.d);
    expect(result.counts).toEqual({ ENROLLMENT_NOT_IN_SOURCE: 1 });
    expect(result.sanityCounts.map((s) => s.studentsWithoutEnrollments)).toEqual([1, 1]);
  });

  it('matches a hand-made Bookmarked enrollment (no sourcedId) by class, user and role', async () => {
    const world = cleanDistrict();
    world.d.enroll(addStudent(world, 1), world.math, { sourcedId: 'e-y', only: 'bookmarked', bookmarkedSourcedId: null });
    const kid = world.d.person({ role: 'student', sourcedId: 'stu-5', given: 'Eva', family: 'Lind' });
    world.d.member(kid, world.lincoln);
    world.d.enroll(kid, world.math, { sourcedId: 'e-5', bookmarkedSourcedId: null });
    const result = await reconcile(world.d);
    expect(result.counts).toEqual({});
  });

  it('reports sanity counts of each system', async () => {
    const world = cleanDistrict();
    world.d.klass({ sourcedId: 'cls-empty', title: 'Empty', school: world.oak });
    const ghost = world.d.person({ role: 'student', sourcedId: 'stu-g', given: 'Gus', family: 'Ghost', only: 'bookmarked' });
    world.d.enroll(ghost, world.math, { sourcedId: 'e-g', only: 'bookmarked' });
    // The person disappears from the scan (as a user outside the district would).
    world.d.bookmarked.people = world.d.bookmarked.people.filter((p) => p.sourcedId !== 'stu-g');
    const result = await reconcile(world.d);
    const [source, bookmarked] = result.sanityCounts;
    expect(source).toMatchObject({ system: 'SOURCE', classesWithoutStudents: 1, classesWithoutTeachers: 1 });
    expect(bookmarked).toMatchObject({
      system: 'BOOKMARKED',
      classesWithoutStudents: 1,
      classesWithoutTeachers: 1,
      enrollmentsWithUnknownUser: 1,
    });
  });

  it('keeps at most findingsPerKind findings of a kind while counting all of them', async () => {
    const world = cleanDistrict();
    for (let n = 0; n < 30; n++) addStudent(world, n, 'source');
    const result = await reconcile(world.d, 5);
    expect(result.counts).toMatchObject({
      STUDENT_NOT_IN_BOOKMARKED: 30,
      ENROLLMENT_NOT_IN_BOOKMARKED: 30,
      SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: 30,
    });
    expect(result.findingTotal).toBe(90);
    expect(result.findings.filter((f) => f.kind === 'STUDENT_NOT_IN_BOOKMARKED')).toHaveLength(5);
    expect(result.findings).toHaveLength(15);
  });
});

describe('readAhead', () => {
  it('hands out every batch in order while the next one is already asked for', async () => {
    const asked: number[] = [];
    async function* source() {
      for (let i = 0; i < 3; i++) {
        asked.push(i);
        yield [i];
      }
    }
    const seen: number[][] = [];
    const askedWhenSeen: number[] = [];
    for await (const batch of readAhead(source())) {
      seen.push(batch);
      askedWhenSeen.push(asked.length);
    }
    expect(seen).toEqual([[0], [1], [2]]);
    // Batch i is handed out once batch i + 1 was asked for (while there is one).
    expect(askedWhenSeen).toEqual([2, 3, 3]);
  });

  it('passes a reader failure on', async () => {
    async function* failing() {
      yield [1];
      throw new Error('connection lost');
    }
    const consume = async () => {
      for await (const _ of readAhead(failing())) {
        // nothing
      }
    };
    await expect(consume()).rejects.toThrow('connection lost');
  });
});
