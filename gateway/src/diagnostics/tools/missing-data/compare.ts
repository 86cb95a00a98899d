import {
  countByKind,
  describeCounts,
  type Finding,
  finding,
  orderFindings,
  remediationSteps,
  statusFromFindings,
} from '../../findings';
import {
  type CampusMatch,
  candidateOf,
  describeCampus,
  describeCandidates,
  describeClass,
  describePerson,
  type Identification,
  identifyOne,
  type PersonPair,
  pairPeople,
  personKey,
  resolveCampus,
  sameEnrollment,
} from '../../matching';
import { importRejected, studentPresenceFindings } from '../../presence-findings';
import type { DxClass, DxPerson, DxSchool, DxStudent, DxStudentWithEnrollments, DxSyncError } from '../../roster-fragments';
import type { Verdict } from '../../tool';
import { missingDataRemedies as remedies } from './remediation';

export interface MissingDataData {
  /** False when the name input has no first and last name: nothing was looked up. */
  nameIsComplete: boolean;
  found: { source: DxStudent[]; bookmarked: DxStudent[] };
  counterparts: { source: DxStudent[]; bookmarked: DxStudent[] };
  schools: { source: DxSchool[]; bookmarked: DxSchool[] };
  /** The identified student with enrollments; null when no single student was identified. */
  student: {
    source: DxStudentWithEnrollments | null;
    bookmarked: DxStudentWithEnrollments | null;
    /** Bookmarked's live classes with the sourcedIds of the student's SIS classes. */
    bookmarkedClasses: DxClass[];
    syncErrors: DxSyncError[];
  } | null;
}

/**
 * The candidates for the name, narrowed by `school` to students with a membership there in
 * either system. Used by `gather` (to decide what to fetch) and by the comparator alike.
 */
export function identifyMissingDataStudent(options: {
  data: Pick<MissingDataData, 'found' | 'counterparts' | 'schools'>;
  school: string | null;
}): { identification: Identification<PersonPair<DxStudent, DxStudent>>; campus: CampusMatch | null } {
  const { data, school } = options;
  const pairs = pairPeople(
    [...data.found.source, ...data.counterparts.source],
    [...data.found.bookmarked, ...data.counterparts.bookmarked],
  );
  if (!school) return { identification: identifyOne(pairs), campus: null };
  const campus = resolveCampus({
    reference: school,
    sourceSchools: data.schools.source,
    bookmarkedSchools: data.schools.bookmarked,
  });
  const atCampus = (pair: PersonPair<DxStudent, DxStudent>) =>
    (pair.source?.schools ?? []).some((s) => s.sourcedId !== null && campus.sourcedIds.has(s.sourcedId)) ||
    (pair.bookmarked?.schools ?? []).some((s) => campus.bookmarkedIds.has(s.id));
  return { identification: identifyOne(pairs.filter(atCampus)), campus };
}

/** Missing Data Finder (rule book, with its "Precise readings"). */
export function compareMissingData(options: { studentName: string; school: string | null; data: MissingDataData }): Verdict {
  const { studentName, school, data } = options;
  if (!data.nameIsComplete) {
    return {
      status: 'INCONCLUSIVE',
      summary: `"${studentName}" is not a full name, so no student can be identified by it.`,
      findings: [],
      remediation: [remedies.incompleteName()],
      candidates: [],
    };
  }
  const { identification, campus } = identifyMissingDataStudent({ data, school });
  const atSchool = campus
    ? ` with a membership at ${campus.resolved ? describeCampus(campus) : `"${campus.reference}" (no such campus in either system)`}`
    : '';
  if (identification.kind === 'none') {
    return {
      status: 'INCONCLUSIVE',
      summary: `No student named "${studentName}"${atSchool} is in the SIS or in Bookmarked.`,
      findings: [],
      remediation: [remedies.unknownStudent()],
      candidates: [],
    };
  }
  if (identification.kind === 'ambiguous') {
    const candidates = identification.candidates.map((pair) => candidateOf(pair));
    return {
      status: 'INCONCLUSIVE',
      summary: `"${studentName}"${atSchool} matches ${candidates.length} students: ${describeCandidates(candidates)}.`,
      findings: [],
      remediation: [remedies.ambiguousStudent()],
      candidates,
    };
  }

  const pair = identification.subject;
  const details = data.student;
  // The details answer is the authority on what exists; the candidate answer only identified the student.
  const source: DxStudent | null = details ? details.source : pair.source;
  const bookmarked: DxStudent | null = details ? details.bookmarked : pair.bookmarked;
  const syncErrors = details?.syncErrors ?? [];
  const student = describePerson((source ?? bookmarked ?? pair.bookmarked ?? pair.source) as DxPerson);

  const findings: Finding[] = [];
  if (!source) {
    // Rule book: when the student is not in the source, nothing else is checked.
    findings.push(
      ...studentPresenceFindings(
        { key: pair.key, sourcedId: pair.sourcedId, source: null, bookmarked: bookmarked ?? pair.bookmarked },
        syncErrors,
      ),
    );
  } else {
    findings.push(
      ...studentPresenceFindings({ key: personKey(source), sourcedId: source.sourcedId, source, bookmarked }, syncErrors),
    );
    findings.push(
      ...enrollmentFindings({
        source: source as DxStudentWithEnrollments,
        bookmarked: bookmarked as DxStudentWithEnrollments | null,
        details,
        student,
      }),
    );
  }

  const ordered = orderFindings(findings);
  const classCount = source ? new Set((source as DxStudentWithEnrollments).enrollments?.map((e) => e.class?.sourcedId)).size : 0;
  const where = source && bookmarked ? 'in both systems' : source ? 'in the SIS only' : 'in Bookmarked only';
  return {
    status: statusFromFindings(ordered),
    summary: `Student ${student} is ${where}${source ? ` with ${classCount} class(es) in the SIS` : ''}. ${
      ordered.length ? `${ordered.length} finding(s): ${describeCounts(countByKind(ordered))}.` : 'Nothing is missing.'
    }`,
    findings: ordered,
    remediation: ordered.length ? remediationSteps(ordered) : [remedies.noIssue(student)],
  };
}

