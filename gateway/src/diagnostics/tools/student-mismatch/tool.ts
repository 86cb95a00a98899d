import { z } from 'zod';
import { parseNameQuery } from '../../../domain/names';
import type { DxParentWithLinks, DxPerson, DxStudent, DxSyncError } from '../../roster-fragments';
import { sideOf, sidesOf, sourcedIdsMissingFrom } from '../../roster-fragments';
import { defineTool } from '../../tool';
import { compareStudentMismatch, type StudentMismatchData } from './compare';
import { STUDENT_MISMATCH, STUDENT_MISMATCH_COUNTERPARTS } from './documents';

export const studentMismatchTool = defineTool({
  name: 'studentMismatch',
  title: 'Student Mismatch Resolver',
  description:
    'A parent sees a student on their account who is not theirs: compares the links of the parent email in the SIS and in Bookmarked and says who made the wrong one.',
  icon: 'user-x',
  inputTypeName: 'StudentMismatchInput',
  input: {
    parentEmail: z
      .string()
      .trim()
      .min(1, 'parentEmail is empty: give the email the parent signs in with')
      .meta({ label: 'Parent email', type: 'EMAIL', help: 'The email the parent signs in to Bookmarked with.' }),
    studentName: z.string().trim().min(1, 'studentName is empty: give the student the parent says is not theirs').meta({
      label: 'Student name',
      type: 'PERSON_NAME',
      help: "The student the parent says is wrongly linked to them ('Ana Lopez' or 'Lopez, Ana').",
    }),
  },
  async gather({ input, query }): Promise<StudentMismatchData> {
    type Side = { parents: DxParentWithLinks[]; students?: DxStudent[] };
    const first = sidesOf(
      await query<{ district: { source: Side; bookmarked: Side } }>(STUDENT_MISMATCH, {
        parentEmail: input.parentEmail,
        studentName: input.studentName,
        nameIsComplete: parseNameQuery(input.studentName) !== null,
      }),
      STUDENT_MISMATCH.operationName,
    );
    const sourceParents = first.source.parents;
    const bookmarkedParents = first.bookmarked.parents;
    const linkedStudents = (parents: DxParentWithLinks[]) =>
      parents.flatMap((p) => p.studentLinks.map((l) => l.student)).filter((s): s is DxStudent => s !== null);
    const parentSourcedIds = sourcedIdsMissingFrom(sourceParents, bookmarkedParents);
    const studentSourcedIds = sourcedIdsMissingFrom(linkedStudents(sourceParents), linkedStudents(bookmarkedParents));
    const counterparts: StudentMismatchData['counterparts'] = { parents: [], students: [], syncErrors: [] };
    if (parentSourcedIds.length || studentSourcedIds.length) {
      type Bookmarked = {
        parents: DxPerson[];
        students: DxStudent[];
        parentSyncErrors: DxSyncError[];
        studentSyncErrors: DxSyncError[];
      };
      const answer = sideOf(
        await query<{ district: { bookmarked: Bookmarked } }>(STUDENT_MISMATCH_COUNTERPARTS, {
          parentSourcedIds,
          studentSourcedIds,
        }),
        'bookmarked',
        STUDENT_MISMATCH_COUNTERPARTS.operationName,
      );
      counterparts.parents = answer.parents;
      counterparts.students = answer.students;
      counterparts.syncErrors = [...answer.parentSyncErrors, ...answer.studentSyncErrors];
    }
    return {
      sourceParents,
      bookmarkedParents,
      namedStudents: { source: first.source.students ?? [], bookmarked: first.bookmarked.students ?? [] },
      counterparts,
    };
  },
  compare: ({ input, data }) => compareStudentMismatch({ parentEmail: input.parentEmail, studentName: input.studentName, data }),
});
