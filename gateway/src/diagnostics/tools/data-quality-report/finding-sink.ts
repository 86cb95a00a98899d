import { FINDING_KINDS, type Finding, type FindingKind, orderFindings, sortCounts } from '../../findings';

/** Findings kept per kind by default; counts are always exact. */
export const REPORT_FINDINGS_PER_KIND = 1_000;

/**
 * Counts every finding and keeps the first `perKind` of each kind. A finding is only built
 * (message, remediation) when it is kept, so a district with a million faults costs counts,
 * not strings.
 */
export class FindingSink {
  readonly #perKind: number;
  readonly #counts = new Map<FindingKind, number>();
  readonly #kept = new Map<FindingKind, Finding[]>();

  constructor(perKind: number = REPORT_FINDINGS_PER_KIND) {
    this.#perKind = Math.max(0, perKind);
  }

  add(kind: FindingKind, build: () => Finding): void {
    const count = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, count);
    if (count > this.#perKind) return;
    const kept = this.#kept.get(kind);
    if (kept) kept.push(build());
    else this.#kept.set(kind, [build()]);
  }

  counts(): Partial<Record<FindingKind, number>> {
    return sortCounts(Object.fromEntries(this.#counts) as Partial<Record<FindingKind, number>>);
  }

  total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  findings(): Finding[] {
    return orderFindings(FINDING_KINDS.flatMap((kind) => this.#kept.get(kind) ?? []));
  }
}
