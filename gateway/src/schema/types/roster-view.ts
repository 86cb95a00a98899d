import { loadPresent } from '../../loaders/roster-loaders';
import { findPeople, matchSchools } from '../../services/roster-lookups';
import { bindAll, type RosterView } from '../../services/roster-views';
import { builder } from '../builder';
import { ClassRef } from './class';
import { EnvironmentEnum, SystemEnum } from './enums';
import { ParentRef } from './parent';
import { SchoolRef } from './school';
import { StudentRef } from './student';
import { SyncErrorRef, SyncRunRef } from './sync';
import { TeacherRef } from './teacher';

/**
 * One system's view of a district. `District.source` and `District.bookmarked` are both
 * RosterViews, so one query selects the same fields from both systems side by side.
 */
export const RosterViewRef = builder.objectRef<RosterView>('RosterView');

RosterViewRef.implement({
  description: "One system's view of a district's roster: the SIS (source) or Bookmarked.",
  authScopes: (view) => ({ environment: view.environment }),
  fields: (t) => ({
    system: t.field({ type: SystemEnum, resolve: (view) => view.system }),
    environment: t.field({
      type: EnvironmentEnum,
      description: 'The Bookmarked environment this request reads (the source is the same for both).',
      resolve: (view) => view.environment,
    }),
    schools: t.field({
      type: [SchoolRef],
      args: { search: t.arg.string({ required: false, description: 'A school name, school code or sourcedId.' }) },
      description: 'Live campuses, optionally only those a campus reference names.',
      resolve: async (view, args) => {
        const schools = await view.reader.schools();
        return bindAll(view, args.search ? matchSchools(schools, args.search) : schools);
      },
    }),
    students: t.field({
      type: [StudentRef],
      description: 'Live students matching every argument given (all of them, up to `first`, when none is).',
      args: {
        query: t.arg.string({
          required: false,
          description:
            "Free text, as Student Search reads it: an email, a student number, a sourcedId or a name ('Ana Lopez' or 'Lopez, Ana').",
        }),
        name: t.arg.string({
          required: false,
          description: "'Ana Lopez' or 'Lopez, Ana'; case, accents and middle names are ignored.",
        }),
        email: t.arg.string({ required: false }),
        identifier: t.arg.string({ required: false, description: 'Student number.' }),
        sourcedId: t.arg.string({ required: false }),
        sourcedIds: t.arg.stringList({ required: false }),
        school: t.arg.string({
          required: false,
          description: 'Only students with a live membership at this campus (name, code or sourcedId).',
        }),
        first: t.arg.int({ required: false, defaultValue: 100 }),
      },
      resolve: async (view, args) => {
        const students = await findPeople(view.reader, { roles: ['student'], ...args, limit: args.first });
        if (!args.school) return bindAll(view, students);
        const schoolIds = new Set(matchSchools(await view.reader.schools(), args.school).map((s) => s.id));
        const memberships = await view.loaders.membershipsByUserId.loadMany(students.map((s) => s.id));
        return bindAll(
          view,
          students.filter((_, i) => {
            const ofStudent = memberships[i];
            return Array.isArray(ofStudent) && ofStudent.some((m) => schoolIds.has(m.schoolId));
          }),
        );
      },
    }),
    parents: t.field({
      type: [ParentRef],
      description: 'Live parents and guardians matching every argument given.',
      args: {
        email: t.arg.string({ required: false }),
        name: t.arg.string({ required: false }),
        sourcedId: t.arg.string({ required: false }),
        sourcedIds: t.arg.stringList({ required: false }),
        first: t.arg.int({ required: false, defaultValue: 100 }),
      },
      resolve: async (view, args) =>
        bindAll(view, await findPeople(view.reader, { roles: ['parent'], ...args, limit: args.first })),
    }),
    teachers: t.field({
      type: [TeacherRef],
      description: 'Live teachers matching every argument given.',
      args: {
        email: t.arg.string({ required: false }),
        name: t.arg.string({ required: false }),
        sourcedId: t.arg.string({ required: false }),
        sourcedIds: t.arg.stringList({ required: false }),
        first: t.arg.int({ required: false, defaultValue: 100 }),
      },
      resolve: async (view, args) =>
        bindAll(view, await findPeople(view.reader, { roles: ['teacher'], ...args, limit: args.first })),
    }),
    classes: t.field({
      type: [ClassRef],
      description: 'Live classes by sourcedId.',
      args: { sourcedIds: t.arg.stringList({ required: true }) },
      resolve: async (view, args) => bindAll(view, await loadPresent(view.loaders.classBySourcedId, args.sourcedIds)),
    }),
    syncErrors: t.field({
      type: [SyncErrorRef],
      description: 'Bookmarked sync errors for these sourcedIds (always empty for the source).',
      args: { sourcedIds: t.arg.stringList({ required: true }) },
      resolve: async (view, args) =>
        (await view.loaders.syncErrorsBySourcedId.loadMany(args.sourcedIds)).flatMap((e) => (Array.isArray(e) ? e : [])),
    }),
    syncRuns: t.field({
      type: [SyncRunRef],
      description: 'Recent Bookmarked roster syncs of the district, newest first (always empty for the source).',
      args: { last: t.arg.int({ required: false, defaultValue: 5 }) },
      resolve: (view, args) => view.reader.syncRuns(Math.min(Math.max(args.last ?? 5, 1), 100)),
    }),
  }),
});
