import type { DiagnosticStatus, Finding } from '../diagnostics/findings';

/**
 * A diagnostic run as a HubSpot note: what a support engineer would otherwise paste by hand.
 * HubSpot shows `hs_note_body` as rich text, so this is small, plain HTML (headings, lists,
 * one link); every value from the run is escaped.
 */

/** Findings listed in a note; the rest are counted, with the link to the run for all of them. */
export const NOTE_MAX_FINDINGS = 25;

const STATUS_WORDS: Record<DiagnosticStatus, string> = {
  ISSUE_IN_SOURCE: "Issue in the district's SIS: the district fixes it there, then the next sync carries it over",
  ISSUE_IN_BOOKMARKED: 'Issue in Bookmarked: Bookmarked support fixes it',
  NO_ISSUE: 'No issue: the SIS and Bookmarked agree',
  INCONCLUSIVE: 'Inconclusive: the inputs matched more than one record, or none',
};

const STATUS_HEADINGS: Record<DiagnosticStatus, string> = {
  ISSUE_IN_SOURCE: "issue in the district's SIS",
  ISSUE_IN_BOOKMARKED: 'issue in Bookmarked',
  NO_ISSUE: 'no issue found',
  INCONCLUSIVE: 'inconclusive',
};

const SYSTEM_WORDS = { SOURCE: 'SIS', BOOKMARKED: 'Bookmarked' } as const;
const OWNER_WORDS = { DISTRICT_SIS_ADMIN: 'district SIS admin', BOOKMARKED_SUPPORT: 'Bookmarked support' } as const;

export interface RunNoteInput {
  id: string;
  toolTitle: string;
  status: DiagnosticStatus | null;
  summary: string;
  districtId: string | null;
  districtName?: string | null;
  environment: string | null;
  findings: readonly Pick<Finding, 'kind' | 'system' | 'sourcedIds' | 'message' | 'fixedBy'>[];
  findingTotal: number;
  remediation: readonly string[];
  createdAt: string;
  actorName: string;
  /** The run's page in the web app. */
  runUrl?: string | null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const kindWords = (kind: string) => kind.charAt(0) + kind.slice(1).toLowerCase().replaceAll('_', ' ');

/** Only http(s) links: a note never carries a javascript: or data: URL. */
function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export function renderRunNote(run: RunNoteInput): string {
  const e = escapeHtml;
  const parts: string[] = [];
  const statusText = run.status ? STATUS_WORDS[run.status] : 'No verdict';
  parts.push(`<h3>${e(run.toolTitle)}: ${e(run.status ? STATUS_HEADINGS[run.status] : 'result')}</h3>`);
  parts.push(`<p><strong>Status:</strong> ${e(statusText)}.</p>`);
  const where = [
    run.districtName || run.districtId
      ? `${run.districtName ? e(run.districtName) : 'District'}${run.districtId ? ` (#${e(run.districtId)})` : ''}`
      : null,
    run.environment ? e(run.environment.charAt(0).toUpperCase() + run.environment.slice(1)) : null,
  ].filter(Boolean);
  if (where.length) parts.push(`<p><strong>District:</strong> ${where.join(', ')}</p>`);
  parts.push(`<p>${e(run.summary)}</p>`);

  if (run.findings.length) {
    parts.push(`<p><strong>Findings (${run.findingTotal}):</strong></p>`);
    const items = run.findings.slice(0, NOTE_MAX_FINDINGS).map((finding) => {
      const ids = finding.sourcedIds.length ? ` [${e(finding.sourcedIds.join(', '))}]` : '';
      return `<li><strong>${e(kindWords(finding.kind))}</strong> (${SYSTEM_WORDS[finding.system]}; fixed by ${OWNER_WORDS[finding.fixedBy]}): ${e(finding.message)}${ids}</li>`;
    });
    const more = run.findingTotal - Math.min(run.findings.length, NOTE_MAX_FINDINGS);
    if (more > 0) items.push(`<li>…and ${more} more (see the run).</li>`);
    parts.push(`<ul>${items.join('')}</ul>`);
  }
  if (run.remediation.length) {
    parts.push('<p><strong>What to do:</strong></p>');
    parts.push(`<ol>${run.remediation.map((step) => `<li>${e(step)}</li>`).join('')}</ol>`);
  }
  const link = safeLink(run.runUrl);
  const runName = `Run #${e(run.id)} in Customer Data Tools`;
  parts.push(
    `<p>${link ? `<a href="${e(link)}">${runName}</a>` : runName}, checked ${e(run.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))} by ${e(run.actorName)}.</p>`,
  );
  return parts.join('\n');
}
