import { describe, expect, it } from 'vitest';
import { countByKind, FINDING_KINDS, finding, orderFindings, statusFromFindings, systemOfKind } from './findings';

const make = (kind: (typeof FINDING_KINDS)[number]) =>
  finding({ kind, sourcedIds: ['a', null, 'a', 'b'], message: kind, remediation: `fix ${kind}` });

describe('systemOfKind', () => {
  it('blames the SIS for exactly the kinds ending in IN_SOURCE', () => {
    const source = FINDING_KINDS.filter((kind) => systemOfKind(kind) === 'SOURCE');
    expect(source.sort()).toEqual([
      'DUPLICATE_EMAIL_IN_SOURCE',
      'ENROLLMENT_NOT_IN_SOURCE',
      'STUDENT_NOT_IN_SOURCE',
      'TRANSFER_NOT_IN_SOURCE',
    ]);
  });

  it('blames Bookmarked for FIELD_MISMATCH (the SIS is the system of record)', () => {
    expect(systemOfKind('FIELD_MISMATCH')).toBe('BOOKMARKED');
  });
});

describe('statusFromFindings', () => {
  it('gives NO_ISSUE without findings', () => {
    expect(statusFromFindings([])).toBe('NO_ISSUE');
  });

  it('gives ISSUE_IN_BOOKMARKED when every finding is a Bookmarked fault', () => {
    expect(statusFromFindings([make('PHANTOM_PARENT_LINK'), make('FIELD_MISMATCH')])).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('gives ISSUE_IN_SOURCE as soon as one finding is a SIS fault, whatever else there is', () => {
    expect(statusFromFindings([make('PHANTOM_PARENT_LINK'), make('ENROLLMENT_NOT_IN_SOURCE'), make('FIELD_MISMATCH')])).toBe(
      'ISSUE_IN_SOURCE',
    );
  });
});

describe('finding', () => {
  it('derives the system and the owner from the kind and keeps distinct sourcedIds', () => {
    const f = make('DUPLICATE_EMAIL_IN_SOURCE');
    expect(f).toMatchObject({ system: 'SOURCE', fixedBy: 'DISTRICT_SIS_ADMIN', sourcedIds: ['a', 'b'] });
    expect(make('TEACHER_MISMATCH')).toMatchObject({ system: 'BOOKMARKED', fixedBy: 'BOOKMARKED_SUPPORT' });
  });

  it('orders SIS faults first and counts per kind', () => {
    const ordered = orderFindings([make('FIELD_MISMATCH'), make('STUDENT_NOT_IN_SOURCE'), make('FIELD_MISMATCH')]);
    expect(ordered.map((f) => f.kind)).toEqual(['STUDENT_NOT_IN_SOURCE', 'FIELD_MISMATCH', 'FIELD_MISMATCH']);
    expect(countByKind(ordered)).toEqual({ STUDENT_NOT_IN_SOURCE: 1, FIELD_MISMATCH: 2 });
  });
});
