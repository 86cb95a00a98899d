import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DistrictSpec, type ProvisionedDistrict, provisionDistricts } from '@cdt/gateway/demo/provision';
import { createTestDatabase, type TestDatabase } from '@cdt/gateway/testing/test-database';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchSpec, parseBenchArgs } from './bench-config';
import type { BenchDistrict } from './district-cache';
import { FLOOR_QUERIES, parseCsvFloor, readPostgresFloor } from './floor';
import { type GatewayProcess, startGatewayProcess } from './gateway-process';
import { checkTargets, formatMs, markdownTable, replaceBlock, resultsTable, type SizeResult } from './report';
import { percentile, summarize } from './stats';
import { type BenchSubjects, pickSubjects, SINGLE_ENTITY_TOOLS } from './subjects';
import { runCompare, runReport, runSeries } from './tool-runs';

/**
 * The bench harness itself on a small district (no timing assertions): the floor readers
 * count the rows that are there, subjects are usable, the gateway child answers over HTTP
 * and counts what a run reads, and the table formatter prints what it is given.
 */
const SPEC: DistrictSpec = { ...benchSpec(1_500), districtId: 8_099_001, seed: 8_099_001, customerId: 'bench-spec' };

let database: TestDatabase;
let workDir: string;
let provisioned: ProvisionedDistrict;
let subjects: BenchSubjects;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'cdt_bench_spec' });
  workDir = await mkdtemp(path.join(tmpdir(), 'cdt-bench-spec-'));
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    [provisioned] = (await provisionDistricts({
      specs: [SPEC],
      bookmarked: [client],
      bundlesDir: path.join(workDir, 'bundles'),
      settingsDir: path.join(workDir, 'settings'),
    })) as [ProvisionedDistrict];
  } finally {
    await client.end();
  }
  subjects = pickSubjects({ district: provisioned.generated, count: 30, compareRecords: 2_000 });
}, 120_000);

