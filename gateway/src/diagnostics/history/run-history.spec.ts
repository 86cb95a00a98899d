import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../../app-db/app-database';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { dashboardStats, HISTORY_MAX_FINDINGS, listRuns, type NewRun, recordRun, runById } from './run-history';

let database: TestDatabase;
let db: AppDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'cdt_runs' });
  db = await openAppDatabase({ url: database.url, dataDir: '/tmp/unused' });
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const run = (overrides: Partial<NewRun>): NewRun => ({
  kind: 'tool',
  tool: 'studentSearch',
  status: 'NO_ISSUE',
  summary: 'ok',
  districtId: '101',
  environment: 'staging',
  input: { query: 'Ana Lopez' },
  findings: [],
  remediation: ['nothing to do'],
  evidence: { queries: [{ operationName: 'StudentSearch', variables: { query: 'Ana Lopez' } }] },
  findingCounts: {},
  findingTotal: 0,
  candidates: [],
  details: null,
  ticketId: null,
  actor: { id: '1', name: 'alice', kind: 'token' },
  durationMs: 12,
  ...overrides,
});

describe('run history (real PostgreSQL)', () => {
  it('records a run and reads it back whole', async () => {
    const findings = Array.from({ length: HISTORY_MAX_FINDINGS + 5 }, (_, i) => ({ kind: 'FIELD_MISMATCH', n: i }));
    const { id, createdAt } = await recordRun(
      db,
      run({
        status: 'ISSUE_IN_BOOKMARKED',
        findings,
        findingCounts: { FIELD_MISMATCH: findings.length },
        findingTotal: findings.length,
        ticketId: 'T-1',
      }),
    );
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const stored = await runById(db, id);
    expect(stored).toMatchObject({
      id,
      complete: true,
      tool: 'studentSearch',
      status: 'ISSUE_IN_BOOKMARKED',
      ticketId: 'T-1',
      findingTotal: findings.length,
      actor: { id: '1', name: 'alice' },
    });
    // History keeps a bounded number of findings; the counts stay complete.
    expect(stored?.findings).toHaveLength(HISTORY_MAX_FINDINGS);
    expect(stored?.findingCounts).toEqual({ FIELD_MISMATCH: findings.length });
    expect(stored?.evidence).toEqual({ queries: [{ operationName: 'StudentSearch', variables: { query: 'Ana Lopez' } }] });
    expect(await runById(db, '999999')).toBeNull();
    expect(await runById(db, 'not-an-id')).toBeNull();
  });

  it('lists runs newest first, filtered and paged', async () => {
    await recordRun(
      db,
      run({
        tool: 'missingData',
        districtId: '202',
        status: 'ISSUE_IN_SOURCE',
        actor: { id: '2', name: 'bob', kind: 'session' },
      }),
    );
    await recordRun(db, run({ tool: 'missingData', districtId: '202', status: 'NO_ISSUE' }));
    await recordRun(db, run({ kind: 'compare', tool: 'compare', status: null, districtId: null, environment: null }));

    const byDistrict = await listRuns(db, { filter: { districtId: '202' } });
    expect(byDistrict.totalCount).toBe(2);
    expect(byDistrict.nodes.map((r) => r.status)).toEqual(['NO_ISSUE', 'ISSUE_IN_SOURCE']);
    expect(byDistrict.nodes[0]?.complete).toBe(false);
    expect((await listRuns(db, { filter: { actorId: '2' } })).nodes.map((r) => r.actor.name)).toEqual(['bob']);
    expect((await listRuns(db, { filter: { kind: 'compare' } })).totalCount).toBe(1);
    expect((await listRuns(db, { filter: { tool: 'missingData', status: 'ISSUE_IN_SOURCE' } })).totalCount).toBe(1);
    expect((await listRuns(db, { filter: { from: '2000-01-01', to: '2000-01-02' } })).totalCount).toBe(0);

    const first = await listRuns(db, { first: 2 });
    expect(first).toMatchObject({ totalCount: 4, hasNextPage: true });
    const second = await listRuns(db, { first: 2, after: first.endCursor });
    expect(second.hasNextPage).toBe(false);
    expect([...first.nodes, ...second.nodes].map((r) => Number(r.id))).toEqual(
      [...first.nodes, ...second.nodes].map((r) => Number(r.id)).sort((a, b) => b - a),
    );
    await expect(listRuns(db, { filter: { from: 'yesterday-ish' } })).rejects.toThrow(/expected an ISO date/);
  });

  it('summarises runs for the dashboard', async () => {
    await recordRun(
      db,
      run({
        tool: 'dataQualityReport',
        status: 'ISSUE_IN_SOURCE',
        durationMs: 5000,
        findingCounts: { STUDENT_NOT_IN_SOURCE: 3, FIELD_MISMATCH: 40 },
        findingTotal: 43,
      }),
    );
    const stats = await dashboardStats(db, { days: 7 });
    expect(stats.runsToday).toBe(5);
    expect(stats.runsInPeriod).toBe(5);
    expect(stats.byStatus).toEqual(
      expect.arrayContaining([
        { status: 'ISSUE_IN_SOURCE', count: 2 },
        { status: 'NO_ISSUE', count: 1 },
      ]),
    );
    expect(stats.topFindingKinds[0]).toEqual({ kind: 'FIELD_MISMATCH', count: 40 + HISTORY_MAX_FINDINGS + 5 });
    expect(stats.slowestTools[0]).toMatchObject({ tool: 'dataQualityReport', runs: 1, averageMs: 5000, maxMs: 5000 });
  });

  it('orders by run id as a number, past id 9', async () => {
    for (let i = 0; i < 8; i++) await recordRun(db, run({ tool: 'campusTransfer' }));
    const ids = (await listRuns(db, { first: 100 })).nodes.map((r) => Number(r.id));
    expect(ids.length).toBeGreaterThan(10);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
