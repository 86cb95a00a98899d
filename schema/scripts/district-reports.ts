/**
 * The district report (`dataQualityReport`) for every active customer, written as one CSV
 * row per district: an example of automation with the typed client of `@cdt/schema`.
 *
 *   export GATEWAY_URL=https://api.tools.example.com/graphql CDT_TOKEN=cdt_…
 *   npm run report:all --workspace=@cdt/schema -- --out district-reports.csv [--environment PRODUCTION]
 *
 * The operations are `documents/automation/district-reports.graphql`; `npm run codegen` turns
 * them into the typed documents imported below, so a schema change that breaks this script
 * fails its type check instead of its next run. Progress goes to stderr; the exit code is 0
 * when every report ran, 1 when some failed (their rows say why), 2 when nothing could run.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AutomationDistrictReportDocument,
  AutomationDistrictsDocument,
  type AutomationDistrictsQuery,
  type DiagnosticStatus,
  type Environment,
  executeTypedOperation,
  type FindingKind,
  type GatewayEndpoint,
} from '@cdt/schema';

/** Where `npm start` (the demo) serves the gateway. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
const ENVIRONMENTS = ['STAGING', 'PRODUCTION'] as const satisfies readonly Environment[];
/** Bookmarked district ids are at most 18 digits (bigint). */
const MAX_ID_DIGITS = 18;

/**
 * One CSV column per finding kind, in the rule book's order. A Record so that the type check
 * fails when the schema gains or loses a kind: regenerate the client, then update this list.
 */
const KIND_COLUMNS: Record<FindingKind, null> = {
  STUDENT_NOT_IN_SOURCE: null,
  STUDENT_NOT_IN_BOOKMARKED: null,
  IMPORT_REJECTED: null,
  PHANTOM_PARENT_LINK: null,
  PARENT_LINK_NOT_IN_BOOKMARKED: null,
  CLASS_NOT_IN_BOOKMARKED: null,
  ENROLLMENT_NOT_IN_SOURCE: null,
  ENROLLMENT_NOT_IN_BOOKMARKED: null,
  PHANTOM_ENROLLMENT: null,
  TEACHER_MISMATCH: null,
  STALE_SCHOOL_MEMBERSHIP: null,
  SCHOOL_MEMBERSHIP_NOT_IN_BOOKMARKED: null,
  TRANSFER_NOT_IN_SOURCE: null,
  DUPLICATE_EMAIL_IN_SOURCE: null,
  MERGED_ACCOUNT_IN_BOOKMARKED: null,
  DUPLICATE_ACCOUNT_IN_BOOKMARKED: null,
  FIELD_MISMATCH: null,
};
export const FINDING_KIND_COLUMNS = Object.keys(KIND_COLUMNS) as FindingKind[];

export const CSV_HEADER = [
  'district_id',
  'district_name',
  'customer_id',
  'environment',
  'status',
  'finding_total',
  ...FINDING_KIND_COLUMNS,
  'duration_ms',
  'run_id',
  'error',
];

type DistrictNode = AutomationDistrictsQuery['districts']['nodes'][number];

/** A district whose settings say `active`, in the environment the customer lives in. */
export interface ActiveCustomer {
  districtId: string;
  districtName: string;
  customerId: string;
  environment: Environment;
}

export interface ReportRow {
  customer: ActiveCustomer;
  /** FAILED when the gateway refused or could not run the report (`error` says why). */
  status: DiagnosticStatus | 'FAILED';
  findingTotal: number | null;
  counts: Partial<Record<FindingKind, number>>;
  durationMs: number | null;
  runId: string | null;
  error: string | null;
}

