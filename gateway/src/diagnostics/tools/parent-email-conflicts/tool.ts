import { z } from 'zod';
import type { DxParentWithLinks, DxPerson, DxStudentWithLinks, DxSyncError } from '../../roster-fragments';
import { sidesOf, sourcedIdsMissingFrom } from '../../roster-fragments';
import { defineTool } from '../../tool';
import { compareParentEmailConflicts, type ParentEmailConflictsData } from './compare';
import { PARENT_EMAIL_CONFLICTS, PARENT_EMAIL_CONFLICTS_COUNTERPARTS } from './documents';

export const parentEmailConflictsTool = defineTool({
  name: 'parentEmailConflicts',
  title: 'Parent Email Conflicts',
  description:
    'Several parents share an email and overwrite each other: finds shared emails in the SIS, duplicate and merged accounts in Bookmarked, and names that differ.',
  icon: 'mail-warning',
  inputTypeName: 'ParentEmailConflictsInput',
  input: {
    parentEmail: z
      .string()
      .trim()
      .min(1, 'parentEmail is empty: give the shared email')
      .meta({ label: 'Parent email', type: 'EMAIL', help: 'The email the parents share.' }),
  },
  async gather({ input, query }): Promise<ParentEmailConflictsData> {
    type Parents = { parents: DxParentWithLinks[] };
    const first = sidesOf(
      await query<{ district: { source: Parents; bookmarked: Parents } }>(PARENT_EMAIL_CONFLICTS, {
        parentEmail: input.parentEmail,
      }),
      PARENT_EMAIL_CONFLICTS.operationName,
    );
    const sourceParents = first.source.parents;
    const bookmarkedParents = first.bookmarked.parents;
    const studentSourcedIds = [
      ...new Set(
        bookmarkedParents.flatMap((p) => p.studentLinks.map((l) => l.student?.sourcedId)).filter((id): id is string => !!id),
      ),
    ];
    const accountSourcedIds = sourcedIdsMissingFrom(bookmarkedParents, sourceParents);
    const parentSourcedIds = sourcedIdsMissingFrom(sourceParents, bookmarkedParents);
    const counterparts: ParentEmailConflictsData['counterparts'] = {
      sourceStudents: [],
      sourceAccounts: [],
      bookmarkedParents: [],
      syncErrors: [],
    };
    if (studentSourcedIds.length || accountSourcedIds.length || parentSourcedIds.length) {
      type Source = { students: DxStudentWithLinks[]; parents: DxPerson[] };
      type Bookmarked = { parents: DxPerson[]; syncErrors: DxSyncError[] };
      const answer = sidesOf(
        await query<{ district: { source: Source; bookmarked: Bookmarked } }>(PARENT_EMAIL_CONFLICTS_COUNTERPARTS, {
          studentSourcedIds,
          accountSourcedIds,
          parentSourcedIds,
        }),
        PARENT_EMAIL_CONFLICTS_COUNTERPARTS.operationName,
      );
      counterparts.sourceStudents = answer.source.students;
      counterparts.sourceAccounts = answer.source.parents;
      counterparts.bookmarkedParents = answer.bookmarked.parents;
      counterparts.syncErrors = answer.bookmarked.syncErrors;
    }
    return { sourceParents, bookmarkedParents, counterparts };
  },
  compare: ({ input, data }) => compareParentEmailConflicts({ parentEmail: input.parentEmail, data }),
});
