import type { ClassRef, DistrictBuilder, EnrollmentRef, PersonRef, Presence, Presences, SchoolRef } from './district-builder';
import type { BenchFault, GenerateDistrictOptions, SourceUserRole } from './district-model';
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  GRADE_CODES,
  GRADES_BY_LEVEL,
  type GradeCode,
  gradeLabel,
  levelOfGrade,
  MIDDLE_NAMES,
  SCHOOL_BASE_NAMES,
  SCHOOL_NAME_PREFIXES,
  type SchoolLevel,
  subjectsForGrade,
} from './name-pools';
import { districtEmailDomain, parentEmail, phoneNumber, StudentNumbers, studentEmail, teacherEmail } from './people';
import type { SeededRandom } from './prng';

/**
 * The random roster: campuses, classes, teachers, students and their families, mirrored into
 * Bookmarked exactly, plus noise that is not a fault (departed families, soft-deleted rows,
 * old memberships, a rejected-then-imported record). With a bench fault rate, about that
 * share of students (and of classes) get a random planted fault.
 */
export interface BaselineRoster {
  emailDomain: string;
  schoolsByLevel: Record<SchoolLevel, SchoolRef[]>;
  teachersBySchool: Map<SchoolRef, PersonRef[]>;
  studentNumbers: StudentNumbers;
  /** One section per subject of this school and grade (round-robin, so class sizes stay even). */
  enrollInGradeClasses(options: {
    student: PersonRef;
    school: SchoolRef;
    grade: GradeCode;
    presences?: (subjectIndex: number) => Presences;
  }): EnrollmentRef[];
  /** One more section of one subject (a schedule change, an extra class). */
  enrollInSubject(
    options: { student: PersonRef; school: SchoolRef; grade: GradeCode; subjectIndex: number } & Presences,
  ): EnrollmentRef;
  benchFaults: BenchFault[];
}

const STUDENTS_PER_CLASS = 30;
const CLASSES_PER_TEACHER = 5;
const CO_TAUGHT_SHARE = 0.08;

interface GradeSchedule {
  subjects: { sections: ClassRef[]; next: number }[];
}

