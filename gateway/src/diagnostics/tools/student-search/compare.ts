import { displayName } from '../../../domain/names';
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
  describeDifferences,
  describePerson,
  describeSchool,
  fieldDifferences,
  type PersonPair,
  pairPeople,
  STUDENT_COMPARED_FIELDS,
} from '../../matching';
import { studentPresenceFindings } from '../../presence-findings';
import type { DxStudent, DxSyncError } from '../../roster-fragments';
import type { Verdict } from '../../tool';
import { studentSearchRemedies as remedies } from './remediation';

export interface StudentSearchData {
  /** What the query found in each system. */
  found: { source: DxStudent[]; bookmarked: DxStudent[] };
  /** The other system's record of students found on one side only, by sourcedId. */
  counterparts: { source: DxStudent[]; bookmarked: DxStudent[]; syncErrors: DxSyncError[] };
}

/** Student Search (rule book): pair by sourcedId, then compare each pair field by field and campus by campus. */
export function compareStudentSearch(options: { query: string; data: StudentSearchData }): Verdict {
  const { query, data } = options;
  const pairs = pairPeople(
    [...data.found.source, ...data.counterparts.source],
    [...data.found.bookmarked, ...data.counterparts.bookmarked],
  );
  if (pairs.length === 0) {
    return {
      status: 'INCONCLUSIVE',
      summary: `No student matches "${query}" in the SIS or in Bookmarked.`,
      findings: [],
      remediation: [remedies.nothingFound(query)],
      candidates: [],
    };
  }

  const findings = orderFindings(
    pairs.flatMap((pair) =>
      pair.source && pair.bookmarked
        ? pairFindings(pair.source, pair.bookmarked)
        : studentPresenceFindings(pair, data.counterparts.syncErrors),
    ),
  );
  const status = statusFromFindings(findings);
  const list = pairs.map(describePair).join('; ');
  const verdict = findings.length
    ? `${findings.length} finding(s): ${describeCounts(countByKind(findings))}.`
    : 'Both systems agree.';
  return {
    status,
    summary: `${pairs.length} student(s) match "${query}": ${list}. ${verdict}`,
    findings,
    remediation: findings.length ? remediationSteps(findings) : [remedies.noIssue()],
  };
}

function describePair(pair: PersonPair): string {
  const person = (pair.source ?? pair.bookmarked) as DxStudent;
  const where = pair.source && pair.bookmarked ? 'SIS and Bookmarked' : pair.source ? 'SIS only' : 'Bookmarked only';
  return `${displayName(person)} (${pair.sourcedId ? `sourcedId ${pair.sourcedId}` : `Bookmarked account ${person.id}`}; ${where})`;
}

/** FIELD_MISMATCH once per record; one membership finding per campus. */
function pairFindings(source: DxStudent, bookmarked: DxStudent): Finding[] {
  const findings: Finding[] = [];
  const student = describePerson(source);
  const differences = fieldDifferences(source, bookmarked, STUDENT_COMPARED_FIELDS);
  if (differences.length) {
    const described = describeDifferences(differences);
    findings.push(
      finding({
        kind: 'FIELD_MISMATCH',
        sourcedIds: [source.sourcedId],
        message: `Student ${student} differs between the systems: ${described}.`,
        remediation: remedies.FIELD_MISMATCH(`student ${student} (Bookmarked account ${bookmarked.id})`, described),
      }),
    );
  }
  const listedInSource = new Set(source.schools.map((school) => school.sourcedId));
  const listedInBookmarked = new Set(bookmarked.schools.map((school) => school.sourcedId).filter(Boolean));
  for (const school of source.schools) {
    if (school.sourcedId && listedInBookmarked.has(school.sourcedId)) continue;
    findings.push(
      finding({
        kind: 'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
        sourcedIds: [source.sourcedId, school.sourcedId],
        message: `The SIS lists student ${student} at ${describeSchool(school)}; Bookmarked has no live membership there.`,
        remediation: remedies.SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED(`student ${student}`, describeSchool(school)),
      }),
    );
  }
  for (const school of bookmarked.schools) {
    if (school.sourcedId && listedInSource.has(school.sourcedId)) continue;
    findings.push(
      finding({
        kind: 'STALE_SCHOOL_MEMBERSHIP',
        sourcedIds: [source.sourcedId, school.sourcedId],
        message: `Bookmarked keeps student ${student} at ${describeSchool(school)}; the SIS does not list them there.`,
        remediation: remedies.STALE_SCHOOL_MEMBERSHIP(`student ${student}`, describeSchool(school)),
      }),
    );
  }
  return findings;
}
