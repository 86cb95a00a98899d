import { normalizeEmail, parseNameQuery } from '../../../domain/names';
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
  candidateOf,
  describeCandidates,
  describePerson,
  identifyOne,
  type PersonPair,
  pairPeople,
  personKey,
  personMatchesQuery,
} from '../../matching';
import { importRejected } from '../../presence-findings';
import type { DxLinkOrigin, DxParentWithLinks, DxPerson, DxStudent, DxSyncError } from '../../roster-fragments';
import type { Verdict } from '../../tool';
import { studentMismatchRemedies as remedies } from './remediation';

export interface StudentMismatchData {
  /** Ps: live SIS parents with the email, with their live links. */
  sourceParents: DxParentWithLinks[];
  /** Pb: live Bookmarked parent accounts with the email (any origin), with their live links (any origin). */
  bookmarkedParents: DxParentWithLinks[];
  /** The district's students with the name, in each system (empty when the name is not a full name). */
  namedStudents: { source: DxStudent[]; bookmarked: DxStudent[] };
  /** Bookmarked's records of SIS parents and SIS-linked students the first answer did not pair, and their sync errors. */
  counterparts: { parents: DxPerson[]; students: DxStudent[]; syncErrors: DxSyncError[] };
}

interface SourceLinked {
  student: DxStudent;
  parents: DxPerson[];
}

interface BookmarkedLinked {
  student: DxStudent;
  links: { parent: DxPerson; origin: DxLinkOrigin }[];
}

