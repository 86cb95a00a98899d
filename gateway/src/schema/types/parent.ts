import { loadPresent } from '../../loaders/roster-loaders';
import { bindAll } from '../../services/roster-views';
import { builder } from '../builder';
import { GuardianLinkRef } from './guardian-link';
import { PersonInterface, type PersonModel } from './person';
import { schoolsOf } from './person-relations';
import { SchoolRef } from './school';
import { StudentRef } from './student';

export const ParentRef = builder.objectRef<PersonModel>('Parent');

ParentRef.implement({
  description: 'A parent or guardian (OneRoster roles parent, guardian, relative).',
  interfaces: [PersonInterface],
  isTypeOf: (person) => (person as PersonModel).role === 'parent',
  fields: (t) => ({
    schools: t.field({ type: [SchoolRef], resolve: schoolsOf }),
    studentLinks: t.field({
      type: [GuardianLinkRef],
      description: 'Live links to students, with how each was made.',
      resolve: async (parent) => bindAll(parent.view, await parent.view.loaders.guardianLinksByParentId.load(parent.id)),
    }),
    students: t.field({
      type: [StudentRef],
      resolve: async (parent) => {
        const links = await parent.view.loaders.guardianLinksByParentId.load(parent.id);
        return bindAll(
          parent.view,
          await loadPresent(
            parent.view.loaders.personById,
            links.map((l) => l.studentId),
          ),
        );
      },
    }),
  }),
});
