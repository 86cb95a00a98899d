import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { ClassRecord } from '../../domain/roster';
import { loadPresent } from '../../loaders/roster-loaders';
import { type Bound, bind, bindAll } from '../../services/roster-views';
import { builder } from '../builder';
import { EnrollmentRef, EnrollmentRoleEnum } from './enrollment';
import { SystemEnum } from './enums';
import { SchoolRef } from './school';
import { StudentRef } from './student';
import { TeacherRef } from './teacher';

export type ClassModel = Bound<ClassRecord>;

/** Whether the field being resolved selects `name` on its value (directly or through fragments). */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    !!selectionSet?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const fragmentName = selection.name.value;
      if (seen.has(fragmentName)) return false;
      seen.add(fragmentName);
      return visit(info.fragments[fragmentName]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

export const ClassRef = builder.objectRef<ClassModel>('Class');

ClassRef.implement({
  description: 'A class section.',
  fields: (t) => ({
    id: t.exposeID('id'),
    system: t.field({ type: SystemEnum, resolve: (section) => section.system }),
    sourcedId: t.exposeString('sourcedId', { nullable: true }),
    title: t.exposeString('title'),
    classCode: t.exposeString('classCode', { nullable: true }),
    school: t.field({
      type: SchoolRef,
      nullable: true,
      description: 'Null when the campus is no longer live.',
      resolve: async (section) => {
        const school = await section.view.loaders.schoolById.load(section.schoolId);
        return school ? bind(section.view, school) : null;
      },
    }),
    enrollments: t.field({
      type: [EnrollmentRef],
      args: { role: t.arg({ type: EnrollmentRoleEnum, required: false }) },
      description: 'Live enrollments, optionally of one role.',
      resolve: async (section, args, _context, info) => {
        const enrollments = await section.view.loaders.enrollmentsByClassId.load(section.id);
        const selected = args.role ? enrollments.filter((e) => e.role === args.role) : enrollments;
        // Their users first, when asked for: every class's list lands in one batch, and each
        // Enrollment.user then answers without a promise of its own.
        if (selectsField(info, 'user')) await section.view.loaders.personById.loadMany(selected.map((e) => e.userId));
        return bindAll(section.view, selected);
      },
    }),
    teachers: t.field({
      type: [TeacherRef],
      resolve: async (section) => {
        const enrollments = await section.view.loaders.enrollmentsByClassId.load(section.id);
        const ids = enrollments.filter((e) => e.role === 'teacher').map((e) => e.userId);
        return bindAll(section.view, await loadPresent(section.view.loaders.personById, ids));
      },
    }),
    students: t.field({
      type: [StudentRef],
      resolve: async (section) => {
        const enrollments = await section.view.loaders.enrollmentsByClassId.load(section.id);
        const ids = enrollments.filter((e) => e.role === 'student').map((e) => e.userId);
        return bindAll(section.view, await loadPresent(section.view.loaders.personById, ids));
      },
    }),
  }),
});
