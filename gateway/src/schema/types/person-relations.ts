import { loadPresent } from '../../loaders/roster-loaders';
import { bindAll } from '../../services/roster-views';
import type { PersonModel } from './person';

// Relations several person types share; the type files expose them as fields.

export async function schoolsOf(person: PersonModel) {
  const memberships = await person.view.loaders.membershipsByUserId.load(person.id);
  const schools = await loadPresent(
    person.view.loaders.schoolById,
    memberships.map((m) => m.schoolId),
  );
  return bindAll(person.view, schools);
}

export async function enrollmentsOf(person: PersonModel) {
  return bindAll(person.view, await person.view.loaders.enrollmentsByUserId.load(person.id));
}

export async function classesOf(person: PersonModel) {
  const enrollments = await person.view.loaders.enrollmentsByUserId.load(person.id);
  const classes = await loadPresent(person.view.loaders.classById, [...new Set(enrollments.map((e) => e.classId))]);
  return bindAll(person.view, classes);
}

export async function syncErrorsOf(person: PersonModel) {
  return person.sourcedId ? person.view.loaders.syncErrorsBySourcedId.load(person.sourcedId) : [];
}
