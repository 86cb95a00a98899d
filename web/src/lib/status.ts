import type { DiagnosticStatus, FindingKind, SystemName } from './types';

export type Tone = 'danger' | 'warning' | 'success' | 'neutral' | 'info';

/**
 * What the SIS side is called in front of a support engineer: the district's SIS provider
 * (Bookmarked `sis_provider`) or, failing that, where the settings read it from.
 */
export function sourceSystemLabel(options: { sisProvider?: string | null; sourceKind?: string | null } = {}): string {
  const provider = options.sisProvider?.toLowerCase();
  if (provider === 'classlink') return 'ClassLink';
  if (provider === 'oneroster') return 'OneRoster';
  switch (options.sourceKind?.toLowerCase()) {
    case 'classlink':
      return 'ClassLink';
    case 'oneroster-api':
      return 'OneRoster API';
    case 'csv':
    case 'upload':
    case 'ftp':
      return 'OneRoster CSV';
    default:
      return 'SIS';
  }
}

export interface StatusWording {
  title: string;
  /** Who acts next, in a sentence. */
  detail: string;
  tone: Tone;
  /** One word for badges and tables. */
  short: string;
}

/** The status banner, in the words a support engineer would use in a ticket. */
export function statusWording(
  status: DiagnosticStatus | string,
  source: { sisProvider?: string | null; sourceKind?: string | null } = {},
): StatusWording {
  const sis = sourceSystemLabel(source);
  switch (status) {
    case 'ISSUE_IN_SOURCE':
      return {
        title: `Issue exists in source data (${sis})`,
        detail: `The district's ${sis} data is wrong. The district's SIS admin has to correct it; the nightly sync then carries the fix into Bookmarked.`,
        tone: 'danger',
        short: 'Source issue',
      };
    case 'ISSUE_IN_BOOKMARKED':
      return {
        title: 'Issue exists in Bookmarked',
        detail: `The ${sis} data is right; Bookmarked does not match it. Bookmarked support fixes the record (or re-runs the sync).`,
        tone: 'warning',
        short: 'Bookmarked issue',
      };
    case 'NO_ISSUE':
      return {
        title: `No issue found: ${sis} and Bookmarked agree`,
        detail: 'Both systems hold the same data for what was asked. Check the inputs, or ask the customer for more detail.',
        tone: 'success',
        short: 'No issue',
      };
    case 'INCONCLUSIVE':
      return {
        title: 'Inconclusive: could not tell who or what is meant',
        detail: 'Nobody matched the inputs, or several people did. Narrow the inputs (full name, email, school) and run again.',
        tone: 'neutral',
        short: 'Inconclusive',
      };
    default:
      return { title: String(status), detail: '', tone: 'neutral', short: String(status) };
  }
}

const KIND_LABELS: Record<FindingKind, string> = {
  STUDENT_NOT_IN_SOURCE: 'Student not in the SIS',
  STUDENT_NOT_IN_BOOKMARKED: 'Student missing in Bookmarked',
  IMPORT_REJECTED: 'Import rejected by the sync',
  PHANTOM_PARENT_LINK: 'Parent link only in Bookmarked',
  PARENT_LINK_NOT_IN_BOOKMARKED: 'Parent link missing in Bookmarked',
  CLASS_NOT_IN_BOOKMARKED: 'Class missing in Bookmarked',
  ENROLLMENT_NOT_IN_SOURCE: 'No enrollment in the SIS',
  ENROLLMENT_NOT_IN_BOOKMARKED: 'Enrollment missing in Bookmarked',
  PHANTOM_ENROLLMENT: 'Enrollment only in Bookmarked',
  TEACHER_MISMATCH: 'Teacher differs',
  STALE_SCHOOL_MEMBERSHIP: 'Stale campus membership in Bookmarked',
  SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: 'Campus membership missing in Bookmarked',
  TRANSFER_NOT_IN_SOURCE: 'Transfer not made in the SIS',
  DUPLICATE_EMAIL_IN_SOURCE: 'Email shared by several people in the SIS',
  MERGED_ACCOUNT_IN_BOOKMARKED: 'One Bookmarked account for several people',
  DUPLICATE_ACCOUNT_IN_BOOKMARKED: 'Duplicate Bookmarked accounts',
  FIELD_MISMATCH: 'Fields differ',
};

/** A finding kind in plain words; unknown kinds (added by the gateway later) are de-SHOUTED. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as FindingKind] ?? kind.charAt(0) + kind.slice(1).toLowerCase().replaceAll('_', ' ');
}

export function systemLabel(
  system: SystemName | string,
  source: { sisProvider?: string | null; sourceKind?: string | null } = {},
): string {
  return system === 'SOURCE' ? `SIS (${sourceSystemLabel(source)})` : 'Bookmarked';
}

/** Who fixes a finding of this system. */
export const fixedBy = (system: SystemName | string) => (system === 'SOURCE' ? 'District SIS admin' : 'Bookmarked support');

export const environmentLabel = (environment: string | null | undefined) =>
  environment?.toUpperCase() === 'PRODUCTION' ? 'Production' : environment?.toUpperCase() === 'STAGING' ? 'Staging' : '—';

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