/** Student Mismatch Resolver (rule book): who links the named student to the email, and every link that differs. */
export function compareStudentMismatch(options: {
  parentEmail: string;
  studentName: string;
  data: StudentMismatchData;
}): Verdict {
  const { parentEmail, studentName, data } = options;
  const email = normalizeEmail(parentEmail);
  const sourceParents = distinct(data.sourceParents);
  const bookmarkedParents = distinct(data.bookmarkedParents);
  if (sourceParents.length === 0 && bookmarkedParents.length === 0) {
    return {
      status: 'INCONCLUSIVE',
      summary: `No parent has the email ${email} in the SIS or in Bookmarked.`,
      findings: [],
      remediation: [remedies.noParent(email)],
      candidates: [],
    };
  }

  // Ss and Sb, keyed like personKey so that the same student pairs across systems.
  const linkedInSource = new Map<string, SourceLinked>();
  for (const parent of sourceParents) {
    for (const link of parent.studentLinks) {
      if (!link.student) continue;
      const entry = getOrSet(linkedInSource, personKey(link.student), () => ({
        student: link.student as DxStudent,
        parents: [],
      }));
      entry.parents.push(parent);
    }
  }
  const linkedInBookmarked = new Map<string, BookmarkedLinked>();
  for (const parent of bookmarkedParents) {
    for (const link of parent.studentLinks) {
      if (!link.student) continue;
      const entry = getOrSet(linkedInBookmarked, personKey(link.student), () => ({
        student: link.student as DxStudent,
        links: [],
      }));
      entry.links.push({ parent, origin: link.origin });
    }
  }

  // The named student: first among the students linked to Ps or Pb, then among all students.
  const name = parseNameQuery(studentName);
  const linkedPairs = pairPeople(
    [...linkedInSource.values()].map((e) => e.student),
    [...linkedInBookmarked.values()].map((e) => e.student),
  );
  const matchesName = (pair: PersonPair) =>
    personMatchesQuery(pair.source ?? { givenName: '', familyName: '' }, name) ||
    personMatchesQuery(pair.bookmarked ?? { givenName: '', familyName: '' }, name);
  let identification = identifyOne(linkedPairs.filter(matchesName));
  if (identification.kind === 'none')
    identification = identifyOne(pairPeople(data.namedStudents.source, data.namedStudents.bookmarked));
  if (identification.kind !== 'found') {
    const candidates = (identification.kind === 'ambiguous' ? identification.candidates : []).map((pair) =>
      candidateOf(pair, linkedInSource.has(pair.key) || linkedInBookmarked.has(pair.key) ? `linked to ${email}` : null),
    );
    const linked = linkedPairs.map((pair) => candidateOf(pair));
    return {
      status: 'INCONCLUSIVE',
      summary:
        identification.kind === 'ambiguous'
          ? `"${studentName}" matches ${candidates.length} students and the email does not tell them apart: ${describeCandidates(candidates)}.`
          : `No student named "${studentName}" is linked to ${email} or found in the district.${linked.length ? ` Students linked to ${email}: ${describeCandidates(linked)}.` : ''}`,
      findings: [],
      remediation: [identification.kind === 'ambiguous' ? remedies.ambiguousStudent() : remedies.unknownStudent()],
      candidates: identification.kind === 'ambiguous' ? candidates : linked,
    };
  }
  const named = identification.subject;
  const namedStudent = describePerson((named.source ?? named.bookmarked) as DxPerson);

  const findings: Finding[] = [];
  for (const [key, entry] of linkedInBookmarked) {
    if (linkedInSource.has(key)) continue;
    const student = describePerson(entry.student);
    const accounts = entry.links.map((l) => `${describePerson(l.parent)} (origin ${l.origin.toLowerCase()})`).join(', ');
    findings.push(
      finding({
        kind: 'PHANTOM_PARENT_LINK',
        sourcedIds: [entry.student.sourcedId, ...entry.links.map((l) => l.parent.sourcedId)],
        message: `Bookmarked links ${accounts} to student ${student}; the SIS links no parent with email ${email} to that student.`,
        remediation: remedies.PHANTOM_PARENT_LINK(
          entry.links.map((l) => describePerson(l.parent)).join(', '),
          `student ${student}`,
          entry.links.map((l) => l.origin),
        ),
      }),
    );
  }
  const bookmarkedParentIds = new Set(
    [...bookmarkedParents, ...data.counterparts.parents].map((p) => p.sourcedId).filter(Boolean),
  );
  const bookmarkedStudentIds = new Set(data.counterparts.students.map((s) => s.sourcedId));
  for (const [key, entry] of linkedInSource) {
    if (linkedInBookmarked.has(key)) continue;
    const student = describePerson(entry.student);
    const parents = entry.parents.map(describePerson).join(', ');
    const parentHasAccount = entry.parents.some((p) => bookmarkedParents.some((b) => b.sourcedId === p.sourcedId));
    findings.push(
      finding({
        kind: 'PARENT_LINK_NOT_IN_BOOKMARKED',
        sourcedIds: [entry.student.sourcedId, ...entry.parents.map((p) => p.sourcedId)],
        message: `The SIS links ${parents} (email ${email}) to student ${student}; Bookmarked has no live link between that email and the student.`,
        remediation: remedies.PARENT_LINK_NOT_IN_BOOKMARKED(parents, `student ${student}`, parentHasAccount),
      }),
    );
    if (!bookmarkedStudentIds.has(entry.student.sourcedId)) {
      findings.push(
        ...importRejected({
          record: `student ${student}`,
          sourcedId: entry.student.sourcedId,
          syncErrors: data.counterparts.syncErrors,
        }),
      );
    }
  }
  if (sourceParents.length >= 2) {
    const people = sourceParents.map(describePerson).join(', ');
    // The students the shared email exposes are involved too: each shows for every parent.
    const exposed = [...linkedInSource.values()].map((entry) => entry.student);
    findings.push(
      finding({
        kind: 'DUPLICATE_EMAIL_IN_SOURCE',
        sourcedIds: [...sourceParents.map((p) => p.sourcedId), ...exposed.map((s) => s.sourcedId)],
        message: `${sourceParents.length} different parents share the email ${email} in the SIS: ${people}; together they are linked to ${exposed.map(describePerson).join(', ') || 'no student'}.`,
        remediation: remedies.DUPLICATE_EMAIL_IN_SOURCE(email, people),
      }),
    );
  }
  for (const parent of sourceParents) {
    if (bookmarkedParentIds.has(parent.sourcedId)) continue;
    findings.push(
      ...importRejected({
        record: `parent ${describePerson(parent)}`,
        sourcedId: parent.sourcedId,
        syncErrors: data.counterparts.syncErrors,
      }),
    );
  }

  const ordered = orderFindings(findings);
  const namedInSource = linkedInSource.get(named.key);
  const status = namedInSource ? 'ISSUE_IN_SOURCE' : statusFromFindings(ordered);
  const namedInBookmarked = linkedInBookmarked.get(named.key);
  const sourceParentsOfNamed = namedInSource?.parents.map(describePerson).join(', ') ?? '';
  const steps = [
    ...(namedInSource ? [remedies.linkedInSource(`student ${namedStudent}`, sourceParentsOfNamed, email)] : []),
    ...remediationSteps(ordered),
  ];
  const where = namedInSource
    ? `The SIS itself links ${namedStudent} to ${sourceParentsOfNamed} (email ${email})${namedInBookmarked ? ', and Bookmarked follows it' : ''}.`
    : namedInBookmarked
      ? `Bookmarked links ${namedStudent} to ${email}; the SIS does not.`
      : `Neither system links ${namedStudent} to ${email}.`;
  const counts = ordered.length ? ` ${ordered.length} finding(s): ${describeCounts(countByKind(ordered))}.` : '';
  return {
    status,
    summary: `${where}${counts} Parents with ${email}: ${sourceParents.length} in the SIS, ${bookmarkedParents.length} in Bookmarked.`,
    findings: ordered,
    remediation: steps.length ? steps : [remedies.noIssue(namedStudent, email)],
  };
}

function distinct<P extends DxPerson>(people: readonly P[]): P[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    const key = `${p.system}:${p.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function getOrSet<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