afterAll(async () => {
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('floor readers', () => {
  it('reads every live row of each table with one query per table', async () => {
    const floor = await readPostgresFloor({ url: database.url });
    const b = provisioned.generated.bookmarked;
    const live = (rows: readonly { deletedAt: string | null }[]) => rows.filter((row) => row.deletedAt === null).length;
    expect(Object.fromEntries(floor.parts.map((part) => [part.name, part.rows]))).toEqual({
      schools: live(b.schools),
      users: live(b.users),
      user_schools: live(b.userSchools),
      guardianships: live(b.guardianships),
      classes: live(b.classes),
      enrollments: live(b.enrollments),
      sync_errors: b.syncErrors.length,
    });
    expect(floor.parts.map((part) => part.name)).toEqual(Object.keys(FLOOR_QUERIES));
    expect(floor.rows).toBe(floor.parts.reduce((sum, part) => sum + part.rows, 0));
  });

  it('parses every CSV file of the bundle, header excluded', async () => {
    const floor = await parseCsvFloor({ bundlePath: provisioned.bundlePath as string });
    const csvRows = Object.fromEntries(floor.parts.map((part) => [part.name, part.rows]));
    expect(csvRows['users.csv']).toBe(provisioned.generated.source.users.length);
    expect(csvRows['enrollments.csv']).toBe(provisioned.generated.source.enrollments.length);
    expect(csvRows['classes.csv']).toBe(provisioned.generated.source.classes.length);
  });
});

describe('subjects', () => {
  it('gives each single-entity tool the asked number of complete inputs', () => {
    for (const tool of SINGLE_ENTITY_TOOLS) {
      expect(subjects[tool]).toHaveLength(30);
      for (const input of subjects[tool]) {
        for (const [field, value] of Object.entries(input)) {
          if (field !== 'school') expect(value, `${tool}.${field}`).toMatch(/\S/);
        }
      }
    }
    expect(new Set(subjects.studentSearch.map((s) => s.query)).size).toBeGreaterThan(20);
    expect(subjects.campusTransfer.every((s) => s.oldCampus !== s.newCampus)).toBe(true);
    expect(subjects.compare.studentEnrollments).toBeGreaterThanOrEqual(2_000);
  });

  it('is deterministic', () => {
    expect(pickSubjects({ district: provisioned.generated, count: 30, compareRecords: 2_000 })).toEqual(subjects);
  });
});

describe('the gateway child process', () => {
  let gateway: GatewayProcess;
  let district: BenchDistrict;

  beforeAll(async () => {
    gateway = await startGatewayProcess({
      settings: {
        databaseUrl: database.url,
        appDatabaseUrl: database.url,
        settingsDir: path.join(workDir, 'settings'),
        dataDir: path.join(workDir, 'data'),
      },
    });
    district = {
      marker: { cacheVersion: 0, generator: 'spec', spec: SPEC },
      students: SPEC.students,
      label: 'spec',
      databaseName: '',
      databaseUrl: database.url,
      bundlePath: provisioned.bundlePath as string,
      settingsDir: path.join(workDir, 'settings'),
      subjects,
      expectedReportCounts: provisioned.generated.expectedReportCounts,
      rowCounts: { bookmarked: {}, bundle: {} },
      built: null,
    };
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it('runs a tool cold and warm over HTTP and counts its statements and source reads', async () => {
    for (const cold of [true, false]) {
      const series = await runSeries({ gateway, district, tool: 'studentSearch', runs: 3, cold });
      expect(series.timesMs).toHaveLength(3);
      expect(series.statements.min).toBeGreaterThan(0);
      expect(series.sourceReads.min).toBeGreaterThan(0);
      expect(Object.keys(series.sourceReadsByMethod)).toContain('findPeople');
    }
  }, 60_000);

  it("runs the district report with the process's peak memory, and counts equal to the generator's", async () => {
    const run = await runReport({ gateway, district });
    expect(run.countMismatches).toEqual([]);
    expect(run.rssBefore).toBeGreaterThan(0);
    // VmHWM can be reset only where /proc/<pid>/clear_refs is writable; NaN otherwise.
    expect(Number.isNaN(run.peakRss) || run.peakRss >= run.rssBefore * 0.5).toBe(true);
  }, 60_000);

  it('runs compare on the chosen classes', async () => {
    const result = await runCompare({ gateway, district, runs: 1 });
    expect(result.leftCount).toBe(subjects.compare.studentEnrollments);
    expect(result.rightCount).toBeGreaterThan(0);
  }, 60_000);
});

describe('report formatting', () => {
  const size = (label: string, students: number): SizeResult => ({
    students,
    label,
    rowCounts: { bookmarked: {}, bundle: {} },
    built: null,
    floor: {
      postgres: { ms: 400, rows: 1_000, parts: [], samplesMs: [400] },
      csv: { ms: 600, rows: 900, parts: [], samplesMs: [600] },
      ms: 1_000,
    },
    tools: {
      studentSearch: {
        cold: {
          timesMs: [],
          time: summarize([900, 1_100, 6_000]),
          statements: summarize([4]),
          sourceReads: summarize([3]),
          sourceReadsByMethod: {},
          statuses: {},
        },
        warm: {
          timesMs: [],
          time: summarize([40, 50, 400]),
          statements: summarize([4, 9]),
          sourceReads: summarize([3, 5]),
          sourceReadsByMethod: {},
          statuses: {},
        },
      },
    },
    report: {
      cold: { ms: 2_500, peakRss: 2e9, rssBefore: 1e8, statements: 20, findingTotal: 10, countMismatches: [] },
      warm: [{ ms: 1_500, peakRss: 3e8, rssBefore: 1e8, statements: 20, findingTotal: 10, countMismatches: [] }],
    },
    compare: {
      leftCount: 100_000,
      rightCount: 99_000,
      changedCount: 0,
      timesMs: [2_000],
      medianMs: 2_000,
      queryDurationMs: 1_500,
    },
    loadAverage: { before: 0.5, after: 1.25 },
  });

  it('prints one column per size and the floor ratios', () => {
    const table = resultsTable({ sizes: [size('10k', 10_000), size('200k', 200_000)] });
    const lines = table.split('\n');
    expect(lines[0]).toBe('| measure | 10k students | 200k students |');
    expect(lines[1]).toBe('| --- | --- | --- |');
    expect(table).toContain('| **floor (sum)** | **1.00 s** | **1.00 s** |');
    expect(table).toContain('| studentSearch warm p50 / p95 | 50 ms / 400 ms | 50 ms / 400 ms |');
    expect(table).toContain('1.10 s / 6.00 s (6.00×)');
    expect(table).toContain('| studentSearch SQL statements / source reads per run | 4–9 / 3–5 |');
    expect(table).toContain('2.50 s (2.50×), 2.00 GB');
    expect(table).toContain('2.00 s (100,000 / 99,000)');
    expect(table).toContain('| load average (1 min) at start → end | 0.5 → 1.3 | 0.5 → 1.3 |');
    // Tools not measured show a dash rather than disappearing.
    expect(table).toContain('| missingData warm p50 / p95 | – | – |');
  });

  it('judges the targets on the largest district', () => {
    const checks = checkTargets([size('10k', 10_000), size('200k', 200_000)]);
    expect(checks.every((check) => check.size === '200k')).toBe(true);
    expect(checks.map((c) => [c.target, c.met])).toEqual([
      ['studentSearch p95 warm < 300 ms', false],
      ['studentSearch p95 cold < 5 s', false],
      ['dataQualityReport (cold) within 2× the floor', false],
      ['dataQualityReport peak memory < 1.5 GB', false],
      ['compare 100,000 records/side < 3 s', true],
    ]);
  });

  it('formats tables, durations and document blocks', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | 1 |');
    expect([formatMs(3.21), formatMs(250.4), formatMs(1_234), formatMs(45_678)]).toEqual([
      '3.2 ms',
      '250 ms',
      '1.23 s',
      '45.7 s',
    ]);
    const once = replaceBlock('# Performance\n\nNotes.\n', 'quick', 'table 1');
    expect(once).toBe('# Performance\n\nNotes.\n\n<!-- bench:quick:begin -->\ntable 1\n<!-- bench:quick:end -->\n');
    const twice = replaceBlock(`${once}\nMore notes.\n`, 'quick', 'table 2');
    expect(twice).toContain('table 2');
    expect(twice).not.toContain('table 1');
    expect(twice).toContain('More notes.');
  });

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(15);
    expect(percentile(values, 95)).toBe(29);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('parses the command line', () => {
    expect(parseBenchArgs(['--quick'])).toMatchObject({ sizes: [10_000], quick: true, runs: 30 });
    expect(parseBenchArgs(['--sizes=10k,2000', '--runs=5'])).toMatchObject({ sizes: [10_000, 2_000], runs: 5, coldRuns: 5 });
    expect(parseBenchArgs(['--gateway-node-options=--max-semi-space-size=64 --trace-gc']).gatewayNodeOptions).toEqual([
      '--max-semi-space-size=64',
      '--trace-gc',
    ]);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/Unknown bench option "--fast"/);
  });
});