function enrollmentFindings(options: {
  source: DxStudentWithEnrollments;
  bookmarked: DxStudentWithEnrollments | null;
  details: MissingDataData['student'];
  student: string;
}): Finding[] {
  const { source, bookmarked, details, student } = options;
  const syncErrors = details?.syncErrors ?? [];
  const findings: Finding[] = [];
  const studentEnrollments = (source.enrollments ?? []).filter((e) => e.role === 'STUDENT' && e.class);
  if (studentEnrollments.length === 0) {
    findings.push(
      finding({
        kind: 'ENROLLMENT_NOT_IN_SOURCE',
        sourcedIds: [source.sourcedId],
        message: `Student ${student} has no live class enrollment in the SIS.`,
        remediation: remedies.ENROLLMENT_NOT_IN_SOURCE(`student ${student}`),
      }),
    );
  }
  const bookmarkedClasses = new Map((details?.bookmarkedClasses ?? []).map((c) => [c.sourcedId, c]));
  const bookmarkedEnrollments = (bookmarked?.enrollments ?? []).map((e) => ({
    sourcedId: e.sourcedId,
    classSourcedId: e.class?.sourcedId ?? null,
    userSourcedId: bookmarked?.sourcedId ?? null,
    role: e.role,
  }));
  const seenClasses = new Set<string>();
  for (const enrollment of studentEnrollments) {
    const section = enrollment.class as DxClass;
    const sectionName = describeClass(section);
    const bookmarkedClass = section.sourcedId ? bookmarkedClasses.get(section.sourcedId) : undefined;
    if (!seenClasses.has(section.id)) {
      seenClasses.add(section.id);
      if (!bookmarkedClass) {
        findings.push(
          finding({
            kind: 'CLASS_NOT_IN_BOOKMARKED',
            sourcedIds: [section.sourcedId, section.school?.sourcedId, source.sourcedId],
            message: `The SIS has class ${sectionName}, in which student ${student} is enrolled; Bookmarked has no live class with that sourcedId.`,
            remediation: remedies.CLASS_NOT_IN_BOOKMARKED(sectionName),
          }),
          ...importRejected({ record: `class ${sectionName}`, sourcedId: section.sourcedId, syncErrors }),
        );
      } else {
        findings.push(...teacherFindings(section, bookmarkedClass));
      }
    }
    const inBookmarked = bookmarkedEnrollments.some((b) =>
      sameEnrollment(
        {
          sourcedId: enrollment.sourcedId,
          classSourcedId: section.sourcedId,
          userSourcedId: source.sourcedId,
          role: enrollment.role,
        },
        b,
      ),
    );
    if (!inBookmarked) {
      findings.push(
        finding({
          kind: 'ENROLLMENT_NOT_IN_BOOKMARKED',
          sourcedIds: [enrollment.sourcedId, source.sourcedId, section.sourcedId],
          message: `The SIS enrolls student ${student} in ${sectionName} (enrollment ${enrollment.sourcedId ?? enrollment.id}); Bookmarked has no live enrollment of the student in that class.`,
          remediation: remedies.ENROLLMENT_NOT_IN_BOOKMARKED(
            `student ${student}`,
            sectionName,
            !bookmarked ? 'person' : !bookmarkedClass ? 'class' : 'enrollment',
          ),
        }),
        ...importRejected({
          record: `the enrollment of ${student} in ${sectionName}`,
          sourcedId: enrollment.sourcedId,
          syncErrors,
          related: [source.sourcedId, section.sourcedId],
        }),
      );
    }
  }
  return findings;
}

/**
 * TEACHER_MISMATCH when the sets of teachers' sourcedIds differ; only for classes live in
 * both. A Bookmarked teacher without a sourcedId (made by hand) cannot be compared.
 */
export function teacherFindings(source: DxClass, bookmarked: DxClass): Finding[] {
  const sourcedIds = (teachers: DxPerson[]) => new Set(teachers.map((t) => t.sourcedId).filter((id): id is string => !!id));
  const sourceTeachers = sourcedIds(source.teachers);
  const bookmarkedTeachers = sourcedIds(bookmarked.teachers);
  const same = sourceTeachers.size === bookmarkedTeachers.size && [...sourceTeachers].every((t) => bookmarkedTeachers.has(t));
  if (same) return [];
  const list = (teachers: DxPerson[]) => (teachers.length ? teachers.map(describePerson).join(', ') : 'no teacher');
  const section = describeClass(source);
  return [
    finding({
      kind: 'TEACHER_MISMATCH',
      sourcedIds: [source.sourcedId, ...source.teachers.map((t) => t.sourcedId), ...bookmarked.teachers.map((t) => t.sourcedId)],
      message: `The teachers of ${section} differ: the SIS has ${list(source.teachers)}; Bookmarked has ${list(bookmarked.teachers)}.`,
      remediation: remedies.TEACHER_MISMATCH(section, list(source.teachers), list(bookmarked.teachers)),
    }),
  ];
}
