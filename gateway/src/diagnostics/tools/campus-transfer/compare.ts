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
  describeSchool,
  type Identification,
  identifyOne,
  type PersonPair,
  pairPeople,
  resolveCampus,
  sameEnrollment,
  schoolIsCampus,
} from '../../matching';
import { importRejected } from '../../presence-findings';
import type { DxClass, DxPerson, DxSchool, DxStudentWithEnrollments, DxSyncError } from '../../roster-fragments';
import type { Verdict } from '../../tool';
import { campusTransferRemedies as remedies } from './remediation';

export interface CampusTransferData {
  /** False when the name input has no first and last name: no student was looked up. */
  nameIsComplete: boolean;
  schools: { source: DxSchool[]; bookmarked: DxSchool[] };
  found: { source: DxStudentWithEnrollments[]; bookmarked: DxStudentWithEnrollments[] };
  counterparts: { source: DxStudentWithEnrollments[]; bookmarked: DxStudentWithEnrollments[] };
  syncErrors: DxSyncError[];
}

type StudentPair = PersonPair<DxStudentWithEnrollments, DxStudentWithEnrollments>;

/** Whether a system "lists" the student at a campus: a membership or a live enrollment there. */
function listsAt(student: DxStudentWithEnrollments | null, campus: CampusMatch): boolean {
  if (!student) return false;
  return (
    student.schools.some((school) => schoolIsCampus(school, campus)) ||
    student.enrollments.some((e) => schoolIsCampus(e.class?.school, campus))
  );
}

const memberAt = (student: DxStudentWithEnrollments | null, campus: CampusMatch) =>
  !!student && student.schools.some((school) => schoolIsCampus(school, campus));

/**
 * The student the inputs mean; when the name matches several, those tied to either campus in
 * either system are kept (the campuses are the other inputs that can tell them apart).
 */
export function identifyTransferStudent(options: {
  data: Pick<CampusTransferData, 'found' | 'counterparts'>;
  oldCampus: CampusMatch;
  newCampus: CampusMatch;
}): Identification<StudentPair> {
  const { data, oldCampus, newCampus } = options;
  const pairs = pairPeople(
    [...data.found.source, ...data.counterparts.source],
    [...data.found.bookmarked, ...data.counterparts.bookmarked],
  );
  const all = identifyOne(pairs);
  if (all.kind !== 'ambiguous') return all;
  const tied = pairs.filter((pair) =>
    [oldCampus, newCampus].some((campus) => listsAt(pair.source, campus) || listsAt(pair.bookmarked, campus)),
  );
  const narrowed = identifyOne(tied);
  return narrowed.kind === 'none' ? all : narrowed;
}

export function resolveTransferCampuses(options: {
  data: Pick<CampusTransferData, 'schools'>;
  oldCampus: string;
  newCampus: string;
}) {
  const { schools } = options.data;
  const resolve = (reference: string) =>
    resolveCampus({ reference, sourceSchools: schools.source, bookmarkedSchools: schools.bookmarked });
  return { oldCampus: resolve(options.oldCampus), newCampus: resolve(options.newCampus) };
}

