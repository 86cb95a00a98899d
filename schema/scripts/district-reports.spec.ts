import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGateway } from '@cdt/gateway/app';
import type { DistrictSpec } from '@cdt/gateway/demo/provision';
import { generateDistrict } from '@cdt/gateway/seed/generate-district';
import { type GatewayHarness, startGatewayHarness } from '@cdt/gateway/testing/gateway-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER, csvCell, FINDING_KIND_COLUMNS, main } from './district-reports';

/**
 * The script against a real gateway served on a local port: real PostgreSQL, generated
 * districts with the fault catalogue, OneRoster bundles and settings files. Its CSV must hold
 * one row per active customer with exactly the generator's expected report counts.
 */
const CATALOGUE: DistrictSpec = {
  seed: 41,
  districtId: 4101,
  // A name a spreadsheet would run as a formula, with quotes and a comma to quote.
  name: '=HYPERLINK("https://example.com","Lakeside") Independent School District',
  state: 'TX',
  sisProvider: 'oneroster',
  students: 80,
  oneRosterVersion: '1.1',
  faults: 'catalog',
  customerId: 'lakeside-isd',
  customerName: 'Lakeside ISD',
  source: 'csv-folder',
  environment: 'staging',
};
const CATALOGUE_ZIP: DistrictSpec = {
  ...CATALOGUE,
  seed: 42,
  districtId: 4102,
  name: 'Riverbend Unified School District',
  state: 'CA',
  students: 60,
  oneRosterVersion: '1.2',
  customerId: 'riverbend-usd',
  customerName: 'Riverbend USD',
  source: 'csv-zip',
  environment: 'production',
};
const CLEAN = { ...CATALOGUE, seed: 43, districtId: 4103, students: 20, schools: 3, faults: 'none' } as const;
/** Its settings say `active: false`: no row. */
const INACTIVE: DistrictSpec = { ...CLEAN, name: 'Pine Valley Public Schools', customerId: 'pine-valley-ps' };
/** Its bundle is deleted: a FAILED row, and the others still run. */
const UNREADABLE: DistrictSpec = {
  ...CLEAN,
  seed: 44,
  districtId: 4104,
  name: 'Cedar Falls School District',
  customerId: 'cedar-falls',
};
/** More districts than one `districts` page (50) holds, sorted before the customers: the script must page. */
const BOOKMARKED_ONLY: DistrictSpec[] = Array.from({ length: 52 }, (_, i) => ({
  ...CLEAN,
  seed: 4201 + i,
  districtId: 4201 + i,
  name: `Alder ${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))} School District`,
  customerId: `alder-${i}`,
  source: 'none',
}));
const REPORTED = [CATALOGUE, CATALOGUE_ZIP];

let harness: GatewayHarness;
let url: string;
let stopServer: () => Promise<void>;
let workDir: string;

