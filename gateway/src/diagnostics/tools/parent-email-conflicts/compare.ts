import { normalizeEmail } from '../../../domain/names';
import {
  countByKind,
  describeCounts,
  type Finding,
  finding,
  orderFindings,
  remediationSteps,
  statusFromFindings,
} from '../../findings';
import { describeDifferences, describePerson, fieldDifferences, PARENT_COMPARED_FIELDS } from '../../matching';
import { importRejected } from '../../presence-findings';
import type { DxParentWithLinks, DxPerson, DxStudentWithLinks, DxSyncError } from '../../roster-fragments';
import type { Verdict } from '../../tool';
import { parentEmailConflictsRemedies as remedies } from './remediation';

export interface ParentEmailConflictsData {
  /** Live SIS parents with the email, with their links. */
  sourceParents: DxParentWithLinks[];
  /** Live Bookmarked parent accounts with the email, with their links (any origin). */
  bookmarkedParents: DxParentWithLinks[];
  counterparts: {
    /** SIS records (with their SIS parents) of the students the Bookmarked accounts are linked to. */
    sourceStudents: DxStudentWithLinks[];
    /** SIS parents with the sourcedIds of the Bookmarked accounts. */
    sourceAccounts: DxPerson[];
    /** Bookmarked accounts with the sourcedIds of the SIS parents. */
    bookmarkedParents: DxPerson[];
    syncErrors: DxSyncError[];
  };
}

/** Parent Email Conflicts (rule book, with its "Precise readings"). */
export function compareParentEmailConflicts(options: { parentEmail: string; data: ParentEmailConflictsData }): Verdict {
  const { data } = options;
  const email = normalizeEmail(options.parentEmail);
  const sourceParents = distinctById(data.sourceParents);
  const accounts = distinctById(data.bookmarkedParents);
  if (sourceParents.length === 0 && accounts.length === 0) {
    return {
      status: 'INCONCLUSIVE',
      summary: `No parent has the email ${email} in the SIS or in Bookmarked.`,
      findings: [],
      remediation: [remedies.noParent(email)],
      candidates: [],
    };
  }

  const findings: Finding[] = [];
  if (sourceParents.length >= 2) {
    const people = sourceParents.map(describePerson).join(', ');
    findings.push(
      finding({
        kind: 'DUPLICATE_EMAIL_IN_SOURCE',
        sourcedIds: sourceParents.map((p) => p.sourcedId),
        message: `${sourceParents.length} different parents share the email ${email} in the SIS: ${people}.`,
        remediation: remedies.DUPLICATE_EMAIL_IN_SOURCE(email, people),
      }),
    );
  }
  if (accounts.length >= 2) {
    const listed = accounts.map((a) => `${describePerson(a)} [account ${a.id}]`).join(', ');
    findings.push(
      finding({
        kind: 'DUPLICATE_ACCOUNT_IN_BOOKMARKED',
        sourcedIds: accounts.map((a) => a.sourcedId),
        message: `${accounts.length} live Bookmarked parent accounts share the email ${email}: ${listed}.`,
        remediation: remedies.DUPLICATE_ACCOUNT_IN_BOOKMARKED(email, listed),
      }),
    );
  }

  const sourceStudents = new Map(data.counterparts.sourceStudents.map((s) => [s.sourcedId, s]));
  const sourceParentBySourcedId = new Map([...sourceParents, ...data.counterparts.sourceAccounts].map((p) => [p.sourcedId, p]));
  for (const account of accounts) {
    // The SIS parents, with this email, of the students the account is linked to.
    const students = account.studentLinks.map((l) => l.student).filter((s) => s !== null);
    const people = new Map<string, DxPerson>();
    for (const student of students) {
      const inSource = student.sourcedId ? sourceStudents.get(student.sourcedId) : undefined;
      for (const link of inSource?.parentLinks ?? []) {
        if (link.parent && normalizeEmail(link.parent.email) === email) people.set(link.parent.id, link.parent);
      }
    }
    if (people.size >= 2) {
      const listed = [...people.values()].map(describePerson).join(', ');
      findings.push(
        finding({
          kind: 'MERGED_ACCOUNT_IN_BOOKMARKED',
          sourcedIds: [account.sourcedId, ...[...people.values()].map((p) => p.sourcedId), ...students.map((s) => s.sourcedId)],
          message: `Bookmarked account ${describePerson(account)} [account ${account.id}] is linked to students whose SIS parents with ${email} are ${people.size} different people: ${listed}.`,
          remediation: remedies.MERGED_ACCOUNT_IN_BOOKMARKED(`${describePerson(account)} [account ${account.id}]`, listed),
        }),
      );
    }
    const inSource = account.sourcedId ? sourceParentBySourcedId.get(account.sourcedId) : undefined;
    if (inSource) {
      const differences = fieldDifferences(inSource, account, PARENT_COMPARED_FIELDS);
      if (differences.length) {
        const described = describeDifferences(differences);
        findings.push(
          finding({
            kind: 'FIELD_MISMATCH',
            sourcedIds: [account.sourcedId],
            message: `Parent ${describePerson(inSource)} differs between the systems: ${described}.`,
            remediation: remedies.FIELD_MISMATCH(
              `parent ${describePerson(inSource)} (Bookmarked account ${account.id})`,
              described,
            ),
          }),
        );
      }
    }
  }

  const inBookmarked = new Set([...accounts, ...data.counterparts.bookmarkedParents].map((p) => p.sourcedId).filter(Boolean));
  for (const parent of sourceParents) {
    if (parent.sourcedId && inBookmarked.has(parent.sourcedId)) continue;
    findings.push(
      ...importRejected({
        record: `parent ${describePerson(parent)}`,
        sourcedId: parent.sourcedId,
        syncErrors: data.counterparts.syncErrors,
      }),
    );
  }

  const ordered = orderFindings(findings);
  return {
    status: statusFromFindings(ordered),
    summary: `${email}: ${sourceParents.length} parent(s) in the SIS, ${accounts.length} live account(s) in Bookmarked. ${
      ordered.length ? `${ordered.length} finding(s): ${describeCounts(countByKind(ordered))}.` : 'No conflict.'
    }`,
    findings: ordered,
    remediation: ordered.length ? remediationSteps(ordered) : [remedies.noIssue(email)],
  };
}

function distinctById<P extends DxPerson>(people: readonly P[]): P[] {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.id) && seen.add(p.id) !== undefined);
}
