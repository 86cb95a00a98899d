import type { GeneratedDistrict, SourceUser } from '@cdt/gateway/seed/district-model';
import { SeededRandom } from '@cdt/gateway/seed/prng';

/**
 * The inputs the bench runs each single-entity tool on, picked from the generated district:
 * about a third are records a planted fault touches, the rest random live people, so runs
 * cover findings, clean answers and the odd ambiguous name alike. Stored with the cached
 * district, so a reused cache needs no regeneration.
 */
export interface BenchSubjects {
  studentSearch: { query: string }[];
  studentMismatch: { parentEmail: string; studentName: string }[];
  missingData: { studentName: string; school: string | null }[];
  parentEmailConflicts: { parentEmail: string }[];
  campusTransfer: { studentName: string; oldCampus: string; newCampus: string }[];
  /** Source classes whose student enrollments add up to the compare benchmark's records per side. */
  compare: { classSourcedIds: string[]; studentEnrollments: number };
}

export type SingleEntityTool = Exclude<keyof BenchSubjects, 'compare'>;
export const SINGLE_ENTITY_TOOLS: readonly SingleEntityTool[] = [
  'studentSearch',
  'studentMismatch',
  'missingData',
  'parentEmailConflicts',
  'campusTransfer',
];

const PARENT_ROLES = new Set(['parent', 'guardian', 'relative']);
const fullName = (user: Pick<SourceUser, 'givenName' | 'familyName'>) => `${user.givenName} ${user.familyName}`;

export function pickSubjects(options: {
  district: Pick<GeneratedDistrict, 'source' | 'benchFaults' | 'schools' | 'options'>;
  count: number;
  compareRecords: number;
}): BenchSubjects {
  const { district, count } = options;
  const rng = new SeededRandom(district.options.seed ^ 0x5eed);
  const live = district.source.users.filter((user) => user.status === 'active');
  const byId = new Map(live.map((user) => [user.sourcedId, user]));
  const students = live.filter((user) => user.role === 'student');
  const parents = live.filter((user) => PARENT_ROLES.has(user.role) && user.email);
  const schools = district.schools.filter((school) => school.live);
  const schoolById = new Map(schools.map((school) => [school.sourcedId, school]));
  if (students.length === 0 || parents.length === 0 || schools.length < 2) {
    throw new Error(
      `pickSubjects: the district needs students, parents with emails and two live schools; found ${students.length}, ${parents.length}, ${schools.length}.`,
    );
  }

  // People a planted fault names, first: they make the tools find something.
  const faulted = new Set(district.benchFaults.flatMap((fault) => fault.sourcedIds));
  const faultStudents = rng.shuffled(students.filter((s) => faulted.has(s.sourcedId)));
  const faultParents = rng.shuffled(parents.filter((p) => faulted.has(p.sourcedId)));
  const mix = <T>(preferred: readonly T[], rest: readonly T[]): T[] => {
    const third = Math.ceil(count / 3);
    const chosen = preferred.slice(0, third);
    const seen = new Set(chosen);
    for (const item of rng.shuffled(rest)) {
      if (chosen.length >= count) break;
      if (!seen.has(item)) chosen.push(item);
    }
    // A tiny district may have fewer people than runs: cycle through what there is.
    for (let i = 0; chosen.length < count && chosen.length > 0; i++) chosen.push(chosen[i] as T);
    return chosen;
  };
  const studentPool = mix(faultStudents, students);
  const parentPool = mix(faultParents, parents);

  const schoolOf = (user: SourceUser) => user.orgSourcedIds.map((id) => schoolById.get(id)).find((s) => s !== undefined);
  const otherSchool = (sourcedId: string | undefined) => {
    const current = schools.find((s) => s.sourcedId === sourcedId);
    const sameLevel = schools.filter((s) => s.sourcedId !== sourcedId && (!current || s.level === current.level));
    return rng.pick(sameLevel.length ? sameLevel : schools.filter((s) => s.sourcedId !== sourcedId));
  };

  const studentSearch = studentPool.map((student, i) => {
    // Every way the rule book reads a query: name, "Family, Given", email, student number, sourcedId.
    switch (i % 5) {
      case 0:
        return { query: fullName(student) };
      case 1:
        return { query: `${student.familyName}, ${student.givenName}` };
      case 2:
        return { query: student.email ?? fullName(student) };
      case 3:
        return { query: student.identifier ?? student.sourcedId };
      default:
        return { query: student.sourcedId };
    }
  });

  const studentMismatch = parentPool.map((parent, i) => {
    const linked = parent.agentSourcedIds.map((id) => byId.get(id)).filter((u) => u?.role === 'student');
    // Half the tickets name a child of the parent, half a stranger (the ticket's usual story).
    const student = i % 2 === 0 && linked[0] ? linked[0] : rng.pick(students);
    return { parentEmail: parent.email as string, studentName: fullName(student) };
  });

  const missingData = studentPool.map((student, i) => ({
    studentName: fullName(student),
    school: i % 2 === 0 ? (schoolOf(student)?.name ?? null) : null,
  }));

  const sharedEmails = new Map<string, number>();
  for (const parent of parents) {
    const key = (parent.email as string).trim().toLowerCase();
    sharedEmails.set(key, (sharedEmails.get(key) ?? 0) + 1);
  }
  const duplicateEmailParents = parents.filter((p) => (sharedEmails.get((p.email as string).trim().toLowerCase()) ?? 0) > 1);
  const parentEmailConflicts = mix(rng.shuffled([...faultParents, ...duplicateEmailParents]), parentPool).map((parent) => ({
    parentEmail: parent.email as string,
  }));

  const campusTransfer = studentPool.map((student, i) => {
    const current = schoolOf(student);
    const other = otherSchool(current?.sourcedId);
    const name = (school: { name: string; code: string; sourcedId: string } | undefined, how: number) =>
      !school ? rng.pick(schools).name : how === 0 ? school.name : how === 1 ? school.code : school.sourcedId;
    // Mostly "moved from where the SIS has them to another campus"; every third the other way round.
    return i % 3 === 2
      ? { studentName: fullName(student), oldCampus: name(other, i % 2), newCampus: name(current, 0) }
      : { studentName: fullName(student), oldCampus: name(current, i % 2), newCampus: name(other, 0) };
  });

  return {
    studentSearch,
    studentMismatch,
    missingData,
    parentEmailConflicts,
    campusTransfer,
    compare: compareClasses(district, options.compareRecords),
  };
}

/** Live source classes, in file order, until their live student enrollments reach `records`. */
function compareClasses(district: Pick<GeneratedDistrict, 'source'>, records: number): BenchSubjects['compare'] {
  const liveUsers = new Set(district.source.users.filter((u) => u.status === 'active').map((u) => u.sourcedId));
  const perClass = new Map<string, number>();
  for (const enrollment of district.source.enrollments) {
    if (enrollment.status !== 'active' || enrollment.role !== 'student' || !liveUsers.has(enrollment.userSourcedId)) continue;
    perClass.set(enrollment.classSourcedId, (perClass.get(enrollment.classSourcedId) ?? 0) + 1);
  }
  const classSourcedIds: string[] = [];
  let studentEnrollments = 0;
  for (const schoolClass of district.source.classes) {
    if (studentEnrollments >= records) break;
    if (schoolClass.status !== 'active') continue;
    const n = perClass.get(schoolClass.sourcedId) ?? 0;
    if (n === 0) continue;
    classSourcedIds.push(schoolClass.sourcedId);
    studentEnrollments += n;
  }
  return { classSourcedIds, studentEnrollments };
}