/**
 * A CSV cell for spreadsheets: RFC 4180 quoting, and text a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab or carriage return first) neutralised with a leading apostrophe.
 * District names and error messages come from other systems, so every text cell goes through here.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function reportRowCells(row: ReportRow): (string | number | null)[] {
  const { customer } = row;
  const failed = row.status === 'FAILED';
  return [
    customer.districtId,
    customer.districtName,
    customer.customerId,
    customer.environment,
    row.status,
    row.findingTotal,
    ...FINDING_KIND_COLUMNS.map((kind) => (failed ? null : (row.counts[kind] ?? 0))),
    row.durationMs,
    row.runId,
    row.error,
  ];
}

/**
 * Every district of one environment. `districts` answers at most 50 matches and has no cursor,
 * so a search with more is split by the next digit: ids are digits, and a search matches ids
 * that start with it (the exact id comes first in its page). It matches names containing it
 * too, which only brings districts wanted anyway. The caller removes duplicates.
 */
async function listDistricts(endpoint: GatewayEndpoint, environment: Environment, search = ''): Promise<DistrictNode[]> {
  const { districts } = await executeTypedOperation(endpoint, AutomationDistrictsDocument, { environment, search });
  if (districts.totalCount <= districts.nodes.length) return districts.nodes;
  if (search.length >= MAX_ID_DIGITS) {
    throw new Error(`${districts.totalCount} districts match "${search}" and no narrower search is possible.`);
  }
  const found = [...districts.nodes];
  // One page at a time: these are cheap, but there can be many of them in a large installation.
  for (const digit of '0123456789') found.push(...(await listDistricts(endpoint, environment, `${search}${digit}`)));
  return found;
}

/**
 * The active customers, each in the environment its settings name (`oneshelf_environment`;
 * without one the gateway defaults to STAGING, and so does this). A district without a
 * settings file has no customer and is left out.
 */
export async function listActiveCustomers(options: {
  endpoint: GatewayEndpoint;
  environments: readonly Environment[];
  log: (line: string) => void;
}): Promise<ActiveCustomer[]> {
  const customers = new Map<string, ActiveCustomer>();
  for (const environment of options.environments) {
    const districts = await listDistricts(options.endpoint, environment).catch((error: unknown) => {
      throw new Error(`Could not list the ${environment} districts: ${explain(error, options.endpoint)}`);
    });
    let active = 0;
    for (const district of districts) {
      const customer = district.customer;
      if (!customer?.active || (customer.environment ?? 'STAGING') !== environment || customers.has(district.id)) continue;
      customers.set(district.id, {
        districtId: district.id,
        districtName: district.name,
        customerId: customer.customerId,
        environment,
      });
      active += 1;
    }
    options.log(`${environment}: ${new Set(districts.map((d) => d.id)).size} districts, ${active} active customer(s).`);
  }
  return [...customers.values()].sort(
    (a, b) =>
      ENVIRONMENTS.indexOf(a.environment) - ENVIRONMENTS.indexOf(b.environment) || a.districtName.localeCompare(b.districtName),
  );
}

/** Runs one district report; a failure becomes a FAILED row rather than stopping the others. */
export async function runDistrictReport(endpoint: GatewayEndpoint, customer: ActiveCustomer): Promise<ReportRow> {
  try {
    const { dataQualityReport: run } = await executeTypedOperation(endpoint, AutomationDistrictReportDocument, {
      input: { districtId: customer.districtId, environment: customer.environment },
    });
    return {
      customer,
      status: run.status,
      findingTotal: run.findingTotal,
      counts: Object.fromEntries(run.findingCounts.map((c) => [c.kind, c.count])),
      durationMs: run.durationMs,
      runId: run.recorded ? run.id : null,
      error: null,
    };
  } catch (error) {
    const message = explain(error, endpoint);
    return { customer, status: 'FAILED', findingTotal: null, counts: {}, durationMs: null, runId: null, error: message };
  }
}

