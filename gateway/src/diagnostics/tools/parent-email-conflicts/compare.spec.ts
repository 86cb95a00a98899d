import { describe, expect, it } from 'vitest';
import type { DxParentWithLinks, DxPerson, DxStudentWithLinks } from '../../roster-fragments';
import { kindsOf, parent, parentWithLinks, studentInBoth, studentWithParents, syncError } from '../../testing/shapes';
import { compareParentEmailConflicts, type ParentEmailConflictsData } from './compare';

const EMAIL = 'household@gmail.com';
const kidA = studentInBoth({ sourcedId: 'stu-a', given: 'Ava', family: 'Stone' });
const kidB = studentInBoth({ sourcedId: 'stu-b', given: 'Ben', family: 'Marsh' });
const momA = parentWithLinks('SOURCE', {
  sourcedId: 'par-a',
  given: 'Alice',
  family: 'Stone',
  email: EMAIL,
  students: [kidA.source],
});
const dadB = parentWithLinks('SOURCE', {
  sourcedId: 'par-b',
  given: 'Bob',
  family: 'Marsh',
  email: 'HOUSEHOLD@gmail.com ',
  students: [kidB.source],
});

function run(options: {
  email?: string;
  source?: DxParentWithLinks[];
  bookmarked?: DxParentWithLinks[];
  sourceStudents?: DxStudentWithLinks[];
  sourceAccounts?: DxPerson[];
  bookmarkedParents?: DxPerson[];
  syncErrors?: ParentEmailConflictsData['counterparts']['syncErrors'];
}) {
  return compareParentEmailConflicts({
    parentEmail: options.email ?? EMAIL,
    data: {
      sourceParents: options.source ?? [],
      bookmarkedParents: options.bookmarked ?? [],
      counterparts: {
        sourceStudents: options.sourceStudents ?? [],
        sourceAccounts: options.sourceAccounts ?? [],
        bookmarkedParents: options.bookmarkedParents ?? [],
        syncErrors: options.syncErrors ?? [],
      },
    },
  });
}

const accountOf = (
  p: DxPerson,
  students: (typeof kidA.bookmarked)[],
  overrides: Partial<Parameters<typeof parentWithLinks>[1]> = {},
) =>
  parentWithLinks('BOOKMARKED', {
    sourcedId: p.sourcedId,
    given: p.givenName,
    family: p.familyName,
    email: p.email,
    students,
    ...overrides,
  });
const withSisParents = (kid: typeof kidA, parents: DxPerson[]) =>
  studentWithParents('SOURCE', {
    sourcedId: kid.source.sourcedId,
    given: kid.source.givenName,
    family: kid.source.familyName,
    parents,
  });

