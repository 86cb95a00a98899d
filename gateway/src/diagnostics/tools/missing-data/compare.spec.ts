import { describe, expect, it } from 'vitest';
import type { DxClass, DxStudentWithEnrollments, DxSyncError } from '../../roster-fragments';
import { enrollment, kindsOf, person, school, section, student, studentInBoth, syncError } from '../../testing/shapes';
import { compareMissingData, type MissingDataData } from './compare';

const lincoln = {
  source: school('SOURCE', { sourcedId: 'org-1', name: 'Lincoln Elementary', code: '101' }),
  bookmarked: school('BOOKMARKED', { sourcedId: 'org-1', name: 'Lincoln Elementary', code: '101' }),
};
const oak = {
  source: school('SOURCE', { sourcedId: 'org-2', name: 'Oak Middle', code: '201' }),
  bookmarked: school('BOOKMARKED', { sourcedId: 'org-2', name: 'Oak Middle', code: '201' }),
};
const teacher = {
  source: person('SOURCE', 'teacher', { sourcedId: 't-1', given: 'Tom', family: 'Reed' }),
  bookmarked: person('BOOKMARKED', 'teacher', { sourcedId: 't-1', given: 'Tom', family: 'Reed' }),
};
const otherTeacher = person('BOOKMARKED', 'teacher', { sourcedId: 't-2', given: 'Una', family: 'Vale' });

function classPair(sourcedId: string, title: string) {
  return {
    source: section('SOURCE', { sourcedId, title, school: lincoln.source, teachers: [teacher.source] }),
    bookmarked: section('BOOKMARKED', { sourcedId, title, school: lincoln.bookmarked, teachers: [teacher.bookmarked] }),
  };
}
const math = classPair('cls-math', 'Math 5');
const reading = classPair('cls-read', 'Reading 5');

/** Ana at Lincoln, in math and reading in both systems unless told otherwise. */
function ana(
  options: { sourceClasses?: DxClass[]; bookmarkedClasses?: DxClass[] | null; inSource?: boolean; schools?: boolean } = {},
) {
  const sourceClasses = options.sourceClasses ?? [math.source, reading.source];
  const bookmarkedClasses =
    options.bookmarkedClasses === undefined ? [math.bookmarked, reading.bookmarked] : options.bookmarkedClasses;
  const pair = studentInBoth({
    sourcedId: 'stu-1',
    given: 'Ana',
    family: 'López',
    schools: [[lincoln.source], [lincoln.bookmarked]],
  });
  pair.source.enrollments = sourceClasses.map((c) => enrollment('SOURCE', { sourcedId: `enr-${c.sourcedId}`, class: c }));
  pair.bookmarked.enrollments = (bookmarkedClasses ?? []).map((c) =>
    enrollment('BOOKMARKED', { sourcedId: `enr-${c.sourcedId}`, class: c }),
  );
  return {
    source: options.inSource === false ? null : pair.source,
    bookmarked: bookmarkedClasses === null ? null : pair.bookmarked,
  };
}

function data(
  student: { source: DxStudentWithEnrollments | null; bookmarked: DxStudentWithEnrollments | null },
  extra: { classes?: DxClass[]; syncErrors?: DxSyncError[] } = {},
): MissingDataData {
  return {
    nameIsComplete: true,
    found: { source: student.source ? [student.source] : [], bookmarked: student.bookmarked ? [student.bookmarked] : [] },
    counterparts: { source: [], bookmarked: [] },
    schools: { source: [lincoln.source, oak.source], bookmarked: [lincoln.bookmarked, oak.bookmarked] },
    student: student.source
      ? {
          ...student,
          bookmarkedClasses: extra.classes ?? [math.bookmarked, reading.bookmarked],
          syncErrors: extra.syncErrors ?? [],
        }
      : null,
  };
}

const run = (d: MissingDataData, school: string | null = null, studentName = 'Ana Lopez') =>
  compareMissingData({ studentName, school, data: d });

