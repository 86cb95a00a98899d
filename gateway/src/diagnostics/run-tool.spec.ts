import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../errors';
import { toolByName } from './registry';
import { runDiagnosticTool } from './run-tool';
import { FAKE_DISTRICT, fakeContext } from './testing/fake-context';
import { schema } from './testing/gateway-schema';
import { RosterFixture } from './testing/roster-fixture';
import { kindsOf } from './testing/shapes';

/**
 * Tools end to end in-process: the input schema, the documents against the real gateway
 * schema (in-memory readers underneath), the comparator, the evidence and the history write.
 */
function district() {
  const d = new RosterFixture();
  const lincoln = d.school({ sourcedId: 'org-1', name: 'Lincoln Elementary', code: '101' });
  const oak = d.school({ sourcedId: 'org-2', name: 'Oak Elementary', code: '102' });
  const teacher = d.person({ role: 'teacher', sourcedId: 't-1', given: 'Tom', family: 'Reed' });
  const math = d.klass({ sourcedId: 'cls-1', title: 'Math 5', school: lincoln });
  const art = d.klass({ sourcedId: 'cls-2', title: 'Art 5', school: lincoln, only: 'source' });
  const oakMath = d.klass({ sourcedId: 'cls-3', title: 'Math 5 (Oak)', school: oak });
  d.enroll(teacher, math, { sourcedId: 'e-t1', role: 'teacher' });
  d.enroll(teacher, art, { sourcedId: 'e-t2', role: 'teacher' });
  d.enroll(teacher, oakMath, { sourcedId: 'e-t3', role: 'teacher' });
  // Ana: renamed in Bookmarked, missing her art class there (the sync rejected it).
  const ana = d.person({
    role: 'student',
    sourcedId: 'stu-1',
    given: 'Ana',
    family: 'López',
    grade: '05',
    identifier: '1001',
    bookmarked: { givenName: 'Anita' },
  });
  d.member(ana, lincoln);
  d.enroll(ana, math, { sourcedId: 'e-1' });
  d.enroll(ana, art, { sourcedId: 'e-2' });
  d.syncError({ sourcedId: 'cls-2', entityType: 'class', message: 'course unknown' });
  const maria = d.person({ role: 'parent', sourcedId: 'par-1', given: 'María', family: 'López', email: 'maria@gmail.com' });
  d.link(maria, ana);
  // Ben moved from Lincoln to Oak in the SIS; Bookmarked kept Lincoln and his old math enrollment.
  const ben = d.person({ role: 'student', sourcedId: 'stu-2', given: 'Ben', family: 'Okafor', grade: '05' });
  d.member(ben, oak);
  d.member(ben, lincoln, { only: 'bookmarked' });
  d.enroll(ben, oakMath, { sourcedId: 'e-3' });
  d.enroll(ben, math, { sourcedId: 'e-4', only: 'bookmarked' });
  // An invited parent linked to Ben by invitation.
  const eve = d.person({
    role: 'parent',
    sourcedId: null,
    given: 'Eve',
    family: 'Adams',
    email: 'eve@x.com',
    only: 'bookmarked',
  });
  d.link(eve, ben, { only: 'bookmarked', origin: 'invite' });
  return d;
}

async function run(tool: string, input: Record<string, unknown>, options: { failHistory?: boolean } = {}) {
  const { context, appDatabase, views } = fakeContext({ readers: district().readers() });
  appDatabase.fail = options.failHistory ?? false;
  const found = toolByName(tool);
  if (!found) throw new Error(`no tool ${tool}`);
  const result = await runDiagnosticTool({
    tool: found,
    input: { districtId: FAKE_DISTRICT.id, environment: 'staging', ...input },
    context,
    schema,
  });
  return { result, appDatabase, views };
}