describe('compareParentEmailConflicts', () => {
  it('is INCONCLUSIVE when the email is in neither system', () => {
    expect(run({ email: 'nobody@example.com' })).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
  });

  it('is NO_ISSUE for one parent mirrored by one account, names equal after normalisation (clean control)', () => {
    const verdict = run({
      email: ` ${EMAIL.toUpperCase()} `,
      source: [momA],
      bookmarked: [accountOf(momA, [kidA.bookmarked], { given: 'ALICE ' })],
      sourceStudents: [withSisParents(kidA, [momA])],
    });
    expect(verdict).toMatchObject({ status: 'NO_ISSUE', findings: [] });
  });

  it('gives one DUPLICATE_EMAIL_IN_SOURCE listing every SIS parent, and one DUPLICATE_ACCOUNT_IN_BOOKMARKED listing every account', () => {
    const invited = parentWithLinks('BOOKMARKED', { sourcedId: null, given: 'Bob', family: 'Marsh', email: EMAIL, students: [] });
    const verdict = run({
      source: [momA, dadB],
      bookmarked: [accountOf(momA, [kidA.bookmarked]), accountOf(dadB, [kidB.bookmarked]), invited],
      sourceStudents: [withSisParents(kidA, [momA]), withSisParents(kidB, [dadB])],
    });
    expect(kindsOf(verdict)).toEqual(['DUPLICATE_ACCOUNT_IN_BOOKMARKED', 'DUPLICATE_EMAIL_IN_SOURCE']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
    const accounts = verdict.findings.find((f) => f.kind === 'DUPLICATE_ACCOUNT_IN_BOOKMARKED');
    expect(accounts?.sourcedIds).toEqual(['par-a', 'par-b']);
    expect(accounts?.message).toContain(`account ${invited.id}`);
    expect(verdict.findings.find((f) => f.kind === 'DUPLICATE_EMAIL_IN_SOURCE')?.sourcedIds).toEqual(['par-a', 'par-b']);
  });

  it('gives DUPLICATE_ACCOUNT_IN_BOOKMARKED alone (ISSUE_IN_BOOKMARKED) for an invitation account beside the SIS one', () => {
    const invited = parentWithLinks('BOOKMARKED', {
      sourcedId: null,
      given: 'Alice',
      family: 'Stone',
      email: 'Household@gmail.com',
      students: [{ student: kidA.bookmarked, origin: 'INVITE' }],
    });
    const verdict = run({
      source: [momA],
      bookmarked: [accountOf(momA, [kidA.bookmarked]), invited],
      sourceStudents: [withSisParents(kidA, [momA])],
    });
    expect(kindsOf(verdict)).toEqual(['DUPLICATE_ACCOUNT_IN_BOOKMARKED']);
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('gives MERGED_ACCOUNT_IN_BOOKMARKED once per account linked to students of two different SIS parents with the email', () => {
    const merged = accountOf(momA, [kidA.bookmarked, kidB.bookmarked]);
    const verdict = run({
      source: [momA, dadB],
      bookmarked: [merged],
      sourceStudents: [
        withSisParents(kidA, [momA]),
        withSisParents(kidB, [
          dadB,
          parent('SOURCE', { sourcedId: 'par-c', given: 'Cy', family: 'Marsh', email: 'cy@example.com' }),
        ]),
      ],
    });
    expect(kindsOf(verdict)).toEqual(['DUPLICATE_EMAIL_IN_SOURCE', 'MERGED_ACCOUNT_IN_BOOKMARKED']);
    expect(verdict.findings.find((f) => f.kind === 'MERGED_ACCOUNT_IN_BOOKMARKED')?.sourcedIds).toEqual(
      expect.arrayContaining(['par-a', 'par-b']),
    );
    expect(verdict.findings.find((f) => f.kind === 'MERGED_ACCOUNT_IN_BOOKMARKED')?.sourcedIds).not.toContain('par-c');
  });

  it("gives FIELD_MISMATCH when an account's SIS parent (by sourcedId) has another given or family name", () => {
    const lupe = parentWithLinks('SOURCE', {
      sourcedId: 'par-g',
      given: 'Guadalupe',
      family: 'Reyes',
      email: EMAIL,
      students: [kidA.source],
    });
    const verdict = run({
      source: [lupe],
      bookmarked: [accountOf(lupe, [kidA.bookmarked], { given: 'Lupe' })],
      sourceStudents: [withSisParents(kidA, [lupe])],
    });
    expect(kindsOf(verdict)).toEqual(['FIELD_MISMATCH']);
    expect(verdict.findings[0]).toMatchObject({ system: 'BOOKMARKED', sourcedIds: ['par-g'] });
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('finds the SIS record of an account whose SIS email differs, for FIELD_MISMATCH', () => {
    const sisRecord = parent('SOURCE', { sourcedId: 'par-z', given: 'Zed', family: 'Nash', email: 'zed@work.com' });
    const account = parentWithLinks('BOOKMARKED', {
      sourcedId: 'par-z',
      given: 'Zedd',
      family: 'Nash',
      email: EMAIL,
      students: [],
    });
    expect(kindsOf(run({ bookmarked: [account], sourceAccounts: [sisRecord] }))).toEqual(['FIELD_MISMATCH']);
  });

  it('gives IMPORT_REJECTED for a SIS parent Bookmarked lacks when the sync logged why', () => {
    const verdict = run({
      source: [momA],
      bookmarked: [],
      syncErrors: [syncError({ sourcedId: 'par-a', message: 'email already in use' })],
    });
    expect(kindsOf(verdict)).toEqual(['IMPORT_REJECTED']);
    expect(
      run({
        source: [momA],
        bookmarked: [],
        bookmarkedParents: [parent('BOOKMARKED', { sourcedId: 'par-a', given: 'Alice', family: 'Stone' })],
        syncErrors: [syncError({ sourcedId: 'par-a', message: 'old' })],
      }).findings,
    ).toEqual([]);
  });
});
