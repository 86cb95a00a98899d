import { describe, expect, it } from 'vitest';
import type { DxClass, DxSchool, DxStudentWithEnrollments } from '../../roster-fragments';
import { enrollment, kindsOf, school, section, student, studentInBoth, syncError } from '../../testing/shapes';
import { type CampusTransferData, compareCampusTransfer } from './compare';

const campus = (sourcedId: string, name: string, code: string) => ({
  source: school('SOURCE', { sourcedId, name, code }),
  bookmarked: school('BOOKMARKED', { sourcedId, name, code }),
});
const OLD = campus('org-old', 'Lincoln Elementary', '101');
const NEW = campus('org-new', 'Oak Elementary', '102');
const classAt = (where: typeof OLD, sourcedId: string) => ({
  source: section('SOURCE', { sourcedId, title: sourcedId, school: where.source }),
  bookmarked: section('BOOKMARKED', { sourcedId, title: sourcedId, school: where.bookmarked }),
});
const oldMath = classAt(OLD, 'cls-old-math');
const oldArt = classAt(OLD, 'cls-old-art');
const newMath = classAt(NEW, 'cls-new-math');
const newArt = classAt(NEW, 'cls-new-art');

interface Side {
  schools: ('old' | 'new')[];
  classes: ('oldMath' | 'oldArt' | 'newMath' | 'newArt')[];
}
const CLASSES = { oldMath, oldArt, newMath, newArt };

/** Ana in each system with the campuses and classes given; null: not in that system. */
function ana(
  source: Side | null,
  bookmarked: Side | null,
): { source: DxStudentWithEnrollments | null; bookmarked: DxStudentWithEnrollments | null } {
  const pair = studentInBoth({ sourcedId: 'stu-1', given: 'Ana', family: 'López' });
  const build = (record: DxStudentWithEnrollments, side: Side, system: 'source' | 'bookmarked') => {
    record.schools = side.schools.map((s) => (s === 'old' ? OLD : NEW)[system] as DxSchool);
    record.enrollments = side.classes.map((c) =>
      enrollment(system === 'source' ? 'SOURCE' : 'BOOKMARKED', { sourcedId: `enr-${c}`, class: CLASSES[c][system] as DxClass }),
    );
    return record;
  };
  return {
    source: source && build(pair.source, source, 'source'),
    bookmarked: bookmarked && build(pair.bookmarked, bookmarked, 'bookmarked'),
  };
}

function run(
  found: ReturnType<typeof ana>,
  options: {
    old?: string;
    new?: string;
    syncErrors?: CampusTransferData['syncErrors'];
    extraFound?: DxStudentWithEnrollments[];
  } = {},
) {
  const data: CampusTransferData = {
    nameIsComplete: true,
    schools: { source: [OLD.source, NEW.source], bookmarked: [OLD.bookmarked, NEW.bookmarked] },
    found: {
      source: [...(found.source ? [found.source] : []), ...(options.extraFound ?? [])],
      bookmarked: found.bookmarked ? [found.bookmarked] : [],
    },
    counterparts: { source: [], bookmarked: [] },
    syncErrors: options.syncErrors ?? [],
  };
  return compareCampusTransfer({
    studentName: 'Ana Lopez',
    oldCampus: options.old ?? 'Lincoln Elementary',
    newCampus: options.new ?? 'org-new',
    data,
  });
}

const moved: Side = { schools: ['new'], classes: ['newMath', 'newArt'] };

