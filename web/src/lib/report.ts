import { toCsv } from './csv';
import { kindLabel } from './status';
import type { Finding, KindCount } from './types';

export const REPORT_PAGE_SIZE = 25;

export interface ReportFilter {
  kind: string | null;
  system: 'SOURCE' | 'BOOKMARKED' | null;
  /** Matches the message or any sourcedId, case-insensitively. */
  text: string;
}

export function filterFindings<F extends Pick<Finding, 'kind' | 'system' | 'message' | 'sourcedIds'>>(
  findings: readonly F[],
  filter: ReportFilter,
): F[] {
  const needle = filter.text.trim().toLowerCase();
  return findings.filter(
    (finding) =>
      (!filter.kind || finding.kind === filter.kind) &&
      (!filter.system || finding.system === filter.system) &&
      (!needle ||
        finding.message.toLowerCase().includes(needle) ||
        finding.sourcedIds.some((id) => id.toLowerCase().includes(needle))),
  );
}

/** Counts largest first, each with its share of the largest (for the bars). */
export function countBars(counts: readonly KindCount[]): (KindCount & { label: string; share: number })[] {
  const max = Math.max(1, ...counts.map((c) => c.count));
  return [...counts]
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((c) => ({ ...c, label: kindLabel(c.kind), share: c.count / max }));
}

export function findingsCsv(
  findings: readonly Pick<Finding, 'kind' | 'system' | 'message' | 'sourcedIds' | 'remediation'>[],
): string {
  return toCsv(findings, [
    { header: 'kind', value: (f) => f.kind },
    { header: 'kind_label', value: (f) => kindLabel(f.kind) },
    { header: 'system', value: (f) => f.system },
    { header: 'message', value: (f) => f.message },
    { header: 'sourced_ids', value: (f) => f.sourcedIds },
    { header: 'remediation', value: (f) => f.remediation ?? '' },
  ]);
}

export const reportFileName = (options: { districtId: string; environment: string; createdAt?: string | null }) =>
  `data-quality-${options.districtId}-${options.environment.toLowerCase()}-${(options.createdAt ?? new Date().toISOString()).slice(0, 10)}.csv`;
