import { builder } from '../builder';
import { ClassRef } from './class';
import { EnrollmentRef } from './enrollment';
import { PersonInterface, type PersonModel } from './person';
import { classesOf, enrollmentsOf, schoolsOf } from './person-relations';
import { SchoolRef } from './school';

export const TeacherRef = builder.objectRef<PersonModel>('Teacher');

TeacherRef.implement({
  description: 'A teacher (or another staff member: see role).',
  interfaces: [PersonInterface],
  isTypeOf: (person) => (person as PersonModel).role !== 'student' && (person as PersonModel).role !== 'parent',
  fields: (t) => ({
    schools: t.field({ type: [SchoolRef], resolve: schoolsOf }),
    enrollments: t.field({ type: [EnrollmentRef], resolve: enrollmentsOf }),
    classes: t.field({ type: [ClassRef], resolve: classesOf }),
  }),
});
