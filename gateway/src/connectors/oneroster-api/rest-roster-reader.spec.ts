import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameQuery } from '../../domain/names';
import type { NameQuery, RosterReader } from '../../domain/roster';
import type { OneRosterTestServer } from '../../testing/oneroster-server';
import { countHttpCalls } from './http-call-counter';
import { type ReaderKind, readerFor, startSampleServer } from './test-fixtures';

const name = (input: string): NameQuery => parseNameQuery(input) as NameQuery;

let server: OneRosterTestServer;
let exact: OneRosterTestServer;
beforeAll(async () => {
  server = await startSampleServer();
  exact = await startSampleServer({ collation: 'exact' });
});
afterAll(async () => {
  await server.close();
  await exact.close();
});

/** A single-student tool run: the student by name, parents, campuses, classes; optionally each class's teachers. */
async function studentLookup(reader: RosterReader, options: { teachers: boolean }) {
  const [student] = await reader.findPeople({ name: name('Ana Lopez'), roles: ['student'] });
  if (!student) throw new Error('student not found');
  const [links = []] = await reader.guardianLinksByStudentIds([student.id]);
  const parents = await reader.peopleByIds(links.map((link) => link.parentId));
  const [memberships = []] = await reader.membershipsByUserIds([student.id]);
  const schools = await reader.schoolsByIds(memberships.map((membership) => membership.schoolId));
  const [enrollments = []] = await reader.enrollmentsByUserIds([student.id]);
  const classes = await reader.classesByIds(enrollments.map((enrollment) => enrollment.classId));
  const result = {
    student: student.id,
    parents: parents.map((parent) => parent?.id),
    schools: schools.map((school) => school?.name),
    classes: classes.map((found) => found?.title),
    teachers: [] as (string | undefined)[],
  };
  if (options.teachers) {
    const rosters = await reader.enrollmentsByClassIds(enrollments.map((enrollment) => enrollment.classId));
    const teacherIds = rosters
      .flat()
      .filter((enrollment) => enrollment.role === 'teacher')
      .map((enrollment) => enrollment.userId);
    result.teachers = (await reader.peopleByIds(teacherIds)).map((teacher) => teacher?.id);
  }
  return result;
}

const CORE_CALLS = [
  "/users?filter=familyName='lopez' OR familyName='Lopez' OR familyName='LOPEZ'&limit=1000&offset=0",
  // Parents who list the student; the student's own agents were all among them, so no further call.
  "/users?filter=agents.sourcedId='u-stu1'&limit=1000&offset=0",
  '/schools?limit=1000&offset=0',
  "/enrollments?filter=user.sourcedId='u-stu1'&limit=1000&offset=0",
  // Whether the class of each live enrollment is live (one class here; several go in one OR filter).
  '/classes/cls1',
];
const TEACHER_CALLS = ["/enrollments?filter=class.sourcedId='cls1'&limit=1000&offset=0", '/users/u-tch1'];

describe('single-entity lookups cost a bounded number of calls', () => {
  it.each<[ReaderKind, boolean, string[]]>([
    ['rest-1.1-oauth1', false, CORE_CALLS],
    ['rest-1.1-oauth1', true, [...CORE_CALLS, ...TEACHER_CALLS]],
    // OAuth 2: one token request on top.
    ['rest-1.2-oauth2', false, ['/oauth/token', ...CORE_CALLS]],
  ])('%s (class teachers too: %s)', async (kind, teachers, expected) => {
    const reader = readerFor(server, kind);
    const { result, events } = await countHttpCalls(() => studentLookup(reader, { teachers }));
    expect(result).toEqual({
      student: 'u-stu1',
      parents: ['u-par1'],
      schools: ['North High'],
      classes: ['Algebra I - P1'],
      teachers: teachers ? ['u-tch1'] : [],
    });
    expect(events.map((event) => event.endpoint.replace(server.url, ''))).toEqual(expected);
    // Asked again within the cache lifetime: no call at all.
    expect((await countHttpCalls(() => studentLookup(reader, { teachers }))).calls).toBe(0);
  });
});

describe('cache', () => {
  it('reuses answers for the TTL, asks again after it, and refresh() forgets them at once', async () => {
    let clock = 0;
    const reader = readerFor(server, 'rest-1.1-oauth1', { now: () => clock, cacheTtlMs: 60_000 });
    const ask = () => countHttpCalls(() => reader.findPeople({ email: 'maria@example.com' }));
    expect((await ask()).calls).toBe(1);
    clock += 59_000;
    expect((await ask()).calls).toBe(0);
    clock += 2_000;
    expect((await ask()).calls).toBe(1);
    reader.refresh();
    expect((await ask()).calls).toBe(1);
  });

  it('shares one request between concurrent identical lookups', async () => {
    const reader = readerFor(server, 'rest-1.1-oauth1');
    const { calls } = await countHttpCalls(() => Promise.all([reader.peopleByIds(['u-stu1']), reader.peopleByIds(['u-stu1'])]));
    expect(calls).toBe(1);
  });

  it('after a scan, answers lookups from the district snapshot; refresh() drops it', async () => {
    const reader = readerFor(server, 'rest-1.2-oauth2');
    for await (const batch of reader.scan.people(['student'])) expect(batch.length).toBe(2);
    expect((await countHttpCalls(() => reader.findPeople({ name: name('Pedro Lopez') }))).calls).toBe(0);
    reader.refresh();
    const { result, calls } = await countHttpCalls(() => reader.findPeople({ name: name('Pedro Lopez') }));
    expect(result.map((person) => person.id)).toEqual(['u-par2']);
    expect(calls).toBe(1);
  });
});

describe('servers that compare filters exactly', () => {
  it('still find names and emails written with other capitals', async () => {
    const reader = readerFor(exact, 'rest-1.1-oauth1');
    expect((await reader.findPeople({ name: name('ANA LOPEZ') })).map((person) => person.id)).toEqual(['u-stu1']);
    expect((await reader.findPeople({ name: name('teach, tom') })).map((person) => person.id)).toEqual(['u-tch1']);
    // Stored as "MARIA@Example.com " (mixed case, trailing space): typed the same way, it is found by contains.
    expect((await reader.findPeople({ email: 'MARIA@Example.com' })).map((person) => person.id)).toEqual(['u-par1', 'u-par2']);
  });

  it('cannot match an accented name typed without accents (a known limit: the filter only narrows)', async () => {
    const reader = readerFor(exact, 'rest-1.1-oauth1');
    expect(await reader.findPeople({ name: name('Jose Lopez') })).toEqual([]);
    expect((await reader.findPeople({ name: name('José López') })).map((person) => person.id)).toEqual([]);
  });
});
