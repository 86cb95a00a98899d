import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../domain/names';
import { analyzeTicket } from '../analyze-ticket';
import { ticketPlainText } from '../extract-ticket-fields';
import { type KnownDistrict, matchDistrict } from '../match-district';
import corpus from './tickets.json';

/**
 * The ticket corpus: realistic tickets with the tool a support engineer would pick (or
 * none) and the fields they name. Measures top-1 tool accuracy and extraction per field.
 *
 * Provenance (`set`): "tuning" tickets were written together with the heuristics. The
 * "blind-N" rounds were written afterwards and measured before any change was made for
 * them; their first-look top-1 tool accuracy was 14/20, 12/16 and 9/12 (35/48 = 73%),
 * which is the fairest estimate for unseen tickets. The rules were then improved for what
 * those rounds showed (general fixes, not per-ticket ones), so all sets now count as seen.
 */

interface CorpusTicket {
  id: string;
  set: string;
  subject: string;
  content: string;
  companies?: string[];
  contacts?: { email: string; firstName?: string; lastName?: string }[];
  expected: {
    tool: string | null;
    districtId: string | null;
    parentEmails: string[];
    studentNames: string[];
    campuses: string[];
    oldCampus: string | null;
    newCampus: string | null;
  };
}

const districts = corpus.districts as KnownDistrict[];
const schools = corpus.schools as Record<string, string[]>;
const tickets = corpus.tickets as CorpusTicket[];

const FIELDS = ['tool', 'districtId', 'parentEmails', 'studentNames', 'campuses', 'transferCampuses'] as const;
type Field = (typeof FIELDS)[number];

function analyze(ticket: CorpusTicket) {
  const text = { subject: ticket.subject, content: ticket.content, companyNames: ticket.companies, contacts: ticket.contacts };
  // As the service does: the district first, then that district's schools.
  const district = matchDistrict({ text: ticketPlainText(text), companyNames: ticket.companies, districts });
  return analyzeTicket({ ...text, districts, schools: district ? schools[district.id] : undefined, ticketId: ticket.id });
}

const sameSet = (a: readonly string[], b: readonly string[], key: (s: string) => string) =>
  a.length === b.length && a.every((value) => b.map(key).includes(key(value)));

function grade(ticket: CorpusTicket) {
  const analysis = analyze(ticket);
  const { extracted } = analysis;
  const expected = ticket.expected;
  const results: Record<Field, boolean> = {
    tool: (analysis.recommendations[0]?.tool ?? null) === expected.tool,
    districtId: extracted.districtId === expected.districtId,
    parentEmails: sameSet(extracted.parentEmails, expected.parentEmails, (s) => s.toLowerCase()),
    studentNames: sameSet(extracted.studentNames, expected.studentNames, normalizeName),
    campuses: sameSet(extracted.campuses, expected.campuses, normalizeName),
    transferCampuses: extracted.oldCampus === expected.oldCampus && extracted.newCampus === expected.newCampus,
  };
  return { analysis, results };
}

const show = (value: unknown) => JSON.stringify(value);

function expectedValue(ticket: CorpusTicket, field: Field): unknown {
  if (field === 'transferCampuses') return [ticket.expected.oldCampus, ticket.expected.newCampus];
  return ticket.expected[field];
}

function actualValue(analysis: ReturnType<typeof analyze>, field: Field): unknown {
  if (field === 'tool') return analysis.recommendations.map((r) => `${r.tool} ${r.confidence}`);
  if (field === 'transferCampuses') return [analysis.extracted.oldCampus, analysis.extracted.newCampus];
  return analysis.extracted[field];
}

function rates(set: CorpusTicket[]) {
  const graded = set.map((ticket) => ({ ticket, ...grade(ticket) }));
  const rate = (field: Field) => graded.filter((g) => g.results[field]).length / Math.max(1, graded.length);
  return { graded, byField: Object.fromEntries(FIELDS.map((field) => [field, rate(field)])) as Record<Field, number> };
}

describe('ticket corpus', () => {
  it('has at least 40 varied tickets, with no-tool tickets among them', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(40);
    expect(tickets.filter((t) => t.expected.tool === null).length).toBeGreaterThanOrEqual(6);
    expect(tickets.filter((t) => /<\w+/.test(t.content)).length).toBeGreaterThanOrEqual(5);
  });

  it('picks the expected tool first for at least 85% of tickets, and extracts their fields', () => {
    const all = rates(tickets);
    const sets = [...new Set(tickets.map((t) => t.set))].map((set) => ({ set, ...rates(tickets.filter((t) => t.set === set)) }));
    const misses = all.graded.flatMap(({ ticket, analysis, results }) =>
      FIELDS.filter((field) => !results[field]).map(
        (field) =>
          `${ticket.id} ${field}: expected ${show(expectedValue(ticket, field))}, got ${show(actualValue(analysis, field))}`,
      ),
    );
    const percent = (value: number) => `${(value * 100).toFixed(1).padStart(5)}%`;
    console.log(
      [
        `ticket corpus: ${tickets.length} tickets (${sets.map((s) => `${s.set} ${s.graded.length}`).join(', ')})`,
        `  ${'field'.padEnd(17)} ${['all', ...sets.map((s) => s.set)].map((name) => name.padStart(8)).join(' ')}`,
        ...FIELDS.map(
          (field) => `  ${field.padEnd(17)} ${[all, ...sets].map((r) => percent(r.byField[field]).padStart(8)).join(' ')}`,
        ),
        ...(misses.length ? ['misses:', ...misses.map((miss) => `  ${miss}`)] : []),
      ].join('\n'),
    );

    expect(all.byField.tool).toBeGreaterThanOrEqual(0.85);
    for (const field of ['districtId', 'parentEmails', 'studentNames', 'campuses', 'transferCampuses'] as const) {
      expect(all.byField[field], field).toBeGreaterThanOrEqual(0.85);
    }
  });
});
