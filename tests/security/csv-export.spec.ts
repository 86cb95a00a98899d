import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuritySuite, startSecuritySuite } from './support/security-suite';

/**
 * Formula injection: values a user controls (a username tried at sign-in, a ticket id, a
 * comparison document, variables) reach the audit log; its CSV export must hand every one of
 * them to a spreadsheet as text. The gateway has no other CSV export (the web app's report CSV
 * is web/src/lib/csv.ts, with its own spec).
 */
const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  ' =HYPERLINK("http://evil.example","x")',
];
let suite: SecuritySuite;

/** RFC 4180 cells of a CSV text. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  suite = await startSecuritySuite();
  for (const formula of FORMULAS) {
    await suite.webCall('/auth/password', { username: formula, password: 'wrong password' });
    await suite.graphql(
      'mutation($input: StudentSearchInput!) { studentSearch(input: $input) { id } }',
      { input: { districtId: '7101', environment: 'STAGING', query: formula, ticketId: formula } },
      { token: 'support' },
    );
  }
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

describe('audit log CSV export', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and keeps the text', async () => {
    const answer = await suite.graphql<{ auditLogCsv: string }>('{ auditLogCsv }', {}, { token: 'admin' });
    expect(answer.errors).toBeUndefined();
    const rows = parseCsv(answer.data?.auditLogCsv as string);
    expect(rows[0]).toEqual([
      'id',
      'at',
      'actor',
      'actor_name',
      'actor_kind',
      'action',
      'environment',
      'district_id',
      'request_id',
      'duration_ms',
      'record_count',
      'detail',
    ]);
    const cells = rows.flat();
    const dangerous = cells.filter((cell) => /^\s*[=+\-@]|^[\t\r\n]/.test(cell));
    expect(dangerous).toEqual([]);
    // The sign-in attempts' usernames (trimmed and lowercased by the sign-in route) are whole
    // cells, kept as text behind an apostrophe.
    const actors = rows.slice(1).map((row) => row[2]);
    for (const formula of FORMULAS) expect(actors).toContain(`'${formula.trim().toLowerCase()}`);
    // The tool runs' ticket ids are inside the JSON detail, which starts with "{".
    expect(cells.some((cell) => cell.startsWith('{') && cell.includes('SUM(1,2)'))).toBe(true);
  });

  it('is admins only, and the export itself is audited', async () => {
    const refused = await suite.graphql('{ auditLogCsv }', {}, { token: 'support' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const since = await suite.lastAuditId();
    await suite.graphql('{ auditLogCsv(filter: { actions: ["sign_in_failed"] }, limit: 5) }', {}, { token: 'admin' });
    const [row] = await suite.audit(since);
    expect(row).toMatchObject({ action: 'audit_exported', detail: { limit: 5, filter: { actions: ['sign_in_failed'] } } });
  });
});