describe('runDiagnosticTool', () => {
  it('runs Student Search: the counterpart document pairs a renamed student, and the run keeps both documents as evidence', async () => {
    const { result, appDatabase, views } = await run('studentSearch', { query: 'Ana Lopez', ticketId: ' 123 ' });
    expect(result.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(kindsOf(result)).toEqual(['FIELD_MISMATCH']);
    expect(result.evidence.queries.map((q) => q.operationName)).toEqual(['StudentSearch', 'StudentSearchCounterparts']);
    expect(result.evidence.queries[1]?.variables).toMatchObject({
      districtId: '4242',
      environment: 'STAGING',
      missingInBookmarked: ['stu-1'],
    });
    expect(JSON.stringify(result.evidence.queries[1]?.bookmarked)).toContain('Anita');
    expect(result.evidence.queries[0]?.document).toContain('fragment DxStudent on Student');
    expect(result).toMatchObject({
      id: '1',
      recorded: true,
      ticketId: '123',
      districtId: '4242',
      environment: 'staging',
      actor: { id: '7', name: 'spec-runner' },
    });
    expect(result.counts).toEqual({ FIELD_MISMATCH: 1 });
    expect(appDatabase.inserts).toHaveLength(1);
    expect(appDatabase.inserts[0]?.params).toEqual(
      expect.arrayContaining(['tool', 'studentSearch', 'ISSUE_IN_BOOKMARKED', '4242', 'staging', '123', 'spec-runner', '7']),
    );
    // Every document of the run went through the same request views, hence the same DataLoaders.
    expect(Object.keys(views).sort()).toEqual(['BOOKMARKED:staging:4242', 'SOURCE:staging:4242']);
  });

  it('runs the Missing Data Finder through its four documents, with the sync error of the class', async () => {
    const { result } = await run('missingData', { studentName: 'Lopez, Ana', school: '101' });
    expect(kindsOf(result)).toEqual(['CLASS_NOT_IN_BOOKMARKED', 'ENROLLMENT_NOT_IN_BOOKMARKED', 'IMPORT_REJECTED']);
    expect(result.evidence.queries.map((q) => q.operationName)).toEqual([
      'MissingDataCandidates',
      'MissingDataCounterparts',
      'MissingDataStudent',
      'MissingDataClasses',
    ]);
  });

  it('runs the Student Mismatch Resolver for an invited parent', async () => {
    const { result } = await run('studentMismatch', { parentEmail: 'EVE@x.com', studentName: 'Ben Okafor' });
    expect(result.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(kindsOf(result)).toEqual(['PHANTOM_PARENT_LINK']);
    expect(result.remediation[0]).toMatch(/invitation code/);
  });

  it('runs Parent Email Conflicts', async () => {
    const { result } = await run('parentEmailConflicts', { parentEmail: 'maria@gmail.com' });
    expect(result).toMatchObject({ status: 'NO_ISSUE', findings: [] });
  });

  it('runs the Campus Transfer Validator', async () => {
    const { result } = await run('campusTransfer', {
      studentName: 'Ben Okafor',
      oldCampus: 'Lincoln Elementary',
      newCampus: '102',
    });
    expect(kindsOf(result)).toEqual(['PHANTOM_ENROLLMENT', 'STALE_SCHOOL_MEMBERSHIP']);
  });

  it('runs the Data Quality Report over whole-district scans, without documents', async () => {
    const { result } = await run('dataQualityReport', {});
    expect(result.counts).toEqual({
      FIELD_MISMATCH: 1,
      CLASS_NOT_IN_BOOKMARKED: 1,
      ENROLLMENT_NOT_IN_BOOKMARKED: 2,
      IMPORT_REJECTED: 1,
      PHANTOM_ENROLLMENT: 1,
      STALE_SCHOOL_MEMBERSHIP: 1,
    });
    expect(result.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(result.evidence.queries).toEqual([]);
    expect(result.evidence.scanned.length).toBeGreaterThan(0);
    expect(result.sanityCounts).toHaveLength(2);
  });

  it('returns the answer, unrecorded, when the run history cannot be written', async () => {
    const { result } = await run('studentSearch', { query: 'Ben Okafor' }, { failHistory: true });
    expect(result.recorded).toBe(false);
    expect(result.id).toMatch(/^unrecorded-/);
    expect(kindsOf(result)).toEqual(['STALE_SCHOOL_MEMBERSHIP']);
  });

  it('refuses invalid input and unknown districts with errors that say what was expected', async () => {
    await expect(run('studentSearch', { query: '   ' })).rejects.toThrow(InputError);
    await expect(run('studentSearch', { query: '   ' })).rejects.toThrow(/StudentSearchInput: query: query is empty/);
    const { context } = fakeContext({ readers: district().readers() });
    const tool = toolByName('studentSearch');
    if (!tool) throw new Error('no tool');
    await expect(
      runDiagnosticTool({ tool, input: { districtId: '1', environment: 'staging', query: 'x' }, context, schema }),
    ).rejects.toThrow(NotFoundError);
  });
});
