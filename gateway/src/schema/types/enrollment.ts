import type { EnrollmentRecord } from '../../domain/roster';
import { type Bound, bind } from '../../services/roster-views';
import { builder } from '../builder';
import { ClassRef } from './class';
import { SystemEnum } from './enums';
import { PersonInterface } from './person';

export type EnrollmentModel = Bound<EnrollmentRecord>;

export const EnrollmentRoleEnum = builder.enumType('EnrollmentRole', {
  values: { STUDENT: { value: 'student' as const }, TEACHER: { value: 'teacher' as const } },
});

export const EnrollmentRef = builder.objectRef<EnrollmentModel>('Enrollment');

EnrollmentRef.implement({
  description: 'A student or teacher in a class. Live only when its class and user are live.',
  fields: (t) => ({
    id: t.exposeID('id'),
    system: t.field({ type: SystemEnum, resolve: (enrollment) => enrollment.system }),
    sourcedId: t.exposeString('sourcedId', { nullable: true }),
    role: t.field({ type: EnrollmentRoleEnum, resolve: (enrollment) => enrollment.role }),
    beginDate: t.exposeString('beginDate', { nullable: true }),
    endDate: t.exposeString('endDate', { nullable: true }),
    class: t.field({
      type: ClassRef,
      nullable: true,
      resolve: async (enrollment) => {
        const section = await enrollment.view.loaders.classById.load(enrollment.classId);
        return section ? bind(enrollment.view, section) : null;
      },
    }),
    user: t.field({
      type: PersonInterface,
      nullable: true,
      // Synchronous when the person is loaded already (Class.enrollments loads them ahead).
      resolve: (enrollment) => {
        const { view } = enrollment;
        const loaded = view.loaders.loadedPerson(enrollment.userId);
        if (loaded !== undefined) return loaded ? bind(view, loaded) : null;
        return view.loaders.personById.load(enrollment.userId).then((person) => (person ? bind(view, person) : null));
      },
    }),
  }),
});