/** Campus Transfer Validator (rule book, with its "Precise readings"). */
export function compareCampusTransfer(options: {
  studentName: string;
  oldCampus: string;
  newCampus: string;
  data: CampusTransferData;
}): Verdict {
  const { studentName, data } = options;
  const { oldCampus, newCampus } = resolveTransferCampuses({ data, oldCampus: options.oldCampus, newCampus: options.newCampus });
  const unresolved = [oldCampus, newCampus].filter((campus) => !campus.resolved);
  if (unresolved.length) {
    const known = [
      ...data.schools.source,
      ...data.schools.bookmarked.filter((b) => !data.schools.source.some((s) => s.sourcedId && s.sourcedId === b.sourcedId)),
    ];
    return {
      status: 'INCONCLUSIVE',
      summary: `No campus matches ${unresolved.map((c) => `"${c.reference}"`).join(' or ')} in the SIS or in Bookmarked. Campuses of the district: ${
        known.map((s) => `${s.name}${s.schoolCode ? ` [${s.schoolCode}]` : ''}`).join(', ') || 'none'
      }.`,
      findings: [],
      remediation: unresolved.map((c) => remedies.unknownCampus(c.reference)),
      candidates: [],
    };
  }
  if (!data.nameIsComplete) {
    return {
      status: 'INCONCLUSIVE',
      summary: `"${studentName}" is not a full name, so no student can be identified by it.`,
      findings: [],
      remediation: [remedies.incompleteName()],
      candidates: [],
    };
  }
  const identification = identifyTransferStudent({ data, oldCampus, newCampus });
  if (identification.kind === 'none') {
    return {
      status: 'INCONCLUSIVE',
      summary: `No student named "${studentName}" is in the SIS or in Bookmarked.`,
      findings: [],
      remediation: [remedies.unknownStudent()],
      candidates: [],
    };
  }
  if (identification.kind === 'ambiguous') {
    const candidates = identification.candidates.map((pair) => candidateOf(pair));
    return {
      status: 'INCONCLUSIVE',
      summary: `"${studentName}" matches ${candidates.length} students that the campuses do not tell apart: ${describeCandidates(candidates)}.`,
      findings: [],
      remediation: [remedies.ambiguousStudent()],
      candidates,
    };
  }

  const { source, bookmarked } = identification.subject;
  const student = describePerson((source ?? bookmarked) as DxPerson);
  const sid = (source ?? bookmarked)?.sourcedId ?? null;
  const atOld = listsAt(source, oldCampus);
  const atNew = listsAt(source, newCampus);
  const campusIds = (campus: CampusMatch) => [...campus.sourcedIds];
  const findings: Finding[] = [];

  if (atOld || !atNew) {
    const campus = atOld ? oldCampus : newCampus;
    findings.push(
      finding({
        kind: 'TRANSFER_NOT_IN_SOURCE',
        sourcedIds: [sid, ...campusIds(campus)],
        message: atOld
          ? `The SIS still lists student ${student} at ${describeCampus(oldCampus)} (the campus they left).`
          : `The SIS does not list student ${student} at ${describeCampus(newCampus)} (the campus they moved to).`,
        remediation: remedies.TRANSFER_NOT_IN_SOURCE(`student ${student}`, describeCampus(campus), atOld),
      }),
    );
  }
  if (!atOld && memberAt(bookmarked, oldCampus)) {
    const schools = (bookmarked as DxStudentWithEnrollments).schools.filter((s) => schoolIsCampus(s, oldCampus));
    findings.push(
      finding({
        kind: 'STALE_SCHOOL_MEMBERSHIP',
        sourcedIds: [sid, ...schools.map((s) => s.sourcedId)],
        message: `Bookmarked keeps student ${student} at ${schools.map(describeSchool).join(', ')}; the SIS no longer lists them there.`,
        remediation: remedies.STALE_SCHOOL_MEMBERSHIP(`student ${student}`, schools.map(describeSchool).join(', ')),
      }),
    );
  }
  const sourceEnrollments = (source?.enrollments ?? []).map((e) => ({
    enrollment: e,
    key: {
      sourcedId: e.sourcedId,
      classSourcedId: e.class?.sourcedId ?? null,
      userSourcedId: source?.sourcedId ?? null,
      role: e.role,
    },
  }));
  const bookmarkedEnrollments = (bookmarked?.enrollments ?? []).map((e) => ({
    enrollment: e,
    key: {
      sourcedId: e.sourcedId,
      classSourcedId: e.class?.sourcedId ?? null,
      userSourcedId: bookmarked?.sourcedId ?? null,
      role: e.role,
    },
  }));
  for (const { enrollment, key } of bookmarkedEnrollments) {
    if (!schoolIsCampus(enrollment.class?.school, oldCampus)) continue;
    if (sourceEnrollments.some((s) => sameEnrollment(s.key, key))) continue;
    const section = describeClass(enrollment.class as DxClass);
    findings.push(
      finding({
        kind: 'PHANTOM_ENROLLMENT',
        sourcedIds: [enrollment.sourcedId, sid, enrollment.class?.sourcedId],
        message: `Bookmarked enrolls student ${student} in ${section} at the old campus (enrollment ${enrollment.sourcedId ?? `row ${enrollment.id}`}); the SIS has no live enrollment like it.`,
        remediation: remedies.PHANTOM_ENROLLMENT(`student ${student}`, section),
      }),
    );
  }
  if (atNew && !memberAt(bookmarked, newCampus)) {
    findings.push(
      finding({
        kind: 'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
        sourcedIds: [sid, ...campusIds(newCampus)],
        message: `The SIS lists student ${student} at ${describeCampus(newCampus)}; Bookmarked has no live membership there${bookmarked ? '' : ' (the student is not live in Bookmarked)'}.`,
        remediation: remedies.SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED(`student ${student}`, describeCampus(newCampus)),
      }),
    );
  }
  for (const { enrollment, key } of sourceEnrollments) {
    if (!schoolIsCampus(enrollment.class?.school, newCampus)) continue;
    if (bookmarkedEnrollments.some((b) => sameEnrollment(key, b.key))) continue;
    const section = describeClass(enrollment.class as DxClass);
    findings.push(
      finding({
        kind: 'ENROLLMENT_NOT_IN_BOOKMARKED',
        sourcedIds: [enrollment.sourcedId, sid, enrollment.class?.sourcedId],
        message: `The SIS enrolls student ${student} in ${section} at the new campus (enrollment ${enrollment.sourcedId}); Bookmarked has no live enrollment of the student in that class.`,
        remediation: remedies.ENROLLMENT_NOT_IN_BOOKMARKED(`student ${student}`, section, bookmarked ? 'enrollment' : 'person'),
      }),
      ...importRejected({
        record: `the enrollment of ${student} in ${section}`,
        sourcedId: enrollment.sourcedId,
        syncErrors: data.syncErrors,
        related: [sid],
      }),
    );
  }
  if (source && !bookmarked)
    findings.push(...importRejected({ record: `student ${student}`, sourcedId: source.sourcedId, syncErrors: data.syncErrors }));

  const ordered = orderFindings(findings);
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  return {
    status: statusFromFindings(ordered),
    summary: `Student ${student}: the SIS lists them at ${describeCampus(oldCampus)}: ${yesNo(atOld)}, at ${describeCampus(newCampus)}: ${yesNo(atNew)}; Bookmarked has them at the old campus: ${yesNo(memberAt(bookmarked, oldCampus))}, at the new: ${yesNo(memberAt(bookmarked, newCampus))}. ${
      ordered.length
        ? `${ordered.length} finding(s): ${describeCounts(countByKind(ordered))}.`
        : 'The transfer is complete in both systems.'
    }`,
    findings: ordered,
    remediation: ordered.length ? remediationSteps(ordered) : [remedies.noIssue(student)],
  };
}
