import { z } from 'zod';
import type { DxStudent, DxSyncError } from '../../roster-fragments';
import { sidesOf, sourcedIdsMissingFrom } from '../../roster-fragments';
import { defineTool } from '../../tool';
import { compareStudentSearch, type StudentSearchData } from './compare';
import { STUDENT_SEARCH, STUDENT_SEARCH_COUNTERPARTS } from './documents';

export const studentSearchTool = defineTool({
  name: 'studentSearch',
  title: 'Student Search',
  description:
    'Finds a student in the SIS and in Bookmarked by name, email, student number or sourcedId and compares the records field by field and campus by campus.',
  icon: 'search',
  inputTypeName: 'StudentSearchInput',
  input: {
    query: z.string().trim().min(1, 'query is empty: give a name, an email, a student number or a sourcedId').meta({
      label: 'Student',
      type: 'STUDENT_QUERY',
      help: "A name ('Ana Lopez' or 'Lopez, Ana'), an email, a student number or a sourcedId.",
    }),
  },
  async gather({ input, query }): Promise<StudentSearchData> {
    type Found = { students: DxStudent[] };
    const found = sidesOf(
      await query<{ district: { source: Found; bookmarked: Found } }>(STUDENT_SEARCH, { query: input.query }),
      STUDENT_SEARCH.operationName,
    );
    const source = found.source.students;
    const bookmarked = found.bookmarked.students;
    const missingInSource = sourcedIdsMissingFrom(bookmarked, source);
    const missingInBookmarked = sourcedIdsMissingFrom(source, bookmarked);
    const counterparts: StudentSearchData['counterparts'] = { source: [], bookmarked: [], syncErrors: [] };
    if (missingInSource.length || missingInBookmarked.length) {
      const answer = sidesOf(
        await query<{ district: { source: Found; bookmarked: Found & { syncErrors: DxSyncError[] } } }>(
          STUDENT_SEARCH_COUNTERPARTS,
          {
            missingInSource,
            missingInBookmarked,
          },
        ),
        STUDENT_SEARCH_COUNTERPARTS.operationName,
      );
      counterparts.source = answer.source.students;
      counterparts.bookmarked = answer.bookmarked.students;
      counterparts.syncErrors = answer.bookmarked.syncErrors;
    }
    return { found: { source, bookmarked }, counterparts };
  },
  compare: ({ input, data }) => compareStudentSearch({ query: input.query, data }),
});
