import type { SystemName } from '../domain/roster';

/**
 * Finding kinds, statuses and the status precedence of the rule book
 * (`shared/contract/DIAGNOSTICS.md`). Names are those of `diagnostics.graphql`.
 */
export const FINDING_KINDS = [
  'STUDENT_NOT_IN_SOURCE',
  'STUDENT_NOT_IN_BOOKMARKED',
  'IMPORT_REJECTED',
  'PHANTOM_PARENT_LINK',
  'PARENT_LINK_NOT_IN_BOOKMARKED',
  'CLASS_NOT_IN_BOOKMARKED',
  'ENROLLMENT_NOT_IN_SOURCE',
  'ENROLLMENT_NOT_IN_BOOKMARKED',
  'PHANTOM_ENROLLMENT',
  'TEACHER_MISMATCH',
  'STALE_SCHOOL_MEMBERSHIP',
  'SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED',
  'TRANSFER_NOT_IN_SOURCE',
  'DUPLICATE_EMAIL_IN_SOURCE',
  'MERGED_ACCOUNT_IN_BOOKMARKED',
  'DUPLICATE_ACCOUNT_IN_BOOKMARKED',
  'FIELD_MISMATCH',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export const DIAGNOSTIC_STATUSES = ['ISSUE_IN_SOURCE', 'ISSUE_IN_BOOKMARKED', 'NO_ISSUE', 'INCONCLUSIVE'] as const;

export type DiagnosticStatus = (typeof DIAGNOSTIC_STATUSES)[number];

/** Who carries out a remediation step. */
export type RemediationOwner = 'DISTRICT_SIS_ADMIN' | 'BOOKMARKED_SUPPORT';

export interface Finding {
  kind: FindingKind;
  /** The system where the fault lies (rule book, "Which system a kind blames"). */
  system: SystemName;
  /** OneRoster sourcedIds of every record involved that has one. */
  sourcedIds: string[];
  /** One sentence a support engineer can paste into a ticket. */
  message: string;
  /** What to do about this finding: which record, which system, who acts. */
  remediation: string;
  fixedBy: RemediationOwner;
}

/** A person (or record) the inputs could match, listed in an INCONCLUSIVE summary. */
export interface Candidate {
  sourcedId: string | null;
  /** Bookmarked row id when the candidate exists in Bookmarked. */
  bookmarkedId: string | null;
  name: string;
  systems: SystemName[];
  detail: string | null;
}

/**
 * Kinds whose name ends in IN_SOURCE are SIS faults; every other kind, FIELD_MISMATCH
 * included, is a Bookmarked fault because the SIS is the system of record.
 */
export function systemOfKind(kind: FindingKind): SystemName {
  return kind.endsWith('_IN_SOURCE') ? 'SOURCE' : 'BOOKMARKED';
}

/**
 * The rule book's precedence: any SOURCE finding gives ISSUE_IN_SOURCE (the sync would carry
 * the source fault into Bookmarked again), otherwise any finding ISSUE_IN_BOOKMARKED.
 */
export function statusFromFindings(findings: readonly Pick<Finding, 'system'>[]): DiagnosticStatus {
  if (findings.some((finding) => finding.system === 'SOURCE')) return 'ISSUE_IN_SOURCE';
  return findings.length > 0 ? 'ISSUE_IN_BOOKMARKED' : 'NO_ISSUE';
}

/** Counts per kind, in the order of FINDING_KINDS, kinds with no finding left out. */
export function countByKind(findings: readonly Pick<Finding, 'kind'>[]): Partial<Record<FindingKind, number>> {
  const counts: Partial<Record<FindingKind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return sortCounts(counts);
}

export function sortCounts(counts: Partial<Record<FindingKind, number>>): Partial<Record<FindingKind, number>> {
  const sorted: Partial<Record<FindingKind, number>> = {};
  for (const kind of FINDING_KINDS) {
    const count = counts[kind];
    if (count) sorted[kind] = count;
  }
  return sorted;
}

/** Distinct, non-empty sourcedIds in first-seen order. */
export function sourcedIdsOf(...ids: (string | null | undefined | readonly (string | null | undefined)[])[]): string[] {
  const seen = new Set<string>();
  for (const id of ids.flat()) if (id) seen.add(id);
  return [...seen];
}

/** Builds a finding; the system always follows from the kind so no tool can blame the wrong side. */
export function finding(options: {
  kind: FindingKind;
  sourcedIds: readonly (string | null | undefined)[];
  message: string;
  remediation: string;
  fixedBy?: RemediationOwner;
}): Finding {
  const system = systemOfKind(options.kind);
  return {
    kind: options.kind,
    system,
    sourcedIds: sourcedIdsOf(options.sourcedIds),
    message: options.message,
    remediation: options.remediation,
    fixedBy: options.fixedBy ?? (system === 'SOURCE' ? 'DISTRICT_SIS_ADMIN' : 'BOOKMARKED_SUPPORT'),
  };
}

/** Source findings first (they are fixed first), then by kind order; stable otherwise. */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.system === 'SOURCE' ? 0 : 1) * 100 + FINDING_KINDS.indexOf(f.kind);
  return findings
    .map((f, index) => ({ f, index }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.index - b.index)
    .map(({ f }) => f);
}

/** The run-level remediation list: each distinct finding step once, in finding order. */
export function remediationSteps(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.remediation))];
}

export function describeCounts(counts: Partial<Record<FindingKind, number>>): string {
  return Object.entries(counts)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}
