import type { BaselineRoster } from './baseline-roster';
import type {
  ClassRef,
  DistrictBuilder,
  EnrollmentRef,
  LinkSides,
  PersonRef,
  Presence,
  Presences,
  SchoolRef,
} from './district-builder';
import type {
  AmbiguousCase,
  CleanControl,
  DiagnosticStatus,
  FindingKind,
  PlantedFault,
  SourceUserRole,
  ToolCall,
} from './district-model';
import {
  emailSafe,
  GIVEN_NAMES,
  type GradeCode,
  gradeLabel,
  RESERVED_FAMILY_NAMES,
  RESERVED_GIVEN_NAMES,
  subjectsForGrade,
} from './name-pools';
import { parentEmail, phoneNumber, studentEmail } from './people';
import type { SeededRandom } from './prng';

/**
 * The fault catalogue: at least one planted fault of every finding kind, each in its own
 * family of people with a reserved family name (so a name lookup finds exactly them), plus
 * clean controls that must give NO_ISSUE and inputs that must give INCONCLUSIVE.
 *
 * Each expectation below is the rule book (contract/DIAGNOSTICS.md) applied by hand to the
 * records the family creates; the catalogue spec checks them again with a small reference
 * implementation of the tools.
 */
export interface CatalogResult {
  plantedFaults: PlantedFault[];
  cleanControls: CleanControl[];
  ambiguous: AmbiguousCase[];
}

interface PlantedStudent {
  ref: PersonRef;
  school: SchoolRef;
  grade: GradeCode;
  enrollments: EnrollmentRef[];
}

/** A family name nobody in the district carries, kept for the "matches nobody" inputs. */
const UNUSED_FAMILY_NAME = 'Fairweather';

export function plantCatalog(options: {
  builder: DistrictBuilder;
  rng: SeededRandom;
  roster: BaselineRoster;
  state: string;
}): CatalogResult {
  const catalog = new Catalog(options);
  plantControls(catalog);
  plantStudentSearchFaults(catalog);
  plantStudentMismatchFaults(catalog);
  plantMissingDataFaults(catalog);
  plantParentEmailFaults(catalog);
  plantCampusTransferFaults(catalog);
  return catalog.result;
}

class Catalog {
  readonly builder: DistrictBuilder;
  readonly rng: SeededRandom;
  readonly roster: BaselineRoster;
  readonly result: CatalogResult = { plantedFaults: [], cleanControls: [], ambiguous: [] };
  readonly elementary: [SchoolRef, SchoolRef, SchoolRef];
  readonly middle: SchoolRef;
  readonly high: SchoolRef;
  readonly #state: string;
  readonly #familyNames: string[];
  /** Named students other families can refer to (e.g. the student a parent asks about). */
  readonly bystanders: PlantedStudent[] = [];

  constructor(options: { builder: DistrictBuilder; rng: SeededRandom; roster: BaselineRoster; state: string }) {
    this.builder = options.builder;
    this.rng = options.rng;
    this.roster = options.roster;
    this.#state = options.state;
    this.#familyNames = RESERVED_FAMILY_NAMES.filter((name) => name !== UNUSED_FAMILY_NAME && !FIXED_FAMILY_NAMES.has(name));
    const { elementary, middle, high } = options.roster.schoolsByLevel;
    if (elementary.length < 2 || !middle[0] || !high[0]) {
      throw new Error(
        `The fault catalogue needs at least 2 elementary, 1 middle and 1 high school; got ${elementary.length}, ${middle.length} and ${high.length} (raise schools to 5 or more)`,
      );
    }
    const [e0, e1] = elementary as [SchoolRef, SchoolRef];
    this.elementary = [e0, e1, elementary[2] ?? e0];
    this.middle = middle[0];
    this.high = high[0];
  }

  familyName(): string {
    const name = this.#familyNames.shift();
    if (!name) throw new Error('The fault catalogue ran out of reserved family names: add more to RESERVED_FAMILY_NAMES');
    return name;
  }

  /** A student with a campus membership and one class per subject, each side as stated. */
  student(options: {
    familyName: string;
    school: SchoolRef;
    grade: GradeCode;
    givenName?: string;
    middleName?: string | null;
    presences?: Presences;
    membership?: Presence;
    enrollments?: (subjectIndex: number) => Presences;
  }): PlantedStudent {
    const givenName = options.givenName ?? this.rng.pick(GIVEN_NAMES);
    const ref = this.builder.addPerson({
      role: 'student',
      givenName,
      familyName: options.familyName,
      middleName: options.middleName ?? null,
      identifier: this.roster.studentNumbers.next(),
      email: studentEmail(this.builder, { givenName, familyName: options.familyName, domain: this.roster.emailDomain }),
      grade: options.grade,
      ...options.presences,
    });
    this.builder.addMembership({ person: ref, school: options.school, bookmarked: options.membership ?? 'live' });
    const sourceAbsent = options.presences?.source === 'absent';
    const enrollments = this.roster.enrollInGradeClasses({
      student: ref,
      school: options.school,
      grade: options.grade,
      // A student unknown to the SIS has no source enrollments either.
      presences: (subjectIndex) => ({
        ...options.enrollments?.(subjectIndex),
        ...(sourceAbsent ? { source: 'absent' as const } : {}),
      }),
    });
    return { ref, school: options.school, grade: options.grade, enrollments };
  }

