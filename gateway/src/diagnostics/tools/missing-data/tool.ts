import { z } from 'zod';
import { parseNameQuery } from '../../../domain/names';
import type { DxClass, DxSchool, DxStudent, DxStudentWithEnrollments, DxSyncError } from '../../roster-fragments';
import { sideOf, sidesOf, sourcedIdsMissingFrom } from '../../roster-fragments';
import { defineTool } from '../../tool';
import { compareMissingData, identifyMissingDataStudent, type MissingDataData } from './compare';
import { MISSING_DATA_CANDIDATES, MISSING_DATA_CLASSES, MISSING_DATA_COUNTERPARTS, MISSING_DATA_STUDENT } from './documents';

export const missingDataTool = defineTool({
  name: 'missingData',
  title: 'Missing Data Finder',
  description:
    'A student does not show up for the parent, or classes are missing: checks the student, their classes, enrollments and teachers in both systems, with the sync errors behind them.',
  icon: 'file-search',
  inputTypeName: 'MissingDataInput',
  input: {
    studentName: z.string().trim().min(1, 'studentName is empty: give the student who is missing data').meta({
      label: 'Student name',
      type: 'PERSON_NAME',
      help: "'Ana Lopez' or 'Lopez, Ana'; case, accents and middle names are ignored.",
    }),
    school: z
      .string()
      .trim()
      .nullish()
      .transform((value) => value || null)
      .meta({
        label: 'School',
        type: 'CAMPUS',
        help: 'A school name, school code or sourcedId; optional, tells students with the same name apart.',
      }),
  },
  async gather({ input, query }): Promise<MissingDataData> {
    const data: MissingDataData = {
      nameIsComplete: parseNameQuery(input.studentName) !== null,
      found: { source: [], bookmarked: [] },
      counterparts: { source: [], bookmarked: [] },
      schools: { source: [], bookmarked: [] },
      student: null,
    };
    if (!data.nameIsComplete) return data;

    type Candidates = { students: DxStudent[]; schools: DxSchool[] };
    const first = sidesOf(
      await query<{ district: { source: Candidates; bookmarked: Candidates } }>(MISSING_DATA_CANDIDATES, {
        studentName: input.studentName,
      }),
      MISSING_DATA_CANDIDATES.operationName,
    );
    data.found = { source: first.source.students, bookmarked: first.bookmarked.students };
    data.schools = { source: first.source.schools, bookmarked: first.bookmarked.schools };

    const missingInSource = sourcedIdsMissingFrom(data.found.bookmarked, data.found.source);
    const missingInBookmarked = sourcedIdsMissingFrom(data.found.source, data.found.bookmarked);
    if (missingInSource.length || missingInBookmarked.length) {
      type Students = { students: DxStudent[] };
      const answer = sidesOf(
        await query<{ district: { source: Students; bookmarked: Students } }>(MISSING_DATA_COUNTERPARTS, {
          missingInSource,
          missingInBookmarked,
        }),
        MISSING_DATA_COUNTERPARTS.operationName,
      );
      data.counterparts = { source: answer.source.students, bookmarked: answer.bookmarked.students };
    }

    const { identification } = identifyMissingDataStudent({ data, school: input.school });
    // Only a student with a sourcedId can have SIS data; one without is STUDENT_NOT_IN_SOURCE as found.
    if (identification.kind !== 'found' || !identification.subject.sourcedId) return data;
    const sourcedId = identification.subject.sourcedId;

    type Students = { students: DxStudentWithEnrollments[] };
    const student = sidesOf(
      await query<{ district: { source: Students; bookmarked: Students } }>(MISSING_DATA_STUDENT, { sourcedIds: [sourcedId] }),
      MISSING_DATA_STUDENT.operationName,
    );
    const source = student.source.students[0] ?? null;
    const enrollments = (source?.enrollments ?? []).filter((e) => e.role === 'STUDENT');
    const classSourcedIds = [...new Set(enrollments.map((e) => e.class?.sourcedId).filter((id): id is string => !!id))];
    const syncErrorSourcedIds = [
      ...new Set([sourcedId, ...classSourcedIds, ...enrollments.map((e) => e.sourcedId).filter((id): id is string => !!id)]),
    ];
    type Classes = { classes: DxClass[]; syncErrors: DxSyncError[] };
    const classes = sideOf(
      await query<{ district: { bookmarked: Classes } }>(MISSING_DATA_CLASSES, { classSourcedIds, syncErrorSourcedIds }),
      'bookmarked',
      MISSING_DATA_CLASSES.operationName,
    );
    data.student = {
      source,
      bookmarked: student.bookmarked.students[0] ?? null,
      bookmarkedClasses: classes.classes,
      syncErrors: classes.syncErrors,
    };
    return data;
  },
  compare: ({ input, data }) => compareMissingData({ studentName: input.studentName, school: input.school, data }),
});
