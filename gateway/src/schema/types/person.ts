import type { PersonRecord } from '../../domain/roster';
import type { Bound } from '../../services/roster-views';
import { builder } from '../builder';
import { SystemEnum } from './enums';

export type PersonModel = Bound<PersonRecord>;

/** The fields every person has in both systems, whatever their role. */
export const PersonInterface = builder.interfaceRef<PersonModel>('Person');

PersonInterface.implement({
  description: 'A student, parent or teacher, as one system has them.',
  resolveType: (person) => {
    switch (person.role) {
      case 'student':
        return 'Student';
      case 'parent':
        return 'Parent';
      default:
        return 'Teacher';
    }
  },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Key inside its own system: the sourcedId for the SIS, the row id for Bookmarked.' }),
    system: t.field({ type: SystemEnum, resolve: (person) => person.system }),
    sourcedId: t.exposeString('sourcedId', {
      nullable: true,
      description: 'OneRoster sourcedId; null for Bookmarked accounts created by invitation.',
    }),
    role: t.exposeString('role', { description: 'student, parent, teacher or administrator.' }),
    sourceRole: t.exposeString('sourceRole', { description: 'The role as the system states it (e.g. guardian, relative).' }),
    givenName: t.exposeString('givenName'),
    familyName: t.exposeString('familyName'),
    middleName: t.exposeString('middleName', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    identifier: t.exposeString('identifier', {
      nullable: true,
      description: 'users.identifier: the student number for students.',
    }),
  }),
});
