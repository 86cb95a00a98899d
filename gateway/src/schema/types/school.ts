import type { SchoolRecord } from '../../domain/roster';
import { type Bound, bindAll } from '../../services/roster-views';
import { builder } from '../builder';
import { ClassRef } from './class';
import { SystemEnum } from './enums';

export type SchoolModel = Bound<SchoolRecord>;

export const SchoolRef = builder.objectRef<SchoolModel>('School');

SchoolRef.implement({
  description: 'A campus (OneRoster org of type school; Bookmarked schools).',
  fields: (t) => ({
    id: t.exposeID('id'),
    system: t.field({ type: SystemEnum, resolve: (school) => school.system }),
    sourcedId: t.exposeString('sourcedId', { nullable: true }),
    name: t.exposeString('name'),
    schoolCode: t.exposeString('schoolCode', { nullable: true, description: 'OneRoster orgs.identifier.' }),
    classes: t.field({
      type: [ClassRef],
      description: 'Live classes of this campus.',
      resolve: async (school) => bindAll(school.view, await school.view.loaders.classesBySchoolId.load(school.id)),
    }),
  }),
});
