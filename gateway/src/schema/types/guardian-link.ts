import type { GuardianLinkRecord } from '../../domain/roster';
import { type Bound, bind } from '../../services/roster-views';
import { builder } from '../builder';
import { SystemEnum } from './enums';
import { ParentRef } from './parent';
import { StudentRef } from './student';

export type GuardianLinkModel = Bound<GuardianLinkRecord>;

export const GuardianLinkOriginEnum = builder.enumType('GuardianLinkOrigin', {
  description: 'How a Bookmarked parent-student link was made. Source links are always SIS.',
  values: {
    SIS: { value: 'sis' as const, description: 'Imported from the SIS by the roster sync.' },
    INVITE: { value: 'invite' as const, description: 'The parent joined with an invitation code.' },
    MANUAL: { value: 'manual' as const, description: 'Linked by hand by support staff.' },
  },
});

export const GuardianLinkRef = builder.objectRef<GuardianLinkModel>('GuardianLink');

GuardianLinkRef.implement({
  description: 'A live parent-student link (OneRoster agentSourcedIds / agents; Bookmarked guardianships).',
  fields: (t) => ({
    system: t.field({ type: SystemEnum, resolve: (link) => link.system }),
    origin: t.field({ type: GuardianLinkOriginEnum, resolve: (link) => link.origin }),
    parent: t.field({
      type: ParentRef,
      nullable: true,
      resolve: async (link) => {
        const parent = await link.view.loaders.personById.load(link.parentId);
        return parent ? bind(link.view, parent) : null;
      },
    }),
    student: t.field({
      type: StudentRef,
      nullable: true,
      resolve: async (link) => {
        const student = await link.view.loaders.personById.load(link.studentId);
        return student ? bind(link.view, student) : null;
      },
    }),
  }),
});
