import { loadPresent } from '../../loaders/roster-loaders';
import { bindAll } from '../../services/roster-views';
import { builder } from '../builder';
import { ClassRef } from './class';
import { EnrollmentRef } from './enrollment';
import { GuardianLinkRef } from './guardian-link';
import { ParentRef } from './parent';
import { PersonInterface, type PersonModel } from './person';
import { classesOf, enrollmentsOf, schoolsOf, syncErrorsOf } from './person-relations';
import { SchoolRef } from './school';
import { SyncErrorRef } from './sync';

export const StudentRef = builder.objectRef<PersonModel>('Student');

StudentRef.implement({
  description: 'A student.',
  interfaces: [PersonInterface],
  isTypeOf: (person) => (person as PersonModel).role === 'student',
  fields: (t) => ({
    grade: t.exposeString('grade', { nullable: true, description: 'OneRoster grade code (KG, 01 .. 12).' }),
    schools: t.field({ type: [SchoolRef], description: 'Live campus memberships.', resolve: schoolsOf }),
    parentLinks: t.field({
      type: [GuardianLinkRef],
      description: 'Live links to parents, with how each was made.',
      resolve: async (student) => bindAll(student.view, await student.view.loaders.guardianLinksByStudentId.load(student.id)),
    }),
    parents: t.field({
      type: [ParentRef],
      resolve: async (student) => {
        const links = await student.view.loaders.guardianLinksByStudentId.load(student.id);
        return bindAll(
          student.view,
          await loadPresent(
            student.view.loaders.personById,
            links.map((l) => l.parentId),
          ),
        );
      },
    }),
    enrollments: t.field({ type: [EnrollmentRef], resolve: enrollmentsOf }),
    classes: t.field({ type: [ClassRef], resolve: classesOf }),
    syncErrors: t.field({
      type: [SyncErrorRef],
      description: "Bookmarked sync errors logged for this student's sourcedId (always empty for the source).",
      resolve: syncErrorsOf,
    }),
  }),
});
