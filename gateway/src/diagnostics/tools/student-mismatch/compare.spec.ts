import { describe, expect, it } from 'vitest';
import type { DxParentWithLinks, DxStudent } from '../../roster-fragments';
import { kindsOf, parentWithLinks, student, studentInBoth, syncError } from '../../testing/shapes';
import { compareStudentMismatch, type StudentMismatchData } from './compare';

const EMAIL = 'Maria.Garcia@Gmail.com';
const own = studentInBoth({ sourcedId: 'stu-own', given: 'Lucas', family: 'Garcia' });
const stranger = studentInBoth({ sourcedId: 'stu-x', given: 'Ben', family: 'Okafor' });
const mateoHere = studentInBoth({ sourcedId: 'stu-m1', given: 'Mateo', family: 'Villaseñor' });
const mateoThere = studentInBoth({ sourcedId: 'stu-m2', given: 'Mateo', family: 'Villasenor' });

const sisParent = (students: DxStudent[], sourcedId = 'par-1', given = 'Maria') =>
  parentWithLinks('SOURCE', { sourcedId, given, family: 'Garcia', email: EMAIL, students });
const account = (students: Parameters<typeof parentWithLinks>[1]['students'], sourcedId: string | null = 'par-1') =>
  parentWithLinks('BOOKMARKED', { sourcedId, given: 'Maria', family: 'Garcia', email: EMAIL.toLowerCase(), students });

function run(options: {
  name: string;
  sourceParents?: DxParentWithLinks[];
  bookmarkedParents?: DxParentWithLinks[];
  named?: { source?: DxStudent[]; bookmarked?: DxStudent[] };
  counterparts?: Partial<StudentMismatchData['counterparts']>;
}) {
  return compareStudentMismatch({
    parentEmail: ` ${EMAIL} `,
    studentName: options.name,
    data: {
      sourceParents: options.sourceParents ?? [],
      bookmarkedParents: options.bookmarkedParents ?? [],
      namedStudents: { source: options.named?.source ?? [], bookmarked: options.named?.bookmarked ?? [] },
      counterparts: { parents: [], students: [], syncErrors: [], ...options.counterparts },
    },
  });
}