describe('compareMissingData', () => {
  it('is NO_ISSUE with no findings when student, classes, enrollments and teachers agree (clean control)', () => {
    expect(run(data(ana()), 'lincoln elementary')).toMatchObject({ status: 'NO_ISSUE', findings: [] });
  });

  it('is INCONCLUSIVE for a name in neither system, and for an incomplete name', () => {
    expect(run(data({ source: null, bookmarked: null }))).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
    expect(run({ ...data(ana()), nameIsComplete: false }, null, 'Ana')).toMatchObject({ status: 'INCONCLUSIVE' });
  });

  it('gives only STUDENT_NOT_IN_SOURCE for a Bookmarked-only student: nothing else is checked', () => {
    const verdict = run(data(ana({ inSource: false, bookmarkedClasses: [] })));
    expect(kindsOf(verdict)).toEqual(['STUDENT_NOT_IN_SOURCE']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it('gives STUDENT_NOT_IN_BOOKMARKED and one ENROLLMENT_NOT_IN_BOOKMARKED per SIS enrollment when Bookmarked lacks the student', () => {
    const verdict = run(data(ana({ bookmarkedClasses: null })));
    expect(kindsOf(verdict)).toEqual([
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'STUDENT_NOT_IN_BOOKMARKED',
    ]);
    expect(verdict.status).toBe('ISSUE_IN_BOOKMARKED');
  });

  it('adds IMPORT_REJECTED, quoting the sync error, when the sync rejected the student', () => {
    const verdict = run(
      data(ana({ bookmarkedClasses: null }), {
        syncErrors: [syncError({ sourcedId: 'stu-1', message: 'agentSourcedIds references an unknown user' })],
      }),
    );
    expect(kindsOf(verdict)).toEqual([
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'IMPORT_REJECTED',
      'STUDENT_NOT_IN_BOOKMARKED',
    ]);
    expect(verdict.findings.find((f) => f.kind === 'IMPORT_REJECTED')?.message).toContain(
      'agentSourcedIds references an unknown user',
    );
  });

  it('gives ENROLLMENT_NOT_IN_SOURCE (ISSUE_IN_SOURCE) for a student without a live enrollment in the SIS', () => {
    const verdict = run(data(ana({ sourceClasses: [], bookmarkedClasses: [] })));
    expect(kindsOf(verdict)).toEqual(['ENROLLMENT_NOT_IN_SOURCE']);
    expect(verdict.status).toBe('ISSUE_IN_SOURCE');
  });

  it("gives CLASS_NOT_IN_BOOKMARKED once and the student's ENROLLMENT_NOT_IN_BOOKMARKED for a missing class", () => {
    const verdict = run(data(ana({ bookmarkedClasses: [math.bookmarked] }), { classes: [math.bookmarked] }));
    expect(kindsOf(verdict)).toEqual(['CLASS_NOT_IN_BOOKMARKED', 'ENROLLMENT_NOT_IN_BOOKMARKED']);
    expect(verdict.findings.find((f) => f.kind === 'CLASS_NOT_IN_BOOKMARKED')?.sourcedIds).toContain('cls-read');
  });

  it('gives IMPORT_REJECTED for a rejected class and for a rejected enrollment', () => {
    const verdict = run(
      data(ana({ bookmarkedClasses: [math.bookmarked] }), {
        classes: [math.bookmarked],
        syncErrors: [
          syncError({ sourcedId: 'cls-read', message: 'no course', entityType: 'class' }),
          syncError({ sourcedId: 'enr-cls-read', message: 'class unknown', entityType: 'enrollment' }),
        ],
      }),
    );
    expect(kindsOf(verdict)).toEqual([
      'CLASS_NOT_IN_BOOKMARKED',
      'ENROLLMENT_NOT_IN_BOOKMARKED',
      'IMPORT_REJECTED',
      'IMPORT_REJECTED',
    ]);
  });

  it('gives ENROLLMENT_NOT_IN_BOOKMARKED alone when only the enrollment is missing', () => {
    expect(kindsOf(run(data(ana({ bookmarkedClasses: [math.bookmarked] }))))).toEqual(['ENROLLMENT_NOT_IN_BOOKMARKED']);
  });

  it('gives TEACHER_MISMATCH (Bookmarked) when the teachers differ by sourcedId, only for classes live in both', () => {
    const changed = { ...reading.bookmarked, teachers: [otherTeacher] };
    const verdict = run(data(ana({ bookmarkedClasses: [math.bookmarked, changed] }), { classes: [math.bookmarked, changed] }));
    expect(kindsOf(verdict)).toEqual(['TEACHER_MISMATCH']);
    expect(verdict.findings[0]).toMatchObject({ system: 'BOOKMARKED' });
    expect(verdict.findings[0]?.sourcedIds.sort()).toEqual(['cls-read', 't-1', 't-2']);
    // A co-taught class with the same two teachers in another order is no mismatch.
    const coTaught = { ...reading.source, teachers: [teacher.source, otherTeacher] };
    const same = { ...reading.bookmarked, teachers: [otherTeacher, teacher.bookmarked] };
    expect(
      run(
        data(ana({ sourceClasses: [math.source, coTaught], bookmarkedClasses: [math.bookmarked, same] }), {
          classes: [math.bookmarked, same],
        }),
      ).findings,
    ).toEqual([]);
  });

  it('narrows same-name students by school (membership in either system) and is INCONCLUSIVE without it', () => {
    const first = ana();
    const second = studentInBoth({
      sourcedId: 'stu-2',
      given: 'Ana',
      family: 'Lopez',
      schools: [[oak.source], [oak.bookmarked]],
    });
    const both: MissingDataData = {
      ...data(first),
      found: {
        source: [first.source as DxStudentWithEnrollments, second.source],
        bookmarked: [first.bookmarked as DxStudentWithEnrollments, second.bookmarked],
      },
    };
    const ambiguous = run({ ...both, student: null });
    expect(ambiguous).toMatchObject({ status: 'INCONCLUSIVE', findings: [] });
    expect(ambiguous.candidates?.map((c) => c.sourcedId)).toEqual(['stu-1', 'stu-2']);
    expect(run(both, '101')).toMatchObject({ status: 'NO_ISSUE' });
    expect(run(both, 'org-1').status).toBe('NO_ISSUE');
    // A school that names neither campus leaves nobody.
    expect(run({ ...both, student: null }, 'Hogwarts').status).toBe('INCONCLUSIVE');
  });

  it('counts a Bookmarked-only membership for the school filter', () => {
    const only = student('BOOKMARKED', { sourcedId: 'stu-3', given: 'Ana', family: 'Lopez', schools: [oak.bookmarked] });
    const verdict = run({ ...data({ source: null, bookmarked: only }), student: null }, 'Oak Middle');
    expect(kindsOf(verdict)).toEqual(['STUDENT_NOT_IN_SOURCE']);
  });
});