  parent(options: {
    familyName: string;
    givenName?: string;
    email?: string;
    role?: SourceUserRole;
    presences?: Presences;
  }): PersonRef {
    const givenName = options.givenName ?? this.rng.pick(RESERVED_GIVEN_NAMES);
    return this.builder.addPerson({
      role: options.role ?? 'parent',
      givenName,
      familyName: options.familyName,
      email: options.email ?? parentEmail(this.builder, this.rng, { givenName, familyName: options.familyName }),
      phone: phoneNumber(this.rng, this.#state),
      ...options.presences,
    });
  }

  link(
    parent: PersonRef,
    student: PlantedStudent,
    options: { sides?: LinkSides; bookmarked?: Presence; origin?: 'sis' | 'invite' | 'manual' } = {},
  ): void {
    this.builder.addGuardianLink({
      parent,
      student: student.ref,
      sourceSides: options.sides ?? (student.ref.source ? 'both' : 'none'),
      bookmarked: options.bookmarked ?? 'live',
      origin: options.origin ?? 'sis',
    });
  }

  /** Parents belong to their children's campuses (every SIS user needs one: 1.2 states roles per campus). */
  campusesForParents(parents: PersonRef[], children: PlantedStudent[]): void {
    const schools = new Set(children.map((child) => child.school));
    for (const parent of parents) for (const school of schools) this.builder.addMembership({ person: parent, school });
  }

  /** A student with one or two parents linked on both sides: the usual clean family. */
  family(options: Parameters<Catalog['student']>[0] & { parents?: number }): { child: PlantedStudent; parents: PersonRef[] } {
    const child = this.student(options);
    const parents: PersonRef[] = [];
    const used = new Set<string>();
    for (let i = 0; i < (options.parents ?? 2); i++) {
      let givenName = this.rng.pick(RESERVED_GIVEN_NAMES);
      while (used.has(givenName)) givenName = this.rng.pick(RESERVED_GIVEN_NAMES);
      used.add(givenName);
      const parent = this.parent({ familyName: options.familyName, givenName });
      this.link(parent, child);
      parents.push(parent);
    }
    this.campusesForParents(parents, [child]);
    return { child, parents };
  }

  /** A dedicated class, so a class-level fault touches nobody else. */
  extraClass(options: { school: SchoolRef; grade: GradeCode; title: string; code: string } & Presences): ClassRef {
    const course = this.builder.addCourse({
      school: options.school,
      title: options.title,
      courseCode: options.code,
      grade: options.grade,
      subject: options.title,
    });
    return this.builder.addClass({
      school: options.school,
      course,
      title: options.title,
      classCode: `${options.code}-01`,
      grade: options.grade,
      subject: options.title,
      location: 'Room 210',
      period: '7',
      source: options.source,
      bookmarked: options.bookmarked,
    });
  }

  teacherAt(school: SchoolRef, index: number): PersonRef {
    const teachers = this.roster.teachersBySchool.get(school) ?? [];
    const teacher = teachers[index % Math.max(1, teachers.length)];
    if (!teacher) throw new Error(`${school.summary.name} has no teachers`);
    return teacher;
  }

  fault(fault: PlantedFault): void {
    const precedence = statusByPrecedence(fault.expectedKinds);
    if (fault.tool !== 'studentMismatch' && fault.expectedStatus !== precedence) {
      throw new Error(
        `Catalogue fault ${fault.id}: status ${fault.expectedStatus} contradicts the precedence of its kinds (${precedence})`,
      );
    }
    this.result.plantedFaults.push(fault);
  }

  control(id: string, description: string, call: ToolCall): void {
    this.result.cleanControls.push({ id, description, ...call });
  }

  ambiguous(id: string, description: string, call: ToolCall): void {
    this.result.ambiguous.push({ id, description, ...call });
  }
}

/** Status precedence: any SOURCE finding, else any finding, else none. */
export function statusByPrecedence(kinds: readonly FindingKind[]): DiagnosticStatus {
  if (kinds.some((kind) => kind.endsWith('_IN_SOURCE'))) return 'ISSUE_IN_SOURCE';
  return kinds.length > 0 ? 'ISSUE_IN_BOOKMARKED' : 'NO_ISSUE';
}

function repeat<T>(item: T, times: number): T[] {
  return Array.from({ length: times }, () => item);
}

function liveSourceEnrollments(student: PlantedStudent): EnrollmentRef[] {
  return student.enrollments.filter((enrollment) => enrollment.source?.status === 'active');
}

/** "Given Family" as the SIS spells it (Bookmarked when the SIS has no record). */
function nameOf(student: PlantedStudent | PersonRef): string {
  const ref = 'ref' in student ? student.ref : student;
  const record = ref.source ?? ref.bookmarked;
  return `${record?.givenName} ${record?.familyName}`;
}

function lastFirst(student: PlantedStudent): string {
  const record = student.ref.source ?? student.ref.bookmarked;
  return `${record?.familyName}, ${record?.givenName}`;
}

function emailOf(person: PersonRef): string {
  const email = person.source?.email ?? person.bookmarked?.email;
  if (!email) throw new Error(`Person ${person.sourcedId} has no email`);
  return email;
}

// ---------------------------------------------------------------------------------------
// Clean controls and ambiguous inputs. Planted first so faults can name these students.

const FIXED_FAMILY_NAMES = new Set(['Peñaloza', 'Thibodeaux', 'Castellanos', 'Quintanilla', 'Villaseñor']);

function plantControls(catalog: Catalog): void {
  const [e0, e1] = catalog.elementary;
  const { middle, high } = catalog;

  // Names that differ between the systems only by accents, case and spacing.
  const jose = catalog.family({ familyName: 'Peñaloza', givenName: 'José', middleName: 'Luis', school: e0, grade: '04' }).child;
  if (jose.ref.bookmarked) {
    jose.ref.bookmarked.givenName = 'JOSE';
    jose.ref.bookmarked.familyName = 'Penaloza';
  }
  catalog.control(
    'control.studentSearch.accentsAndCase',
    'Bookmarked spells the name "JOSE Penaloza": equal after normalisation, not a FIELD_MISMATCH',
    {
      tool: 'studentSearch',
      input: { query: 'Jose Penaloza' },
    },
  );
  catalog.control('control.studentSearch.lastFirst', '"Last, First" with accents finds the same student', {
    tool: 'studentSearch',
    input: { query: 'PEÑALOZA, José' },
  });
  catalog.control('control.studentSearch.middleNameIgnored', 'A middle name in the query is ignored', {
    tool: 'studentSearch',
    input: { query: 'José Luis Peñaloza' },
  });
  catalog.control('control.missingData.accentsAndSpacing', 'Extra spaces and no accents, school by code', {
    tool: 'missingData',
    input: { studentName: 'jose   penaloza', school: e0.summary.code },
  });

  // Co-taught class, identical in both systems; email differs only by case in Bookmarked.
  const zoeFamily = catalog.family({ familyName: 'Thibodeaux', givenName: 'Zoë', school: high, grade: '12' });
  const zoe = zoeFamily.child;
  const seminar = catalog.extraClass({ school: high, grade: '12', title: 'AP Seminar, "Research & Argument"', code: 'APSEM12' });
  catalog.builder.addEnrollment({ klass: seminar, person: catalog.teacherAt(high, 0), role: 'teacher' });
  catalog.builder.addEnrollment({ klass: seminar, person: catalog.teacherAt(high, 1), role: 'teacher', primary: false });
  zoe.enrollments.push(catalog.builder.addEnrollment({ klass: seminar, person: zoe.ref, role: 'student' }));
  if (zoe.ref.bookmarked) {
    zoe.ref.bookmarked.givenName = 'Zoe';
    zoe.ref.bookmarked.email = zoe.ref.bookmarked.email?.toUpperCase() ?? null;
  }
  catalog.control('control.studentSearch.emailCase', 'Email query in upper case; Bookmarked stores the email in upper case', {
    tool: 'studentSearch',
    input: { query: emailOf(zoe.ref).toUpperCase() },
  });
  catalog.control('control.studentSearch.studentNumber', 'Lookup by student number', {
    tool: 'studentSearch',
    input: { query: zoe.ref.source?.identifier ?? '' },
  });
  catalog.control('control.studentSearch.sourcedId', 'Lookup by sourcedId', {
    tool: 'studentSearch',
    input: { query: zoe.ref.sourcedId },
  });
  catalog.control('control.missingData.coTaughtClass', 'A class with two teachers, the same two in both systems', {
    tool: 'missingData',
    input: { studentName: 'Zoe Thibodeaux' },
  });

  // A parent with children at two campuses, each link listed on one side only in the SIS.
  const familyName = 'Castellanos';
  const younger = catalog.student({ familyName, givenName: 'Lucía', school: e1, grade: '01' });
  const older = catalog.student({ familyName, givenName: 'Andrés', school: high, grade: '10' });
  const renee = catalog.parent({ familyName, givenName: 'Renée', email: 'Renee.Castellanos@Gmail.com' });
  const otherParent = catalog.parent({ familyName, givenName: 'Ulises' });
  catalog.link(renee, younger, { sides: 'student' });
  catalog.link(renee, older, { sides: 'parent' });
  catalog.link(otherParent, younger);
  catalog.link(otherParent, older);
  catalog.campusesForParents([renee, otherParent], [younger, older]);
  if (renee.bookmarked) {
    renee.bookmarked.givenName = 'Renee';
    renee.bookmarked.email = 'renee.castellanos@gmail.com';
  }
  catalog.control(
    'control.parentEmailConflicts.twoCampuses',
    'One parent, children at two campuses; email and accents differ only by case',
    {
      tool: 'parentEmailConflicts',
      input: { parentEmail: ' renee.castellanos@gmail.com ' },
    },
  );
  catalog.control('control.studentMismatch.unrelatedStudent', 'The parent names a student linked to them in neither system', {
    tool: 'studentMismatch',
    input: { parentEmail: 'Renee.Castellanos@gmail.com', studentName: nameOf(zoe) },
  });
  catalog.control('control.missingData.secondCampus', 'The older child, at the high school, school by name', {
    tool: 'missingData',
    input: { studentName: nameOf(older), school: high.summary.name },
  });
  catalog.control('control.studentSearch.oneSidedLink', 'The younger child, linked only from the student side', {
    tool: 'studentSearch',
    input: { query: nameOf(younger) },
  });

  // Two different students with the same name.
  const sofia1 = catalog.family({ familyName: 'Quintanilla', givenName: 'Sofía', school: e1, grade: '02' }).child;
  const sofia2 = catalog.family({ familyName: 'Quintanilla', givenName: 'Sofía', school: middle, grade: '07' }).child;
  catalog.control('control.studentSearch.sharedName', 'Two students share the name: two clean results, not INCONCLUSIVE', {
    tool: 'studentSearch',
    input: { query: 'Sofia Quintanilla' },
  });
  catalog.control('control.missingData.sharedNameNarrowedBySchool', 'The school tells the two apart (by name)', {
    tool: 'missingData',
    input: { studentName: 'Sofía Quintanilla', school: sofia1.school.summary.name },
  });
  catalog.control('control.missingData.sharedNameNarrowedByCode', 'The school tells the two apart (by code, "Last, First")', {
    tool: 'missingData',
    input: { studentName: 'Quintanilla, Sofia', school: sofia2.school.summary.code },
  });
  catalog.ambiguous('ambiguous.missingData.sharedName', 'Two students named Sofía Quintanilla and no school to tell them apart', {
    tool: 'missingData',
    input: { studentName: 'Sofia Quintanilla' },
  });

  // A transfer done right: the SIS and Bookmarked both moved the student.
  const transferName = catalog.familyName();
  const transferred = catalog.family({
    familyName: transferName,
    school: e0,
    grade: '03',
    enrollments: () => ({}),
  }).child;
  addOldCampus(catalog, transferred, e1, {
    membership: 'deleted',
    enrollments: (subjectIndex) =>
      subjectIndex < 3 ? { source: 'deleted', bookmarked: 'deleted' } : { source: 'absent', bookmarked: 'deleted' },
  });
  catalog.control(
    'control.campusTransfer.done',
    'Moved in both systems; old membership and enrollments soft-deleted in Bookmarked',
    {
      tool: 'campusTransfer',
      input: { studentName: nameOf(transferred), oldCampus: e1.summary.code, newCampus: e0.summary.sourcedId },
    },
  );
  catalog.control('control.campusTransfer.doneByName', 'The same, campuses by name, student "Last, First"', {
    tool: 'campusTransfer',
    input: { studentName: lastFirst(transferred), oldCampus: e1.summary.name, newCampus: e0.summary.name },
  });

  catalog.ambiguous('ambiguous.studentSearch.nobody', 'The name matches nobody in either system', {
    tool: 'studentSearch',
    input: { query: `Bartholomew ${UNUSED_FAMILY_NAME}` },
  });
  catalog.ambiguous('ambiguous.missingData.nobody', 'The name matches nobody in either system', {
    tool: 'missingData',
    input: { studentName: `Bartholomew ${UNUSED_FAMILY_NAME}` },
  });
  catalog.ambiguous('ambiguous.parentEmailConflicts.unknownEmail', 'The email is in neither system', {
    tool: 'parentEmailConflicts',
    input: { parentEmail: 'nobody.at.all@example.com' },
  });
  catalog.ambiguous('ambiguous.studentMismatch.unknownEmail', 'No parent has this email in either system', {
    tool: 'studentMismatch',
    input: { parentEmail: 'nobody.at.all@example.com', studentName: nameOf(jose) },
  });
  catalog.ambiguous('ambiguous.campusTransfer.unknownCampus', 'The old campus resolves in neither system', {
    tool: 'campusTransfer',
    input: {
      studentName: nameOf(transferred),
      oldCampus: 'Hogwarts School of Witchcraft and Wizardry',
      newCampus: e0.summary.name,
    },
  });
  catalog.bystanders.push(jose, zoe, younger, older, sofia1, sofia2, transferred);
}

/**
 * Gives a student a previous campus: a membership and one class per subject there, each side
 * as stated (the SIS membership is never listed: the student has left).
 */
function addOldCampus(
  catalog: Catalog,
  student: PlantedStudent,
  oldSchool: SchoolRef,
  options: { membership: Presence; enrollments: (subjectIndex: number) => Presences },
): EnrollmentRef[] {
  catalog.builder.addMembership({ person: student.ref, school: oldSchool, inSource: false, bookmarked: options.membership });
  return catalog.roster.enrollInGradeClasses({
    student: student.ref,
    school: oldSchool,
    grade: student.grade,
    presences: options.enrollments,
  });
}

// ---------------------------------------------------------------------------------------
// Student Search

function plantStudentSearchFaults(catalog: Catalog): void {
  const [e0, e1] = catalog.elementary;
  const { middle, high } = catalog;

  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e0,
      grade: '03',
      presences: { bookmarked: 'absent' },
    }).child;
    catalog.fault({
      id: 'studentSearch.studentNotInBookmarked',
      kind: 'STUDENT_NOT_IN_BOOKMARKED',
      description: 'The SIS has the student; Bookmarked has no row at all (nor its enrollments, membership or links)',
      tool: 'studentSearch',
      input: { query: nameOf(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['STUDENT_NOT_IN_BOOKMARKED'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e1,
      grade: '05',
      presences: { bookmarked: 'deleted' },
    }).child;
    catalog.fault({
      id: 'studentSearch.studentSoftDeletedInBookmarked',
      kind: 'STUDENT_NOT_IN_BOOKMARKED',
      description: 'Bookmarked soft-deleted the student; its enrollment and link rows stay without deleted_at but are not live',
      tool: 'studentSearch',
      input: { query: child.ref.source?.identifier ?? '' },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['STUDENT_NOT_IN_BOOKMARKED'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: middle,
      grade: '08',
      presences: { source: 'absent' },
    }).child;
    catalog.fault({
      id: 'studentSearch.studentNotInSource',
      kind: 'STUDENT_NOT_IN_SOURCE',
      description: 'Bookmarked has a live student (with classes and parent links) the SIS does not have at all',
      tool: 'studentSearch',
      input: { query: nameOf(child) },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['STUDENT_NOT_IN_SOURCE'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: high,
      grade: '11',
      presences: { source: 'deleted' },
    }).child;
    catalog.fault({
      id: 'studentSearch.studentTobedeletedInSource',
      kind: 'STUDENT_NOT_IN_SOURCE',
      description: 'The SIS marks the student tobedeleted (its parents still list it); Bookmarked keeps it live',
      tool: 'studentSearch',
      input: { query: child.ref.bookmarked?.identifier ?? '' },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['STUDENT_NOT_IN_SOURCE'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({ familyName: catalog.familyName(), school: middle, grade: '07' }).child;
    if (child.ref.bookmarked) child.ref.bookmarked.grade = '06';
    catalog.fault({
      id: 'studentSearch.gradeMismatch',
      kind: 'FIELD_MISMATCH',
      description: "Bookmarked still has last year's grade (06; the SIS says 07)",
      tool: 'studentSearch',
      input: { query: nameOf(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['FIELD_MISMATCH'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({ familyName: catalog.familyName(), school: e0, grade: 'KG' }).child;
    if (child.ref.bookmarked) child.ref.bookmarked.email = `old.${child.ref.bookmarked.email}`;
    catalog.fault({
      id: 'studentSearch.emailMismatch',
      kind: 'FIELD_MISMATCH',
      description: 'Bookmarked has an old email address for the student',
      tool: 'studentSearch',
      input: { query: child.ref.source?.identifier ?? '' },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['FIELD_MISMATCH'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const familyName = catalog.familyName();
    const child = catalog.family({ familyName: `${familyName}-Ortega`, school: high, grade: '10' }).child;
    if (child.ref.bookmarked) {
      child.ref.bookmarked.familyName = familyName;
      child.ref.bookmarked.grade = '09';
    }
    catalog.fault({
      id: 'studentSearch.nameAndGradeMismatch',
      kind: 'FIELD_MISMATCH',
      description:
        'The SIS changed the family name (now hyphenated) and grade; Bookmarked has the old ones: one FIELD_MISMATCH for the record',
      tool: 'studentSearch',
      input: { query: child.ref.sourcedId },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['FIELD_MISMATCH'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({ familyName: catalog.familyName(), school: high, grade: '12', membership: 'absent' }).child;
    catalog.fault({
      id: 'studentSearch.membershipNotInBookmarked',
      kind: 'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
      description: 'The SIS lists the student at the high school; Bookmarked has no membership there',
      tool: 'studentSearch',
      input: { query: nameOf(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED'],
      sourcedIds: [child.ref.sourcedId, high.summary.sourcedId],
    });
  }
  {
    const child = catalog.family({ familyName: catalog.familyName(), school: high, grade: '09' }).child;
    catalog.builder.addMembership({ person: child.ref, school: middle, inSource: false, bookmarked: 'live' });
    catalog.fault({
      id: 'studentSearch.staleMembership',
      kind: 'STALE_SCHOOL_MEMBERSHIP',
      description: "Bookmarked still has the student at last year's middle school",
      tool: 'studentSearch',
      input: { query: lastFirst(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['STALE_SCHOOL_MEMBERSHIP'],
      sourcedIds: [child.ref.sourcedId, middle.summary.sourcedId],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e1,
      grade: '02',
      presences: { bookmarked: 'absent' },
    }).child;
    catalog.builder.addSyncError({
      entityType: 'user',
      sourcedId: child.ref.sourcedId,
      message: `users.csv: user ${child.ref.sourcedId} rejected: grades "2" is not a OneRoster grade code`,
    });
    catalog.fault({
      id: 'studentSearch.importRejected',
      kind: 'IMPORT_REJECTED',
      description: 'The last sync rejected the student (sync_errors row); Bookmarked has no row',
      tool: 'studentSearch',
      input: { query: nameOf(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['STUDENT_NOT_IN_BOOKMARKED', 'IMPORT_REJECTED'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
}

// ---------------------------------------------------------------------------------------
// Student Mismatch Resolver

function plantStudentMismatchFaults(catalog: Catalog): void {
  const [e0, e1] = catalog.elementary;
  const { middle, high } = catalog;

  for (const origin of ['sis', 'manual'] as const) {
    const { parents } = catalog.family({ familyName: catalog.familyName(), school: e0, grade: '01' });
    const stranger = catalog.family({ familyName: catalog.familyName(), school: e1, grade: '02' }).child;
    const parent = parents[0] as PersonRef;
    catalog.link(parent, stranger, { sides: 'none', origin });
    catalog.fault({
      id: origin === 'sis' ? 'studentMismatch.phantomSisLink' : 'studentMismatch.phantomManualLink',
      kind: 'PHANTOM_PARENT_LINK',
      description: `Bookmarked links the parent to a student of another family (origin '${origin}'); the SIS does not`,
      tool: 'studentMismatch',
      input: { parentEmail: emailOf(parent), studentName: nameOf(stranger) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['PHANTOM_PARENT_LINK'],
      sourcedIds: [parent.sourcedId, stranger.ref.sourcedId],
    });
  }
  {
    const wrongChild = catalog.family({ familyName: catalog.familyName(), school: e1, grade: '03' }).child;
    const ownChild = catalog.family({ familyName: catalog.familyName(), school: e1, grade: '05' }).child;
    const familyName = catalog.familyName();
    const invited = catalog.builder.addInvitedParent({
      givenName: 'Esperanza',
      familyName,
      email: `esperanza.${emailSafe(familyName)}@icloud.com`,
    });
    catalog.link(invited, wrongChild, { sides: 'none', origin: 'invite' });
    catalog.link(invited, ownChild, { sides: 'none', origin: 'invite' });
    catalog.fault({
      id: 'studentMismatch.inviteOnlyParent',
      kind: 'PHANTOM_PARENT_LINK',
      description:
        'A parent who joined by invitation (no sourcedId, unknown to the SIS) is linked to two students: each link is a PHANTOM_PARENT_LINK',
      tool: 'studentMismatch',
      input: { parentEmail: emailOf(invited), studentName: nameOf(wrongChild) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['PHANTOM_PARENT_LINK', 'PHANTOM_PARENT_LINK'],
      sourcedIds: [wrongChild.ref.sourcedId, ownChild.ref.sourcedId],
    });
  }
  {
    const familyName = catalog.familyName();
    const first = catalog.student({ familyName, school: e0, grade: '02' });
    const second = catalog.student({ familyName, school: middle, grade: '06', givenName: 'Octavio' });
    const parent = catalog.parent({ familyName });
    const otherParent = catalog.parent({ familyName, givenName: 'Wilhelmina' });
    catalog.link(parent, first);
    catalog.link(parent, second, { bookmarked: 'deleted' });
    catalog.link(otherParent, first);
    catalog.link(otherParent, second);
    catalog.campusesForParents([parent, otherParent], [first, second]);
    const bystander = catalog.bystanders[0] as PlantedStudent;
    catalog.fault({
      id: 'studentMismatch.linkNotInBookmarked',
      kind: 'PARENT_LINK_NOT_IN_BOOKMARKED',
      description:
        'The SIS links the parent to two children; Bookmarked soft-deleted one of the links. The named student is unrelated',
      tool: 'studentMismatch',
      input: { parentEmail: emailOf(parent), studentName: nameOf(bystander) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['PARENT_LINK_NOT_IN_BOOKMARKED'],
      sourcedIds: [parent.sourcedId, second.ref.sourcedId],
    });
  }
  {
    const first = catalog.family({ familyName: catalog.familyName(), school: e0, grade: '05', parents: 0 });
    const sharedEmail = `${emailSafe(first.child.ref.source?.familyName ?? '')}.household@gmail.com`;
    const second = catalog.family({ familyName: catalog.familyName(), school: high, grade: '09', parents: 0 });
    const firstParent = catalog.parent({ familyName: first.child.ref.source?.familyName ?? '', email: sharedEmail });
    const secondParent = catalog.parent({
      familyName: second.child.ref.source?.familyName ?? '',
      email: sharedEmail,
      role: 'guardian',
    });
    catalog.link(firstParent, first.child);
    catalog.link(secondParent, second.child);
    catalog.campusesForParents([firstParent], [first.child]);
    catalog.campusesForParents([secondParent], [second.child]);
    catalog.fault({
      id: 'studentMismatch.sisAssignsStudentToSharedEmail',
      kind: 'DUPLICATE_EMAIL_IN_SOURCE',
      description:
        'Two unrelated SIS parents share one email, so the student of one shows for the other; the named student is linked in the SIS: ISSUE_IN_SOURCE',
      tool: 'studentMismatch',
      input: { parentEmail: sharedEmail, studentName: nameOf(second.child) },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['DUPLICATE_EMAIL_IN_SOURCE'],
      sourcedIds: [firstParent.sourcedId, secondParent.sourcedId, second.child.ref.sourcedId],
    });
  }
  {
    // Two students named Mateo Villaseñor; only one is linked to the parent (in Bookmarked).
    const mateoHere = catalog.family({ familyName: 'Villaseñor', givenName: 'Mateo', school: e0, grade: '04' }).child;
    const mateoThere = catalog.family({ familyName: 'Villaseñor', givenName: 'Mateo', school: high, grade: '11' }).child;
    const { parents } = catalog.family({ familyName: catalog.familyName(), school: e0, grade: '04' });
    const parent = parents[0] as PersonRef;
    catalog.link(parent, mateoThere, { sides: 'none' });
    catalog.fault({
      id: 'studentMismatch.ambiguousNameResolvedThroughLink',
      kind: 'PHANTOM_PARENT_LINK',
      description:
        'Two students share the name; exactly one is linked to the parent (a phantom sis link), so the name resolves to that one',
      tool: 'studentMismatch',
      input: { parentEmail: emailOf(parent), studentName: 'Mateo Villaseñor' },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['PHANTOM_PARENT_LINK'],
      sourcedIds: [parent.sourcedId, mateoThere.ref.sourcedId],
    });
    catalog.ambiguous(
      'ambiguous.studentMismatch.sharedNameNotLinked',
      'Two students named Mateo Villaseñor, neither linked to this parent',
      {
        tool: 'studentMismatch',
        input: { parentEmail: 'Renee.Castellanos@gmail.com', studentName: 'Mateo Villasenor' },
      },
    );
    catalog.bystanders.push(mateoHere);
  }
}

// ---------------------------------------------------------------------------------------
// Missing Data Finder

function plantMissingDataFaults(catalog: Catalog): void {
  const [e0, e1] = catalog.elementary;
  const { middle, high } = catalog;

  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e1,
      grade: '05',
      presences: { bookmarked: 'absent' },
    }).child;
    catalog.fault({
      id: 'missingData.studentNotInBookmarked',
      kind: 'STUDENT_NOT_IN_BOOKMARKED',
      description: 'The student never reached Bookmarked: the student and every one of its enrollments are missing',
      tool: 'missingData',
      input: { studentName: nameOf(child), school: e1.summary.name },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: [
        'STUDENT_NOT_IN_BOOKMARKED',
        ...repeat<FindingKind>('ENROLLMENT_NOT_IN_BOOKMARKED', liveSourceEnrollments(child).length),
      ],
      sourcedIds: [child.ref.sourcedId, ...liveSourceEnrollments(child).map((enrollment) => enrollment.sourcedId)],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: middle,
      grade: '06',
      presences: { bookmarked: 'absent' },
    }).child;
    catalog.builder.addSyncError({
      entityType: 'user',
      sourcedId: child.ref.sourcedId,
      message: `users.csv: user ${child.ref.sourcedId} rejected: agentSourcedIds references an unknown user`,
    });
    catalog.fault({
      id: 'missingData.importRejected',
      kind: 'IMPORT_REJECTED',
      description: 'The sync rejected the student (sync_errors), so it and its enrollments are missing in Bookmarked',
      tool: 'missingData',
      input: { studentName: lastFirst(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: [
        'STUDENT_NOT_IN_BOOKMARKED',
        'IMPORT_REJECTED',
        ...repeat<FindingKind>('ENROLLMENT_NOT_IN_BOOKMARKED', liveSourceEnrollments(child).length),
      ],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e0,
      grade: '01',
      enrollments: () => ({ source: 'deleted', bookmarked: 'deleted' }),
    }).child;
    catalog.fault({
      id: 'missingData.noEnrollmentInSource',
      kind: 'ENROLLMENT_NOT_IN_SOURCE',
      description: 'Every enrollment of the student is tobedeleted in the SIS (and deleted in Bookmarked): no schedule at all',
      tool: 'missingData',
      input: { studentName: nameOf(child) },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['ENROLLMENT_NOT_IN_SOURCE'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
  for (const variant of ['absent', 'deleted'] as const) {
    const school = variant === 'absent' ? high : middle;
    const grade: GradeCode = variant === 'absent' ? '11' : '08';
    const child = catalog.family({ familyName: catalog.familyName(), school, grade }).child;
    const klass = catalog.extraClass({
      school,
      grade,
      title: variant === 'absent' ? 'Independent Study: Robotics' : 'Theater Arts: "Our Town", Grade 8',
      code: variant === 'absent' ? 'ISROB11' : 'THEA08',
      bookmarked: variant,
    });
    // With the class deleted in Bookmarked, the enrollment rows stay but are not live.
    catalog.builder.addEnrollment({ klass, person: catalog.teacherAt(school, 2), role: 'teacher' });
    const enrollment = catalog.builder.addEnrollment({ klass, person: child.ref, role: 'student' });
    child.enrollments.push(enrollment);
    catalog.fault({
      id: variant === 'absent' ? 'missingData.classNotInBookmarked' : 'missingData.classDeletedInBookmarked',
      kind: 'CLASS_NOT_IN_BOOKMARKED',
      description:
        variant === 'absent'
          ? "A class the SIS has is missing in Bookmarked, with the student's enrollment in it"
          : 'Bookmarked soft-deleted a live class; the enrollment rows in it remain but are not live',
      tool: 'missingData',
      input:
        variant === 'absent' ? { studentName: nameOf(child) } : { studentName: lastFirst(child), school: school.summary.code },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['CLASS_NOT_IN_BOOKMARKED', 'ENROLLMENT_NOT_IN_BOOKMARKED'],
      sourcedIds: [child.ref.sourcedId, klass.sourcedId, enrollment.sourcedId],
    });
  }
  for (const variant of ['absent', 'deleted'] as const) {
    const subjectIndex = variant === 'absent' ? 2 : 3;
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: variant === 'absent' ? e0 : high,
      grade: variant === 'absent' ? '03' : '10',
      enrollments: (index) => (index === subjectIndex ? { bookmarked: variant } : {}),
    }).child;
    const enrollment = child.enrollments[subjectIndex] as EnrollmentRef;
    catalog.fault({
      id: variant === 'absent' ? 'missingData.enrollmentNotInBookmarked' : 'missingData.enrollmentDeletedInBookmarked',
      kind: 'ENROLLMENT_NOT_IN_BOOKMARKED',
      description: `One enrollment (${subjectsForGrade(child.grade)[subjectIndex]?.title}, ${gradeLabel(child.grade)}) is ${variant === 'absent' ? 'missing' : 'soft-deleted'} in Bookmarked`,
      tool: 'missingData',
      input: { studentName: nameOf(child), school: child.school.summary.sourcedId },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['ENROLLMENT_NOT_IN_BOOKMARKED'],
      sourcedIds: [child.ref.sourcedId, enrollment.sourcedId],
    });
  }
  {
    const child = catalog.family({ familyName: catalog.familyName(), school: middle, grade: '07' }).child;
    const klass = catalog.extraClass({ school: middle, grade: '07', title: 'Study Skills, Grade 7', code: 'STSK07' });
    const newTeacher = catalog.teacherAt(middle, 1);
    const formerTeacher = catalog.teacherAt(middle, 3);
    catalog.builder.addEnrollment({ klass, person: newTeacher, role: 'teacher', bookmarked: 'absent' });
    catalog.builder.addEnrollment({ klass, person: formerTeacher, role: 'teacher', source: 'deleted' });
    child.enrollments.push(catalog.builder.addEnrollment({ klass, person: child.ref, role: 'student' }));
    catalog.fault({
      id: 'missingData.teacherMismatch',
      kind: 'TEACHER_MISMATCH',
      description: 'The SIS replaced the teacher of a class mid-year; Bookmarked still has the former teacher',
      tool: 'missingData',
      input: { studentName: nameOf(child) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['TEACHER_MISMATCH'],
      sourcedIds: [klass.sourcedId, newTeacher.sourcedId, formerTeacher.sourcedId],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e1,
      grade: '04',
      presences: { source: 'absent' },
    }).child;
    catalog.fault({
      id: 'missingData.studentNotInSource',
      kind: 'STUDENT_NOT_IN_SOURCE',
      description: 'Only Bookmarked has the student: nothing else is checked',
      tool: 'missingData',
      input: { studentName: nameOf(child), school: e1.summary.sourcedId },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['STUDENT_NOT_IN_SOURCE'],
      sourcedIds: [child.ref.sourcedId],
    });
  }
}

// ---------------------------------------------------------------------------------------
// Parent Email Conflicts

function plantParentEmailFaults(catalog: Catalog): void {
  const [e0, e1, e2] = catalog.elementary;
  const { middle, high } = catalog;

  {
    const placeholder = `noemail@${catalog.roster.emailDomain}`;
    const parents = [e0, middle, high].map((school, index) => {
      const { child } = catalog.family({
        familyName: catalog.familyName(),
        school,
        grade: (['02', '08', '12'] as const)[index] ?? '02',
        parents: 0,
      });
      const parent = catalog.parent({ familyName: child.ref.source?.familyName ?? '', email: placeholder });
      catalog.link(parent, child);
      catalog.campusesForParents([parent], [child]);
      return parent;
    });
    catalog.fault({
      id: 'parentEmailConflicts.placeholderEmail',
      kind: 'DUPLICATE_EMAIL_IN_SOURCE',
      description:
        "Three unrelated SIS parents carry the district's placeholder email; Bookmarked mirrors them as three accounts",
      tool: 'parentEmailConflicts',
      input: { parentEmail: placeholder.replace('noemail', 'NoEmail') },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['DUPLICATE_EMAIL_IN_SOURCE', 'DUPLICATE_ACCOUNT_IN_BOOKMARKED'],
      sourcedIds: parents.map((parent) => parent.sourcedId),
    });
  }
  {
    const { child, parents } = catalog.family({ familyName: catalog.familyName(), school: e1, grade: 'KG', parents: 1 });
    const parent = parents[0] as PersonRef;
    const email = emailOf(parent);
    const invited = catalog.builder.addInvitedParent({
      givenName: parent.source?.givenName ?? '',
      familyName: parent.source?.familyName ?? '',
      email: email.charAt(0).toUpperCase() + email.slice(1),
    });
    catalog.link(invited, child, { sides: 'none', origin: 'invite' });
    catalog.fault({
      id: 'parentEmailConflicts.inviteDuplicate',
      kind: 'DUPLICATE_ACCOUNT_IN_BOOKMARKED',
      description:
        'The parent joined by invitation before the sync created their account: two live Bookmarked accounts, one email (differing in case)',
      tool: 'parentEmailConflicts',
      input: { parentEmail: email },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['DUPLICATE_ACCOUNT_IN_BOOKMARKED'],
      sourcedIds: [parent.sourcedId],
    });
  }
  {
    const first = catalog.family({ familyName: catalog.familyName(), school: e2, grade: '03', parents: 0 }).child;
    const second = catalog.family({ familyName: catalog.familyName(), school: middle, grade: '06', parents: 0 }).child;
    const firstParent = catalog.parent({ familyName: first.ref.source?.familyName ?? '' });
    const email = emailOf(firstParent);
    // The sync matched the second parent to the first one's account by email.
    const secondParent = catalog.parent({
      familyName: second.ref.source?.familyName ?? '',
      email,
      presences: { bookmarked: 'absent' },
    });
    catalog.link(firstParent, first);
    catalog.link(secondParent, second);
    catalog.link(firstParent, second, { sides: 'none' });
    catalog.campusesForParents([firstParent], [first]);
    catalog.campusesForParents([secondParent], [second]);
    catalog.fault({
      id: 'parentEmailConflicts.mergedAccount',
      kind: 'MERGED_ACCOUNT_IN_BOOKMARKED',
      description: "Two SIS parents share an email; Bookmarked merged them into one account linked to both families' children",
      tool: 'parentEmailConflicts',
      input: { parentEmail: email.toUpperCase() },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['DUPLICATE_EMAIL_IN_SOURCE', 'MERGED_ACCOUNT_IN_BOOKMARKED'],
      sourcedIds: [firstParent.sourcedId, secondParent.sourcedId, first.ref.sourcedId, second.ref.sourcedId],
    });
  }
  {
    const familyName = catalog.familyName();
    const child = catalog.student({ familyName, school: high, grade: '11' });
    const parent = catalog.parent({ familyName, givenName: 'Guadalupe' });
    catalog.link(parent, child);
    catalog.campusesForParents([parent], [child]);
    if (parent.bookmarked) parent.bookmarked.givenName = 'Lupe';
    catalog.fault({
      id: 'parentEmailConflicts.nameMismatch',
      kind: 'FIELD_MISMATCH',
      description: 'Bookmarked has the parent as "Lupe"; the SIS says "Guadalupe"',
      tool: 'parentEmailConflicts',
      input: { parentEmail: emailOf(parent) },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['FIELD_MISMATCH'],
      sourcedIds: [parent.sourcedId],
    });
  }
}

// ---------------------------------------------------------------------------------------
// Campus Transfer Validator

function plantCampusTransferFaults(catalog: Catalog): void {
  const [e0, e1, e2] = catalog.elementary;

  {
    const child = catalog.family({ familyName: catalog.familyName(), school: e0, grade: '02' }).child;
    catalog.fault({
      id: 'campusTransfer.notInSource',
      kind: 'TRANSFER_NOT_IN_SOURCE',
      description: 'The ticket says the student moved; the SIS still lists the old campus only (Bookmarked mirrors it)',
      tool: 'campusTransfer',
      input: { studentName: nameOf(child), oldCampus: e0.summary.name, newCampus: e1.summary.name },
      expectedStatus: 'ISSUE_IN_SOURCE',
      expectedKinds: ['TRANSFER_NOT_IN_SOURCE'],
      sourcedIds: [child.ref.sourcedId, e0.summary.sourcedId],
    });
  }
  {
    const child = catalog.family({ familyName: catalog.familyName(), school: e1, grade: '04' }).child;
    // Old classes: tobedeleted (0-2) or gone (3-5) in the SIS; Bookmarked keeps 0, 1, 3, 4 live.
    const old = addOldCampus(catalog, child, e0, {
      membership: 'live',
      enrollments: (subjectIndex) => ({
        source: subjectIndex < 3 ? 'deleted' : 'absent',
        bookmarked: subjectIndex === 2 || subjectIndex === 5 ? 'deleted' : 'live',
      }),
    });
    const phantoms = old.filter((enrollment) => enrollment.bookmarked && !enrollment.bookmarked.deletedAt);
    catalog.fault({
      id: 'campusTransfer.staleMembershipAndPhantomEnrollments',
      kind: 'PHANTOM_ENROLLMENT',
      description: 'The SIS moved the student; Bookmarked keeps the old membership and four old-campus enrollments live',
      tool: 'campusTransfer',
      input: { studentName: nameOf(child), oldCampus: e0.summary.code, newCampus: e1.summary.code },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['STALE_SCHOOL_MEMBERSHIP', ...repeat<FindingKind>('PHANTOM_ENROLLMENT', phantoms.length)],
      sourcedIds: [child.ref.sourcedId, e0.summary.sourcedId, ...phantoms.map((enrollment) => enrollment.sourcedId)],
    });
  }
  {
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e1,
      grade: '05',
      membership: 'absent',
      enrollments: () => ({ bookmarked: 'absent' }),
    }).child;
    addOldCampus(catalog, child, e0, { membership: 'deleted', enrollments: () => ({ source: 'absent', bookmarked: 'deleted' }) });
    catalog.fault({
      id: 'campusTransfer.newCampusNotInBookmarked',
      kind: 'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
      description: 'Bookmarked removed the old campus but never added the new one: no membership, no enrollments there',
      tool: 'campusTransfer',
      input: { studentName: nameOf(child), oldCampus: e0.summary.sourcedId, newCampus: e1.summary.sourcedId },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: [
        'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
        ...repeat<FindingKind>('ENROLLMENT_NOT_IN_BOOKMARKED', liveSourceEnrollments(child).length),
      ],
      sourcedIds: [child.ref.sourcedId, e1.summary.sourcedId],
    });
  }
  {
    const rejectedSubject = 4;
    const child = catalog.family({
      familyName: catalog.familyName(),
      school: e2,
      grade: '01',
      enrollments: (subjectIndex) => (subjectIndex === rejectedSubject ? { bookmarked: 'absent' } : {}),
    }).child;
    const oldSchool = e2 === e1 ? e0 : e1;
    addOldCampus(catalog, child, oldSchool, {
      membership: 'deleted',
      enrollments: () => ({ source: 'absent', bookmarked: 'deleted' }),
    });
    const rejected = child.enrollments[rejectedSubject] as EnrollmentRef;
    catalog.builder.addSyncError({
      entityType: 'enrollment',
      sourcedId: rejected.sourcedId,
      message: `enrollments.csv: enrollment ${rejected.sourcedId} rejected: class ${rejected.source?.classSourcedId} is over its seat limit`,
    });
    catalog.fault({
      id: 'campusTransfer.enrollmentRejected',
      kind: 'IMPORT_REJECTED',
      description: 'The transfer went through except one new-campus enrollment, which the sync rejected (sync_errors)',
      tool: 'campusTransfer',
      input: { studentName: lastFirst(child), oldCampus: oldSchool.summary.name, newCampus: e2.summary.name },
      expectedStatus: 'ISSUE_IN_BOOKMARKED',
      expectedKinds: ['ENROLLMENT_NOT_IN_BOOKMARKED', 'IMPORT_REJECTED'],
      sourcedIds: [child.ref.sourcedId, rejected.sourcedId],
    });
  }
}
