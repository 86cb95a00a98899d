import { z } from 'zod';
import { parseNameQuery } from '../../../domain/names';
import type { DxSchool, DxStudentWithEnrollments, DxSyncError } from '../../roster-fragments';
import { sideOf, sidesOf, sourcedIdsMissingFrom } from '../../roster-fragments';
import { defineTool } from '../../tool';
import { type CampusTransferData, compareCampusTransfer, identifyTransferStudent, resolveTransferCampuses } from './compare';
import { CAMPUS_TRANSFER, CAMPUS_TRANSFER_COUNTERPARTS, CAMPUS_TRANSFER_SYNC_ERRORS } from './documents';

const campus = (label: string, help: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is empty: give a school name, school code or sourcedId`)
    .meta({ label, type: 'CAMPUS', help });

export const campusTransferTool = defineTool({
  name: 'campusTransfer',
  title: 'Campus Transfer Validator',
  description:
    'A student moved campuses but still shows at the old one: checks whether the SIS recorded the move, and whether Bookmarked followed it (memberships and enrollments).',
  icon: 'arrow-right-left',
  inputTypeName: 'CampusTransferInput',
  input: {
    studentName: z.string().trim().min(1, 'studentName is empty: give the student who moved').meta({
      label: 'Student name',
      type: 'PERSON_NAME',
      help: "'Ana Lopez' or 'Lopez, Ana'; case, accents and middle names are ignored.",
    }),
    oldCampus: campus('Old campus', 'School name, school code or sourcedId of the campus the student left.'),
    newCampus: campus('New campus', 'School name, school code or sourcedId of the campus the student moved to.'),
  },
  async gather({ input, query }): Promise<CampusTransferData> {
    const nameIsComplete = parseNameQuery(input.studentName) !== null;
    type Side = { schools: DxSchool[]; students?: DxStudentWithEnrollments[] };
    const first = sidesOf(
      await query<{ district: { source: Side; bookmarked: Side } }>(CAMPUS_TRANSFER, {
        studentName: input.studentName,
        nameIsComplete,
      }),
      CAMPUS_TRANSFER.operationName,
    );
    const data: CampusTransferData = {
      nameIsComplete,
      schools: { source: first.source.schools, bookmarked: first.bookmarked.schools },
      found: { source: first.source.students ?? [], bookmarked: first.bookmarked.students ?? [] },
      counterparts: { source: [], bookmarked: [] },
      syncErrors: [],
    };
    const campuses = resolveTransferCampuses({ data, oldCampus: input.oldCampus, newCampus: input.newCampus });
    if (!nameIsComplete || !campuses.oldCampus.resolved || !campuses.newCampus.resolved) return data;

    const missingInSource = sourcedIdsMissingFrom(data.found.bookmarked, data.found.source);
    const missingInBookmarked = sourcedIdsMissingFrom(data.found.source, data.found.bookmarked);
    if (missingInSource.length || missingInBookmarked.length) {
      type Students = { students: DxStudentWithEnrollments[] };
      const answer = sidesOf(
        await query<{ district: { source: Students; bookmarked: Students } }>(CAMPUS_TRANSFER_COUNTERPARTS, {
          missingInSource,
          missingInBookmarked,
        }),
        CAMPUS_TRANSFER_COUNTERPARTS.operationName,
      );
      data.counterparts = { source: answer.source.students, bookmarked: answer.bookmarked.students };
    }

    const identification = identifyTransferStudent({ data, ...campuses });
    if (identification.kind !== 'found') return data;
    const { source, bookmarked } = identification.subject;
    // Sync errors explain what Bookmarked lacks: the student and their SIS enrollments.
    const sourcedIds = [
      ...new Set([source?.sourcedId, ...(source?.enrollments ?? []).map((e) => e.sourcedId)].filter((id): id is string => !!id)),
    ];
    if (source && sourcedIds.length && (!bookmarked || source.enrollments.length > 0)) {
      type SyncErrors = { syncErrors: DxSyncError[] };
      data.syncErrors = sideOf(
        await query<{ district: { bookmarked: SyncErrors } }>(CAMPUS_TRANSFER_SYNC_ERRORS, { sourcedIds }),
        'bookmarked',
        CAMPUS_TRANSFER_SYNC_ERRORS.operationName,
      ).syncErrors;
    }
    return data;
  },
  compare: ({ input, data }) =>
    compareCampusTransfer({ studentName: input.studentName, oldCampus: input.oldCampus, newCampus: input.newCampus, data }),
});