describe('compareCampusTransfer', () => {
  it('is NO_ISSUE with no findings when both systems moved the student (clean control)', () => {
    expect(run(ana(moved, moved), { old: '101', new: 'Oak Elementary' })).toMatchObject({ status: 'NO_ISSUE', findings: [] });
  });

  it('is INCONCLUSIVE when a campus resolves in neither system', () => {
    const verdict = run(ana(moved, moved), { old: 'Hogwarts' });
    expect(verdict).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
    expect(verdict.summary).toContain('Hogwarts');
  });

  it('gives TRANSFER_NOT_IN_SOURCE with the old campus while the SIS still lists the student there (membership)', () => {
    const still: Side = { schools: ['old'], classes: ['oldMath'] };
    const verdict = run(ana(still, still));
    expect(kindsOf(verdict)).toEqual(['TRANSFER_NOT_IN_SOURCE']);
    expect(verdict.findings[0]?.sourcedIds).toEqual(['stu-1', 'org-old']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it('counts a live old-campus enrollment as still listing the student there', () => {
    const verdict = run(
      ana({ schools: ['new'], classes: ['newMath', 'oldArt'] }, { schools: ['new'], classes: ['newMath', 'oldArt'] }),
    );
    expect(kindsOf(verdict)).toEqual(['TRANSFER_NOT_IN_SOURCE']);
    expect(verdict.findings[0]?.sourcedIds).toContain('org-old');
  });

  it('gives TRANSFER_NOT_IN_SOURCE with the new campus when the SIS lists the student nowhere new', () => {
    const verdict = run(ana({ schools: [], classes: [] }, { schools: [], classes: [] }));
    expect(kindsOf(verdict)).toEqual(['TRANSFER_NOT_IN_SOURCE']);
    expect(verdict.findings[0]?.sourcedIds).toEqual(['stu-1', 'org-new']);
  });

  it('gives STALE_SCHOOL_MEMBERSHIP and one PHANTOM_ENROLLMENT per live old-campus enrollment the SIS no longer has', () => {
    const verdict = run(ana(moved, { schools: ['old', 'new'], classes: ['newMath', 'newArt', 'oldMath', 'oldArt'] }));
    expect(kindsOf(verdict)).toEqual(['PHANTOM_ENROLLMENT', 'PHANTOM_ENROLLMENT', 'STALE_SCHOOL_MEMBERSHIP']);
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
    expect(verdict.findings.find((f) => f.kind === 'PHANTOM_ENROLLMENT')?.sourcedIds).toEqual(
      expect.arrayContaining(['stu-1', 'cls-old-math']),
    );
  });

  it('gives no STALE_SCHOOL_MEMBERSHIP while the SIS still lists the old campus', () => {
    const verdict = run(
      ana({ schools: ['old', 'new'], classes: ['newMath'] }, { schools: ['old', 'new'], classes: ['newMath'] }),
    );
    expect(kindsOf(verdict)).toEqual(['TRANSFER_NOT_IN_SOURCE']);
  });

  it('gives SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED and one ENROLLMENT_NOT_IN_BOOKMARKED per new-campus enrollment Bookmarked lacks', () => {
    const verdict = run(ana(moved, { schools: [], classes: [] }));
    expect(kindsOf(verdict)).toEqual([
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
    ]);
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('lists the student at the new campus through an enrollment alone, and adds IMPORT_REJECTED for a rejected enrollment', () => {
    const verdict = run(ana({ schools: [], classes: ['newMath', 'newArt'] }, { schools: ['new'], classes: ['newMath'] }), {
      syncErrors: [syncError({ sourcedId: 'enr-newArt', entityType: 'enrollment', message: 'class is over its seat limit' })],
    });
    expect(kindsOf(verdict)).toEqual(['ENROLLMENT_NOT_IN_BOOKMARKED', 'IMPORT_REJECTED']);
  });

  it('adds IMPORT_REJECTED for a student the sync rejected', () => {
    const verdict = run(ana(moved, null), { syncErrors: [syncError({ sourcedId: 'stu-1', message: 'bad grade' })] });
    expect(kindsOf(verdict)).toEqual([
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'IMPORT_REJECTED',
      'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
    ]);
  });

  it('tells same-name students apart by their ties to either campus, and is INCONCLUSIVE when it cannot', () => {
    const other = student('SOURCE', { sourcedId: 'stu-2', given: 'Ana', family: 'Lopez' });
    expect(run(ana(moved, moved), { extraFound: [other] }).status).toBe('NO_ISSUE');
    const alsoMoved = student('SOURCE', { sourcedId: 'stu-3', given: 'Ana', family: 'Lopez', schools: [NEW.source] });
    const verdict = run(ana(moved, moved), { extraFound: [alsoMoved] });
    expect(verdict).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
    expect(verdict.candidates?.map((c) => c.sourcedId)).toEqual(['stu-1', 'stu-3']);
  });

  it('is INCONCLUSIVE when the name matches nobody', () => {
    expect(run({ source: null, bookmarked: null }).status).toBe('INCONCLUSIVE');
  });
});