/** What went wrong, in words that say what to check. */
function explain(error: unknown, endpoint: GatewayEndpoint): string {
  if (error instanceof SyntaxError) {
    return `${endpoint.url} did not answer with GraphQL JSON; GATEWAY_URL must be the gateway's /graphql address.`;
  }
  if (error instanceof TypeError && error.cause instanceof Error) {
    const code = (error.cause as { code?: string }).code;
    return `could not reach the gateway at ${endpoint.url} (${code ?? error.cause.message}); is it running, and is GATEWAY_URL right?`;
  }
  return error instanceof Error ? error.message : String(error);
}

const USAGE = `Usage: GATEWAY_URL=<…/graphql> CDT_TOKEN=<token> npm run report:all --workspace=@cdt/schema -- [options]

Runs the district report for every active customer and writes one CSV row per district.

Options:
  -o, --out FILE            the CSV to write (default district-reports.csv, relative to where npm ran)
  -e, --environment ENV     only customers living in STAGING or PRODUCTION (default both)
  -h, --help                this text

Environment:
  GATEWAY_URL   the gateway's GraphQL endpoint (default ${DEFAULT_GATEWAY_URL}, the demo)
  CDT_TOKEN     an API token: npm run cli -- token create --name district-reports --role support`;

class UsageError extends Error {}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  environment: { type: 'string', short: 'e' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readOptions(argv: readonly string[], env: Record<string, string | undefined>) {
  const values = parseOptions(argv);
  if (values.help) return null;

  const url = env.GATEWAY_URL?.trim() || DEFAULT_GATEWAY_URL;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`GATEWAY_URL must be an http(s) URL such as ${DEFAULT_GATEWAY_URL}; got "${url}".`);
  }
  const token = env.CDT_TOKEN?.trim();
  if (!token) {
    throw new UsageError(
      'CDT_TOKEN is not set: create an API token with `npm run cli -- token create --name district-reports --role support` (the demo prints one) and export CDT_TOKEN=<token>.',
    );
  }
  const environment = values.environment?.trim().toUpperCase();
  if (environment !== undefined && !ENVIRONMENTS.includes(environment as Environment)) {
    throw new UsageError(`--environment must be STAGING or PRODUCTION; got "${values.environment}".`);
  }
  // npm runs workspace scripts in the workspace folder; INIT_CWD is where the user typed the command.
  const out = path.resolve(env.INIT_CWD ?? process.cwd(), values.out ?? 'district-reports.csv');
  return {
    endpoint: { url, token } satisfies GatewayEndpoint,
    environments: environment ? [environment as Environment] : [...ENVIRONMENTS],
    out,
  };
}

/** The whole script: returns the exit code. Tests call it with their own gateway and output file. */
export async function main(options: {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<number> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let settings: ReturnType<typeof readOptions>;
  try {
    settings = readOptions(options.argv, options.env);
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (!settings) {
    log(USAGE);
    return 0;
  }
  const { endpoint, environments, out } = settings;

  log(`Gateway: ${endpoint.url}`);
  let customers: ActiveCustomer[];
  try {
    customers = await listActiveCustomers({ endpoint, environments, log });
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (customers.length === 0) log('No active customer: the CSV has its header only.');

  const file = await open(out, 'w');
  const failed: ReportRow[] = [];
  try {
    await file.write(csvLine(CSV_HEADER));
    // One report at a time: each one reads a whole district from both systems.
    for (const [index, customer] of customers.entries()) {
      const row = await runDistrictReport(endpoint, customer);
      await file.write(csvLine(reportRowCells(row)));
      const where = `[${index + 1}/${customers.length}] ${customer.districtName} (${customer.districtId}, ${customer.environment})`;
      if (row.status === 'FAILED') {
        failed.push(row);
        log(`${where}: FAILED: ${row.error}`);
      } else {
        log(`${where}: ${row.status}, ${row.findingTotal} finding(s), ${((row.durationMs ?? 0) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    await file.close();
  }
  log(`Wrote ${customers.length} row(s) to ${out}${failed.length ? `; ${failed.length} report(s) failed` : ''}.`);
  return failed.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main({ argv: process.argv.slice(2), env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`district-reports: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