describe('compareStudentMismatch', () => {
  it('is INCONCLUSIVE when no parent has the email in either system', () => {
    expect(run({ name: 'Ben Okafor', named: { source: [stranger.source] } })).toMatchObject({
      status: 'INCONCLUSIVE',
      findings: [],
    });
  });

  it('is NO_ISSUE when both systems link the same students and neither links the named one (clean control)', () => {
    const verdict = run({
      name: 'Ben Okafor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked])],
      named: { source: [stranger.source], bookmarked: [stranger.bookmarked] },
    });
    expect(verdict).toMatchObject({ status: 'NO_ISSUE', findings: [] });
  });

  it('gives PHANTOM_PARENT_LINK for a Bookmarked-only link; an SIS-origin link is removed by support', () => {
    const verdict = run({
      name: 'Ben Okafor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked, stranger.bookmarked])],
    });
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(kindsOf(verdict)).toEqual(['PHANTOM_PARENT_LINK']);
    expect(verdict.findings[0]?.sourcedIds.sort()).toEqual(['par-1', 'stu-x']);
    expect(verdict.findings[0]?.remediation).toMatch(/Bookmarked support: remove the SIS-imported link/);
  });

  it('says who removes a link by how it was made: invitation and hand-made links differ from SIS ones', () => {
    const invite = run({
      name: 'Ben Okafor',
      bookmarkedParents: [account([{ student: stranger.bookmarked, origin: 'INVITE' }], null)],
    });
    expect(invite.findings[0]?.remediation).toMatch(/invitation code/);
    const manual = run({
      name: 'Ben Okafor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked, { student: stranger.bookmarked, origin: 'MANUAL' }])],
    });
    expect(manual.findings[0]?.remediation).toMatch(/hand-made link/);
  });

  it('gives one PHANTOM_PARENT_LINK per link of a parent who only joined by invitation (empty Ps)', () => {
    const verdict = run({
      name: 'Ben Okafor',
      bookmarkedParents: [
        account(
          [
            { student: stranger.bookmarked, origin: 'INVITE' },
            { student: own.bookmarked, origin: 'INVITE' },
          ],
          null,
        ),
      ],
    });
    expect(kindsOf(verdict)).toEqual(['PHANTOM_PARENT_LINK', 'PHANTOM_PARENT_LINK']);
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('gives PARENT_LINK_NOT_IN_BOOKMARKED for a SIS-only link, with IMPORT_REJECTED when the student was rejected', () => {
    const linkOnly = run({
      name: 'Ben Okafor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([])],
      named: { source: [stranger.source] },
    });
    expect(kindsOf(linkOnly)).toEqual(['PARENT_LINK_NOT_IN_BOOKMARKED']);
    expect(linkOnly.status).toBe('ISSUE_IN_BOOKMARKED');
    const rejected = run({
      name: 'Ben Okafor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([])],
      named: { source: [stranger.source] },
      counterparts: { syncErrors: [syncError({ sourcedId: 'stu-own', message: 'unknown agent' })] },
    });
    expect(kindsOf(rejected)).toEqual(['IMPORT_REJECTED', 'PARENT_LINK_NOT_IN_BOOKMARKED']);
  });

  it('gives IMPORT_REJECTED for a SIS parent Bookmarked lacks when the sync logged why', () => {
    const verdict = run({
      name: 'Lucas Garcia',
      sourceParents: [sisParent([own.source])],
      counterparts: { syncErrors: [syncError({ sourcedId: 'par-1', message: 'email already in use' })] },
    });
    expect(kindsOf(verdict)).toEqual(['IMPORT_REJECTED', 'PARENT_LINK_NOT_IN_BOOKMARKED']);
    // The named student is linked to the email in the SIS itself.
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it('is ISSUE_IN_SOURCE when the SIS itself links the named student, even with nothing else wrong', () => {
    const verdict = run({
      name: 'Lucas Garcia',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked])],
    });
    expect(verdict).toMatchObject({ status: 'ISSUE_IN_SOURCE', findings: [] });
    expect(verdict.remediation[0]).toMatch(/^District SIS admin: the SIS itself links/);
  });

  it('gives DUPLICATE_EMAIL_IN_SOURCE for two SIS parents with the email; the named student they link is ISSUE_IN_SOURCE', () => {
    const other = sisParent([stranger.source], 'par-2', 'Rosa');
    const verdict = run({
      name: 'Ben Okafor',
      sourceParents: [sisParent([own.source]), other],
      bookmarkedParents: [account([own.bookmarked]), account([stranger.bookmarked], 'par-2')],
    });
    expect(kindsOf(verdict)).toEqual(['DUPLICATE_EMAIL_IN_SOURCE']);
    expect(verdict.findings[0]?.sourcedIds).toEqual(['par-1', 'par-2', 'stu-own', 'stu-x']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it('keeps ISSUE_IN_SOURCE for the named student even when other links are Bookmarked faults', () => {
    const verdict = run({
      name: 'Lucas Garcia',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked, stranger.bookmarked])],
    });
    expect(kindsOf(verdict)).toEqual(['PHANTOM_PARENT_LINK']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it('resolves an ambiguous name that matches exactly one linked student', () => {
    const verdict = run({
      name: 'Mateo Villasenor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked, mateoThere.bookmarked])],
      named: { source: [mateoHere.source, mateoThere.source], bookmarked: [mateoHere.bookmarked, mateoThere.bookmarked] },
    });
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(kindsOf(verdict)).toEqual(['PHANTOM_PARENT_LINK']);
  });

  it('is INCONCLUSIVE, listing the candidates, when an ambiguous name matches nobody linked', () => {
    const verdict = run({
      name: 'Mateo Villaseñor',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked])],
      named: { source: [mateoHere.source, mateoThere.source], bookmarked: [mateoHere.bookmarked, mateoThere.bookmarked] },
    });
    expect(verdict).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
    expect(verdict.candidates?.map((c) => c.sourcedId)).toEqual(['stu-m1', 'stu-m2']);
    expect(verdict.summary).toContain('stu-m1');
  });

  it('is INCONCLUSIVE when the named student matches nobody, and lists who is linked', () => {
    const verdict = run({
      name: 'Nobody Atall',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked])],
    });
    expect(verdict.status).toBe('INCONCLUSIVE');
    expect(verdict.summary).toContain('Lucas Garcia');
  });

  it("matches the named student on either system's name", () => {
    const renamed = studentInBoth({ sourcedId: 'stu-r', given: 'Robert', family: 'Hale', bookmarked: { given: 'Bobby' } });
    const verdict = run({
      name: 'Bobby Hale',
      sourceParents: [sisParent([own.source])],
      bookmarkedParents: [account([own.bookmarked, renamed.bookmarked])],
    });
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(kindsOf(verdict)).toEqual(['PHANTOM_PARENT_LINK']);
  });

  it('treats a Bookmarked-linked student without a sourcedId as a phantom link', () => {
    const local = student('BOOKMARKED', { sourcedId: null, given: 'Local', family: 'Kid' });
    expect(
      kindsOf(
        run({
          name: 'Local Kid',
          sourceParents: [sisParent([own.source])],
          bookmarkedParents: [account([own.bookmarked, local])],
        }),
      ),
    ).toEqual(['PHANTOM_PARENT_LINK']);
  });
});
