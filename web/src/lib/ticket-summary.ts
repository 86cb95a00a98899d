import { environmentLabel, fixedBy, kindLabel, statusWording, systemLabel } from './status';
import type { Finding } from './types';

export interface SummaryRun {
  id: string;
  status: string;
  summary: string;
  findings: readonly Pick<Finding, 'kind' | 'system' | 'sourcedIds' | 'message'>[];
  findingTotal?: number | null;
  remediation: readonly string[];
  environment?: string | null;
  createdAt?: string | null;
}

/** Findings listed in the summary; the rest are counted. */
export const SUMMARY_MAX_FINDINGS = 10;

/**
 * The plain-text summary an engineer pastes into the ticket: verdict, who acts, findings,
 * next steps and a link back to the run.
 */
export function ticketSummary(options: {
  run: SummaryRun;
  toolTitle: string;
  district: { id: string; name: string; sisProvider?: string | null; sourceKind?: string | null } | null;
  link?: string | null;
}): string {
  const { run, district } = options;
  const wording = statusWording(run.status, district ?? {});
  const lines = [
    `${options.toolTitle}: ${wording.title}`,
    district ? `District: ${district.name} (#${district.id}), ${environmentLabel(run.environment)}` : null,
    run.createdAt ? `Checked: ${run.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : null,
    '',
    run.summary,
    wording.detail,
  ];
  if (run.findings.length) {
    const total = run.findingTotal ?? run.findings.length;
    lines.push('', `Findings (${total}):`);
    for (const finding of run.findings.slice(0, SUMMARY_MAX_FINDINGS)) {
      const ids = finding.sourcedIds.length ? ` [${finding.sourcedIds.join(', ')}]` : '';
      lines.push(
        `- ${kindLabel(finding.kind)} (${systemLabel(finding.system, district ?? {})}; ${fixedBy(finding.system)}): ${finding.message}${ids}`,
      );
    }
    if (total > SUMMARY_MAX_FINDINGS) lines.push(`- …and ${total - SUMMARY_MAX_FINDINGS} more (see the run).`);
  }
  if (run.remediation.length) {
    lines.push('', 'Next steps:');
    for (const [index, step] of run.remediation.entries()) lines.push(`${index + 1}. ${step}`);
  }
  if (options.link) lines.push('', `Run: ${options.link}`);
  return `${lines
    .filter((line) => line !== null)
    .join('\n')
    .trim()}\n`;
}