beforeAll(async () => {
  harness = await startGatewayHarness({ specs: [...REPORTED, INACTIVE, UNREADABLE, ...BOOKMARKED_ONLY] });
  const inactive = harness.districts.find((d) => d.spec === INACTIVE);
  const unreadable = harness.districts.find((d) => d.spec === UNREADABLE);
  if (!inactive?.settingsFile || !unreadable?.bundlePath) throw new Error('the harness did not write settings and bundles');
  const settings = JSON.parse(await readFile(inactive.settingsFile, 'utf8'));
  await writeFile(inactive.settingsFile, JSON.stringify({ ...settings, active: false }));
  await harness.services.settings.reload();
  await rm(unreadable.bundlePath, { recursive: true, force: true });

  const server = createServer(createGateway({ services: harness.services }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  stopServer = () => new Promise((resolve) => server.close(() => resolve()));
  workDir = await mkdtemp(path.join(tmpdir(), 'cdt-district-reports-'));
});

afterAll(async () => {
  await stopServer?.();
  await harness?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** RFC 4180 records with CRLF line ends (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return records;
}

async function run(argv: string[], env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const code = await main({ argv, env: { INIT_CWD: workDir, ...env }, log: (line) => lines.push(line) });
  return { code, log: lines.join('\n') };
}

describe('district-reports', () => {
  it('writes one row per active customer with the counts the generator planted, and a FAILED row for a source it cannot read', async () => {
    const { code, log } = await run(['--out', 'reports.csv'], { GATEWAY_URL: url, CDT_TOKEN: harness.tokens.support });
    const [header, ...rows] = parseCsv(await readFile(path.join(workDir, 'reports.csv'), 'utf8'));
    const byId = new Map(rows.map((cells) => [cells[0], Object.fromEntries(CSV_HEADER.map((name, i) => [name, cells[i]]))]));

    expect(code, log).toBe(1);
    expect(header).toEqual(CSV_HEADER);
    expect([...byId.keys()].sort()).toEqual(['4101', '4102', '4104']);
    for (const spec of REPORTED) {
      const expected = generateDistrict(spec).expectedReportCounts;
      const row = byId.get(String(spec.districtId));
      expect(row).toMatchObject({
        customer_id: spec.customerId,
        environment: spec.environment.toUpperCase(),
        status: FINDING_KIND_COLUMNS.some((kind) => kind.endsWith('_IN_SOURCE') && expected[kind] > 0)
          ? 'ISSUE_IN_SOURCE'
          : 'ISSUE_IN_BOOKMARKED',
        finding_total: String(Object.values(expected).reduce((a, b) => a + b, 0)),
        error: '',
      });
      expect(Object.fromEntries(FINDING_KIND_COLUMNS.map((kind) => [kind, Number(row?.[kind])]))).toEqual(expected);
      expect(row?.run_id).toMatch(/^\d+$/);
      expect(Number(row?.duration_ms)).toBeGreaterThanOrEqual(0);
    }
    expect(byId.get('4101')?.district_name).toBe(`'${CATALOGUE.name}`);
    expect(byId.get('4104')).toMatchObject({ status: 'FAILED', finding_total: '', STUDENT_NOT_IN_SOURCE: '', run_id: '' });
    expect(byId.get('4104')?.error).toContain('no bundle');
    // Every district of both environments was listed, past the first page of 50.
    expect(log).toContain(`STAGING: ${2 + 2 + BOOKMARKED_ONLY.length} districts, 2 active customer(s).`);
    expect(log).toMatch(/\[\d\/3\] Riverbend Unified School District \(4102, PRODUCTION\): ISSUE_IN_SOURCE/);
    expect(log).toContain('1 report(s) failed');
  });

  it('runs only the customers of the environment asked for', async () => {
    const { code } = await run(['-o', 'production.csv', '--environment', 'production'], {
      GATEWAY_URL: url,
      CDT_TOKEN: harness.tokens.support,
    });
    const rows = parseCsv(await readFile(path.join(workDir, 'production.csv'), 'utf8')).slice(1);
    expect(code).toBe(0);
    expect(rows.map((cells) => cells[0])).toEqual(['4102']);
  });

  it('stops before writing anything when the token is missing or refused', async () => {
    const missing = await run(['-o', 'none.csv'], { GATEWAY_URL: url, CDT_TOKEN: '' });
    expect(missing).toMatchObject({ code: 2, log: expect.stringContaining('CDT_TOKEN is not set') });
    const refused = await run(['-o', 'none.csv'], { GATEWAY_URL: url, CDT_TOKEN: 'cdt_not-a-token' });
    expect(refused).toMatchObject({ code: 2, log: expect.stringContaining('The API token is not valid') });
    await expect(access(path.join(workDir, 'none.csv'))).rejects.toThrow();
  });
});

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-5', "'-5"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['Smith, Jane', '"Smith, Jane"'],
    ['say "hi"', '"say ""hi"""'],
    ['=A1,"x"', `"'=A1,""x"""`],
    ['Lakeside ISD', 'Lakeside ISD'],
  ])('%j becomes %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers and empty cells as they are', () => {
    expect([csvCell(127), csvCell(0), csvCell(null)]).toEqual(['127', '0', '']);
  });
});