export function buildBaselineRoster(options: {
  builder: DistrictBuilder;
  rng: SeededRandom;
  settings: Required<GenerateDistrictOptions>;
  benchRate: number;
}): BaselineRoster {
  const { builder, rng, settings, benchRate } = options;
  const emailDomain = districtEmailDomain(settings.name);
  const studentNumbers = new StudentNumbers(rng.fork('student-numbers'));
  const benchFaults: BenchFault[] = [];

  // Campuses.
  const schoolsByLevel = createSchools({ builder, rng, count: settings.schools });
  const liveSchools = [...schoolsByLevel.elementary, ...schoolsByLevel.middle, ...schoolsByLevel.high];

  // Where each student goes, decided up front so that class sections can be sized.
  const studentGrades = new Uint8Array(settings.students);
  const studentSchools = new Uint32Array(settings.students);
  const schoolIndex = new Map(liveSchools.map((school, index) => [school, index]));
  const schoolWeights = new Map(liveSchools.map((school) => [school, 0.6 + rng.next() * 0.8]));
  const headcount = new Map<string, number>();
  for (let i = 0; i < settings.students; i++) {
    const gradeIndex = rng.int(0, GRADE_CODES.length - 1);
    const grade = GRADE_CODES[gradeIndex] as GradeCode;
    const school = pickWeighted(rng, schoolsByLevel[levelOfGrade(grade)], schoolWeights);
    studentGrades[i] = gradeIndex;
    studentSchools[i] = schoolIndex.get(school) as number;
    const key = scheduleKey(school, grade);
    headcount.set(key, (headcount.get(key) ?? 0) + 1);
  }

  // Courses, classes and teachers, school by school.
  const schedules = new Map<string, GradeSchedule>();
  let staffNumber = 104_001;
  const teachersBySchool = new Map<SchoolRef, PersonRef[]>();
  for (const school of liveSchools) {
    const classes: ClassRef[] = [];
    const missingClasses = new Set<ClassRef>();
    for (const grade of school.grades) {
      const subjects = subjectsForGrade(grade);
      const sectionCount = Math.max(1, Math.ceil((headcount.get(scheduleKey(school, grade)) ?? 0) / STUDENTS_PER_CLASS));
      const schedule: GradeSchedule = { subjects: [] };
      subjects.forEach((subject, subjectIndex) => {
        const course = builder.addCourse({
          school,
          title: school.level === 'high' ? subject.title : `${subject.title}, ${gradeLabel(grade)}`,
          courseCode: `${subject.code}${grade}`,
          grade,
          subject: subject.title,
        });
        const sections: ClassRef[] = [];
        for (let section = 1; section <= sectionCount; section++) {
          const classMissing = benchRate > 0 && rng.chance(benchRate / 2);
          const klass = builder.addClass({
            school,
            course,
            title:
              school.level === 'high'
                ? `${subject.title} - Section ${section}`
                : `${subject.title}, ${gradeLabel(grade)} - Section ${section}`,
            classCode: `${subject.code}${grade}-${String(section).padStart(2, '0')}`,
            classType: subject.code === 'HR' ? 'homeroom' : 'scheduled',
            grade,
            subject: subject.title,
            location: `Room ${100 + ((classes.length * 7) % 240)}`,
            period: String((subjectIndex % 7) + 1),
            bookmarked: classMissing ? 'absent' : 'live',
          });
          if (classMissing) {
            missingClasses.add(klass);
            benchFaults.push({
              kind: 'CLASS_NOT_IN_BOOKMARKED',
              description: `Class ${klass.sourcedId} never reached Bookmarked`,
              sourcedIds: [klass.sourcedId],
            });
          }
          sections.push(klass);
          classes.push(klass);
        }
        schedule.subjects.push({ sections, next: rng.int(0, sectionCount - 1) });
      });
      schedules.set(scheduleKey(school, grade), schedule);
    }

    const teachers: PersonRef[] = [];
    const teacherCount = Math.max(1, Math.ceil(classes.length / CLASSES_PER_TEACHER));
    for (let t = 0; t < teacherCount; t++) {
      const givenName = rng.pick(GIVEN_NAMES);
      const familyName = rng.pick(FAMILY_NAMES);
      const teacher = builder.addPerson({
        role: 'teacher',
        givenName,
        familyName,
        identifier: `E${staffNumber++}`,
        email: teacherEmail(builder, { givenName, familyName, domain: emailDomain }),
      });
      builder.addMembership({ person: teacher, school });
      teachers.push(teacher);
    }
    teachersBySchool.set(school, teachers);
    classes.forEach((klass, index) => {
      const teacher = teachers[Math.floor(index / CLASSES_PER_TEACHER)] as PersonRef;
      const teacherMismatch = !missingClasses.has(klass) && teachers.length > 1 && benchRate > 0 && rng.chance(benchRate / 2);
      builder.addEnrollment({ klass, person: teacher, role: 'teacher', bookmarked: teacherMismatch ? 'absent' : 'live' });
      if (teacherMismatch) {
        const substitute = teachers[(Math.floor(index / CLASSES_PER_TEACHER) + 1) % teachers.length] as PersonRef;
        builder.addEnrollment({ klass, person: substitute, role: 'teacher', source: 'absent' });
        benchFaults.push({
          kind: 'TEACHER_MISMATCH',
          description: `Bookmarked has ${substitute.sourcedId} teaching ${klass.sourcedId}; the SIS has ${teacher.sourcedId}`,
          sourcedIds: [klass.sourcedId, teacher.sourcedId, substitute.sourcedId],
        });
      }
      if (teachers.length > 1 && rng.chance(CO_TAUGHT_SHARE)) {
        const coTeacher = teachers[
          (Math.floor(index / CLASSES_PER_TEACHER) + 1 + rng.int(0, teachers.length - 2)) % teachers.length
        ] as PersonRef;
        if (coTeacher !== teacher) builder.addEnrollment({ klass, person: coTeacher, role: 'teacher', primary: false });
      }
    });
  }

  const scheduleOf = (school: SchoolRef, grade: GradeCode): GradeSchedule => {
    const schedule = schedules.get(scheduleKey(school, grade));
    if (!schedule)
      throw new Error(`No classes for grade ${grade} at ${school.summary.name}: that campus teaches ${school.grades.join(', ')}`);
    return schedule;
  };
  const enrollInSubject: BaselineRoster['enrollInSubject'] = ({ student, school, grade, subjectIndex, ...presences }) => {
    const subject = scheduleOf(school, grade).subjects[subjectIndex];
    if (!subject) throw new Error(`Grade ${grade} has no subject #${subjectIndex}`);
    const klass = subject.sections[subject.next % subject.sections.length] as ClassRef;
    subject.next += 1;
    return builder.addEnrollment({ klass, person: student, role: 'student', ...presences });
  };
  const enrollInGradeClasses: BaselineRoster['enrollInGradeClasses'] = ({ student, school, grade, presences }) =>
    scheduleOf(school, grade).subjects.map((_, subjectIndex) =>
      enrollInSubject({ student, school, grade, subjectIndex, ...presences?.(subjectIndex) }),
    );

  const roster: BaselineRoster = {
    emailDomain,
    schoolsByLevel,
    teachersBySchool,
    studentNumbers,
    enrollInGradeClasses,
    enrollInSubject,
    benchFaults,
  };
  const families = new FamilyMaker({ builder, rng, roster, state: settings.state, benchRate });

  // Live families: students taken in a shuffled order, 1-3 children each.
  const order = rng.shuffled(Array.from({ length: settings.students }, (_, i) => i));
  for (let cursor = 0; cursor < order.length; ) {
    const size = Math.min(order.length - cursor, rng.chance(0.75) ? 1 : rng.chance(0.72) ? 2 : 3);
    const children = order.slice(cursor, cursor + size).map((i) => ({
      grade: GRADE_CODES[studentGrades[i] as number] as GradeCode,
      school: liveSchools[studentSchools[i] as number] as SchoolRef,
    }));
    families.liveFamily(children);
    cursor += size;
  }

  // Noise: families who left this year (the SIS marks them tobedeleted, Bookmarked deleted them)
  // and last year (gone from the SIS, soft-deleted in Bookmarked).
  const departures = Math.max(1, Math.round(settings.students * 0.015));
  for (let i = 0; i < departures; i++) families.departedFamily({ grade: rng.pick(GRADE_CODES), thisYear: true, schoolsByLevel });
  for (let i = 0; i < departures; i++) families.departedFamily({ grade: rng.pick(GRADE_CODES), thisYear: false, schoolsByLevel });

  // Noise: last year's classes, soft-deleted in Bookmarked and gone from the SIS.
  for (const school of liveSchools.slice(0, 5)) {
    const grade = school.grades[0] as GradeCode;
    const course = builder.addCourse({
      school,
      title: `Summer Bridge, ${gradeLabel(grade)}`,
      courseCode: `SUMR${grade}`,
      grade,
      subject: 'Summer Bridge',
      source: 'absent',
    });
    builder.addClass({
      school,
      course,
      title: `Summer Bridge, ${gradeLabel(grade)}`,
      classCode: `SUMR${grade}-01`,
      grade,
      subject: 'Summer Bridge',
      location: 'Library',
      period: '1',
      source: 'absent',
      bookmarked: 'deleted',
    });
  }

  // Noise: a record the import rejected once and accepted the next night.
  const firstStudent = builder.source.users.find((user) => user.role === 'student' && user.status === 'active');
  if (firstStudent) {
    builder.addSyncError({
      entityType: 'user',
      sourcedId: firstStudent.sourcedId,
      message: `users.csv: user ${firstStudent.sourcedId} rejected: orgSourcedIds references an org not yet imported`,
      run: 'older',
    });
  }
  return roster;
}

function scheduleKey(school: SchoolRef, grade: GradeCode): string {
  return `${school.summary.sourcedId}|${grade}`;
}

function pickWeighted<T>(rng: SeededRandom, items: readonly T[], weights: Map<T, number>): T {
  let total = 0;
  for (const item of items) total += weights.get(item) ?? 1;
  let draw = rng.next() * total;
  for (const item of items) {
    draw -= weights.get(item) ?? 1;
    if (draw < 0) return item;
  }
  return items[items.length - 1] as T;
}

const LEVEL_SUFFIX: Record<SchoolLevel, string> = {
  elementary: 'Elementary School',
  middle: 'Middle School',
  high: 'High School',
};
const LEVEL_CODE_BASE: Record<SchoolLevel, number> = { elementary: 1000, middle: 2000, high: 3000 };

function createSchools(options: {
  builder: DistrictBuilder;
  rng: SeededRandom;
  count: number;
}): Record<SchoolLevel, SchoolRef[]> {
  const { builder, rng, count } = options;
  const high = Math.max(1, Math.round(count * 0.2));
  const middle = Math.max(1, Math.round(count * 0.2));
  const perLevel: Record<SchoolLevel, number> = { elementary: Math.max(1, count - high - middle), middle, high };
  const baseNames = rng.shuffled(SCHOOL_BASE_NAMES);
  const usedNames = new Set<string>();
  let nameCursor = 0;
  const nextName = (level: SchoolLevel): string => {
    for (;;) {
      const round = Math.floor(nameCursor / baseNames.length);
      const base = baseNames[nameCursor % baseNames.length] as string;
      nameCursor += 1;
      const prefix = round === 0 ? '' : `${SCHOOL_NAME_PREFIXES[(round - 1) % SCHOOL_NAME_PREFIXES.length]} `;
      const numeral = round > SCHOOL_NAME_PREFIXES.length ? ` ${Math.ceil(round / SCHOOL_NAME_PREFIXES.length)}` : '';
      const name = `${prefix}${base}${numeral} ${LEVEL_SUFFIX[level]}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const schoolsByLevel: Record<SchoolLevel, SchoolRef[]> = { elementary: [], middle: [], high: [] };
  for (const level of ['elementary', 'middle', 'high'] as const) {
    for (let i = 0; i < perLevel[level]; i++) {
      schoolsByLevel[level].push(
        builder.addSchool({
          name: nextName(level),
          code: String(LEVEL_CODE_BASE[level] + 1 + i),
          level,
          grades: GRADES_BY_LEVEL[level],
        }),
      );
    }
  }
  // Noise: a campus closed last summer. The SIS marks it tobedeleted, Bookmarked deleted it.
  if (count >= 5) {
    const closed = builder.addSchool({
      name: nextName('elementary'),
      code: String(LEVEL_CODE_BASE.elementary + 900),
      level: 'elementary',
      grades: GRADES_BY_LEVEL.elementary,
      source: 'deleted',
      bookmarked: 'deleted',
    });
    const course = builder.addCourse({
      school: closed,
      title: 'Reading, Grade 2',
      courseCode: 'READ02',
      grade: '02',
      subject: 'Reading',
      source: 'deleted',
    });
    builder.addClass({
      school: closed,
      course,
      title: 'Reading, Grade 2 - Section 1',
      classCode: 'READ02-01',
      grade: '02',
      subject: 'Reading',
      location: 'Room 104',
      period: '2',
      source: 'deleted',
      bookmarked: 'deleted',
    });
  }
  return schoolsByLevel;
}

// ---------------------------------------------------------------------------------------
// Families and the bench faults that hit them.

type StudentFault =
  | 'studentMissing'
  | 'studentDeleted'
  | 'studentNotInSource'
  | 'importRejected'
  | 'fieldMismatch'
  | 'enrollmentMissing'
  | 'membershipMissing'
  | 'staleMembership'
  | 'linkMissing'
  | 'phantomLink'
  | 'noEnrollment'
  | 'duplicateEmail'
  | 'mergedAccount'
  | 'parentNameMismatch';

const STUDENT_FAULTS: readonly StudentFault[] = [
  'studentMissing',
  'studentDeleted',
  'studentNotInSource',
  'importRejected',
  'fieldMismatch',
  'enrollmentMissing',
  'membershipMissing',
  'staleMembership',
  'linkMissing',
  'phantomLink',
  'noEnrollment',
  'duplicateEmail',
  'mergedAccount',
  'parentNameMismatch',
];

const PARENT_FAULTS = new Set<StudentFault>(['duplicateEmail', 'mergedAccount', 'parentNameMismatch']);

class FamilyMaker {
  readonly #builder: DistrictBuilder;
  readonly #rng: SeededRandom;
  readonly #roster: BaselineRoster;
  readonly #state: string;
  readonly #benchRate: number;
  /** A live student and parent of an earlier family, for faults that tie two families together. */
  #earlierStudent: PersonRef | null = null;
  #earlierParent: PersonRef | null = null;
  #lastStudent: PersonRef | null = null;

  constructor(options: {
    builder: DistrictBuilder;
    rng: SeededRandom;
    roster: BaselineRoster;
    state: string;
    benchRate: number;
  }) {
    this.#builder = options.builder;
    this.#rng = options.rng;
    this.#roster = options.roster;
    this.#state = options.state;
    this.#benchRate = options.benchRate;
  }

  liveFamily(children: { grade: GradeCode; school: SchoolRef }[]): void {
    const rng = this.#rng;
    const faults = children.map(() => (this.#benchRate > 0 && rng.chance(this.#benchRate) ? rng.pick(STUDENT_FAULTS) : null));
    const parentFault = faults.find((fault) => fault && PARENT_FAULTS.has(fault)) ?? null;
    const familyName = rng.pick(FAMILY_NAMES);
    const parents = this.#makeParents({ familyName, presences: {}, parentFault });

    // Noise: a relative who used to be listed; the SIS marks them tobedeleted and the child
    // still lists them in agentSourcedIds, Bookmarked deleted the account but not the link.
    const formerRelative = rng.chance(0.01)
      ? this.#makeParent({ familyName, role: 'relative', presences: { source: 'deleted', bookmarked: 'deleted' } })
      : null;

    const schools = new Set<SchoolRef>();
    children.forEach((child, index) => {
      const fault = faults[index] ?? null;
      const student = this.#makeStudent({ familyName, grade: child.grade, fault });
      const membershipMissing = fault === 'membershipMissing';
      this.#builder.addMembership({ person: student, school: child.school, bookmarked: membershipMissing ? 'absent' : 'live' });
      schools.add(child.school);
      const previousCampus = this.#addPromotionNoise(student, child.grade);
      if (fault === 'staleMembership') this.#addStaleMembership(student, child.school, previousCampus);

      if (fault !== 'noEnrollment') {
        const droppedSubject = fault === 'enrollmentMissing' ? rng.int(0, 5) : -1;
        const enrollments = this.#roster.enrollInGradeClasses({
          student,
          school: child.school,
          grade: child.grade,
          presences: (subjectIndex) => (subjectIndex === droppedSubject ? { bookmarked: 'absent' } : {}),
        });
        const dropped = enrollments[droppedSubject];
        if (dropped?.source)
          this.#bench(
            'ENROLLMENT_NOT_IN_BOOKMARKED',
            `Enrollment ${dropped.sourcedId} of ${student.sourcedId} is missing in Bookmarked`,
            [dropped.sourcedId, student.sourcedId],
          );
        this.#addScheduleChangeNoise(student, child.school, child.grade);
      } else {
        this.#bench('ENROLLMENT_NOT_IN_SOURCE', `Student ${student.sourcedId} has no enrollment in the SIS`, [student.sourcedId]);
      }
      if (membershipMissing)
        this.#bench(
          'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
          `Bookmarked lacks ${student.sourcedId} at ${child.school.summary.sourcedId}`,
          [student.sourcedId, child.school.summary.sourcedId],
        );

      parents.forEach((parent, parentIndex) => {
        const linkMissing = fault === 'linkMissing' && parentIndex === 0;
        this.#builder.addGuardianLink({
          parent,
          student,
          sourceSides: this.#linkSides(),
          bookmarked: linkMissing ? 'absent' : 'live',
        });
        if (linkMissing)
          this.#bench('PARENT_LINK_NOT_IN_BOOKMARKED', `Bookmarked lacks the link ${parent.sourcedId} → ${student.sourcedId}`, [
            parent.sourcedId,
            student.sourcedId,
          ]);
      });
      if (formerRelative) this.#builder.addGuardianLink({ parent: formerRelative, student, sourceSides: 'student' });
      if (fault === 'phantomLink' && parents[0] && this.#earlierStudent) {
        this.#builder.addGuardianLink({ parent: parents[0], student: this.#earlierStudent, sourceSides: 'none' });
        this.#bench(
          'PHANTOM_PARENT_LINK',
          `Bookmarked links ${parents[0].sourcedId} to ${this.#earlierStudent.sourcedId}; the SIS does not`,
          [parents[0].sourcedId, this.#earlierStudent.sourcedId],
        );
      }
      if (fault === 'mergedAccount' && parentFault === 'mergedAccount' && this.#earlierParent) {
        // The sync matched this family's parent to an earlier family's account by email.
        this.#builder.addGuardianLink({ parent: this.#earlierParent, student, sourceSides: 'none' });
      }
    });
    for (const parent of parents) for (const school of schools) this.#builder.addMembership({ person: parent, school });
    if (formerRelative) for (const school of schools) this.#builder.addMembership({ person: formerRelative, school });

    const lastChild = this.#lastStudent;
    if (lastChild?.bookmarked && !lastChild.bookmarked.deletedAt) this.#earlierStudent = lastChild;
    const firstParent = parents[0];
    if (firstParent?.bookmarked && firstParent.source && !parentFault) this.#earlierParent = firstParent;
  }

  /** A family that left: this year (tobedeleted / deleted) or last year (absent / deleted). */
  departedFamily(options: { grade: GradeCode; thisYear: boolean; schoolsByLevel: Record<SchoolLevel, SchoolRef[]> }): void {
    const rng = this.#rng;
    const presences: Presences = { source: options.thisYear ? 'deleted' : 'absent', bookmarked: 'deleted' };
    const familyName = rng.pick(FAMILY_NAMES);
    const school = rng.pick(options.schoolsByLevel[levelOfGrade(options.grade)]);
    const parents = this.#makeParents({ familyName, presences, parentFault: null });
    const givenName = rng.pick(GIVEN_NAMES);
    const student = this.#builder.addPerson({
      role: 'student',
      givenName,
      familyName,
      identifier: this.#roster.studentNumbers.next(),
      email: studentEmail(this.#builder, { givenName, familyName, domain: this.#roster.emailDomain }),
      grade: options.grade,
      ...presences,
    });
    this.#builder.addMembership({ person: student, school });
    if (options.thisYear) {
      this.#roster.enrollInGradeClasses({
        student,
        school,
        grade: options.grade,
        presences: () => ({ source: 'deleted', bookmarked: 'deleted' }),
      });
    }
    for (const parent of parents) {
      this.#builder.addGuardianLink({ parent, student, sourceSides: this.#linkSides(), bookmarked: 'deleted' });
      this.#builder.addMembership({ person: parent, school });
    }
  }

  #makeStudent(options: { familyName: string; grade: GradeCode; fault: StudentFault | null }): PersonRef {
    const rng = this.#rng;
    const { fault, grade } = options;
    // Now and then a child carries another family name (a step-sibling, a hyphenated name).
    const familyName = rng.chance(0.1) ? rng.pick(FAMILY_NAMES) : options.familyName;
    const givenName = rng.pick(GIVEN_NAMES);
    const presences: Presences =
      fault === 'studentMissing' || fault === 'importRejected'
        ? { bookmarked: 'absent' }
        : fault === 'studentDeleted'
          ? { bookmarked: 'deleted' }
          : fault === 'studentNotInSource'
            ? { source: 'deleted' }
            : {};
    const student = this.#builder.addPerson({
      role: 'student',
      givenName,
      familyName,
      middleName: rng.chance(0.45) ? rng.pick(MIDDLE_NAMES) : null,
      identifier: this.#roster.studentNumbers.next(),
      email: studentEmail(this.#builder, { givenName, familyName, domain: this.#roster.emailDomain }),
      grade,
      ...presences,
    });
    this.#lastStudent = student;
    const id = student.sourcedId;
    if (fault === 'studentMissing') this.#bench('STUDENT_NOT_IN_BOOKMARKED', `Student ${id} never reached Bookmarked`, [id]);
    if (fault === 'studentDeleted') this.#bench('STUDENT_NOT_IN_BOOKMARKED', `Student ${id} is soft-deleted in Bookmarked`, [id]);
    if (fault === 'studentNotInSource')
      this.#bench('STUDENT_NOT_IN_SOURCE', `Student ${id} is tobedeleted in the SIS but live in Bookmarked`, [id]);
    if (fault === 'importRejected') {
      this.#builder.addSyncError({
        entityType: 'user',
        sourcedId: id,
        message: `users.csv: user ${id} rejected: email ${student.source?.email} is already used by another account`,
      });
      this.#bench('IMPORT_REJECTED', `The import rejected student ${id}`, [id]);
    }
    if (fault === 'fieldMismatch' && student.bookmarked) {
      if (rng.chance(0.5))
        student.bookmarked.grade = grade === 'KG' ? '01' : (GRADE_CODES[GRADE_CODES.indexOf(grade) - 1] as string);
      else student.bookmarked.familyName = `${student.bookmarked.familyName}-${rng.pick(FAMILY_NAMES)}`;
      this.#bench('FIELD_MISMATCH', `Bookmarked holds stale fields for student ${id}`, [id]);
    }
    return student;
  }

  #makeParents(options: { familyName: string; presences: Presences; parentFault: StudentFault | null }): PersonRef[] {
    const rng = this.#rng;
    const count = rng.chance(0.85) ? 2 : 1;
    const parents: PersonRef[] = [];
    for (let i = 0; i < count; i++) {
      const role: SourceUserRole = rng.chance(0.85) ? 'parent' : rng.chance(0.7) ? 'guardian' : 'relative';
      const familyName = i === 1 && rng.chance(0.2) ? rng.pick(FAMILY_NAMES) : options.familyName;
      const fault = i === 0 ? options.parentFault : null;
      const earlier = this.#earlierParent;
      if ((fault === 'duplicateEmail' || fault === 'mergedAccount') && earlier?.source?.email) {
        const shared = earlier.source.email;
        const merged = fault === 'mergedAccount';
        const parent = this.#makeParent({
          familyName,
          role,
          presences: merged ? { bookmarked: 'absent' } : options.presences,
          email: shared,
        });
        if (merged) {
          this.#bench(
            'MERGED_ACCOUNT_IN_BOOKMARKED',
            `Bookmarked account of ${earlier.sourcedId} also stands for ${parent.sourcedId} (shared email)`,
            [earlier.sourcedId, parent.sourcedId],
          );
        } else {
          this.#bench('DUPLICATE_EMAIL_IN_SOURCE', `Parents ${earlier.sourcedId} and ${parent.sourcedId} share ${shared}`, [
            earlier.sourcedId,
            parent.sourcedId,
          ]);
        }
        parents.push(parent);
        continue;
      }
      const parent = this.#makeParent({ familyName, role, presences: options.presences });
      if (fault === 'parentNameMismatch' && parent.bookmarked) {
        parent.bookmarked.givenName = rng.pick(GIVEN_NAMES.filter((name) => name !== parent.bookmarked?.givenName));
        this.#bench('FIELD_MISMATCH', `Bookmarked has another given name for parent ${parent.sourcedId}`, [parent.sourcedId]);
      }
      parents.push(parent);
    }
    return parents;
  }

  #makeParent(options: { familyName: string; role: SourceUserRole; presences: Presences; email?: string }): PersonRef {
    const givenName = this.#rng.pick(GIVEN_NAMES);
    return this.#builder.addPerson({
      role: options.role,
      givenName,
      familyName: options.familyName,
      email: options.email ?? parentEmail(this.#builder, this.#rng, { givenName, familyName: options.familyName }),
      phone: phoneNumber(this.#rng, this.#state),
      ...options.presences,
    });
  }

  /** Real exports list agentSourcedIds on both sides, or only one; the link exists either way. */
  #linkSides(): 'both' | 'student' | 'parent' {
    const draw = this.#rng.next();
    return draw < 0.6 ? 'both' : draw < 0.85 ? 'student' : 'parent';
  }

  /** Noise: students who moved up to middle or high school keep a soft-deleted membership of last year's campus. */
  #addPromotionNoise(student: PersonRef, grade: GradeCode): SchoolRef | null {
    if ((grade !== '06' && grade !== '09') || !this.#rng.chance(0.5)) return null;
    const previousLevel: SchoolLevel = grade === '06' ? 'elementary' : 'middle';
    const previous = this.#rng.pick(this.#roster.schoolsByLevel[previousLevel]);
    this.#builder.addMembership({ person: student, school: previous, inSource: false, bookmarked: 'deleted' });
    return previous;
  }

  /** Noise: a section change. The old enrollment is tobedeleted or gone in the SIS, deleted in Bookmarked. */
  #addScheduleChangeNoise(student: PersonRef, school: SchoolRef, grade: GradeCode): void {
    const draw = this.#rng.next();
    if (draw >= 0.06) return;
    const source: Presence = draw < 0.03 ? 'deleted' : 'absent';
    this.#roster.enrollInSubject({ student, school, grade, subjectIndex: this.#rng.int(0, 5), source, bookmarked: 'deleted' });
  }

  #addStaleMembership(student: PersonRef, school: SchoolRef, previousCampus: SchoolRef | null): void {
    const otherLevel: SchoolLevel = school.level === 'high' ? 'middle' : school.level === 'middle' ? 'elementary' : 'middle';
    // user_schools has one row per user and campus: never a second row beside last year's.
    const candidates = this.#roster.schoolsByLevel[otherLevel].filter((candidate) => candidate !== previousCampus);
    if (candidates.length === 0) return;
    const stale = this.#rng.pick(candidates);
    this.#builder.addMembership({ person: student, school: stale, inSource: false });
    this.#bench('STALE_SCHOOL_MEMBERSHIP', `Bookmarked keeps ${student.sourcedId} at ${stale.summary.sourcedId}`, [
      student.sourcedId,
      stale.summary.sourcedId,
    ]);
  }

  #bench(kind: BenchFault['kind'], description: string, sourcedIds: string[]): void {
    this.#roster.benchFaults.push({ kind, description, sourcedIds });
  }
}
