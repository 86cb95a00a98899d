import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameQuery } from '../../domain/names';
import type { NameQuery, RosterReader } from '../../domain/roster';
import type { OneRosterTestServer } from '../../testing/oneroster-server';
import { createCsvRosterReader } from '../oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '../oneroster-csv/load-bundle';
import { makeTempDir, sampleDistrict11, toOneRoster12, writeBundleFolder } from '../oneroster-csv/test-bundles';
import { READER_KINDS, type ReaderKind, readerFor, startSampleServer } from './test-fixtures';

/**
 * The same district served as a CSV bundle (1.1 and 1.2), over REST 1.1 (OAuth 1.0a and
 * OAuth 2), REST 1.2 (OAuth 2) and ClassLink (direct and proxy) must give the same answers to
 * every RosterReader question: lookups cold (asked of the server), lookups warm (answered
 * from the scan snapshot), scans; and again against a server that refuses filters on
 * reference fields (the nested-endpoint fallbacks).
 */

const name = (input: string): NameQuery => {
  const query = parseNameQuery(input);
  if (!query) throw new Error(`not a name: ${input}`);
  return query;
};

/** Every question, with answers reduced to plain data. */
async function answers(reader: RosterReader): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const ask = async (label: string, run: () => Promise<unknown>) => {
    result[label] = await run();
  };
  await ask('name Lopez, Ana', () => reader.findPeople({ name: name('Lopez, Ana') }));
  await ask('name with middle', () => reader.findPeople({ name: name('ana maria LOPEZ') }));
  await ask('name with accents', () => reader.findPeople({ name: name('jose  lopez') }));
  await ask('name parent', () => reader.findPeople({ name: name('Maria Lopez') }));
  await ask('name parent as student', () => reader.findPeople({ name: name('Maria Lopez'), roles: ['student'] }));
  await ask('name nobody', () => reader.findPeople({ name: name('Nobody Here') }));
  await ask('email shared', () => reader.findPeople({ email: ' Maria@EXAMPLE.com ' }));
  await ask('email limit', () => reader.findPeople({ email: 'maria@example.com', limit: 1 }));
  await ask('email and name', () => reader.findPeople({ email: 'maria@example.com', name: name('Pedro Lopez') }));
  await ask('email blank', () => reader.findPeople({ email: '' }));
  await ask('identifier', () => reader.findPeople({ identifier: ' 1001 ' }));
  await ask('identifier wrong role', () => reader.findPeople({ identifier: '1001', roles: ['parent'] }));
  await ask('identifier of deleted', () => reader.findPeople({ identifier: '1003' }));
  await ask('sourcedId teacher', () => reader.findPeople({ sourcedId: 'u-tch1' }));
  await ask('sourcedId deleted', () => reader.findPeople({ sourcedId: 'u-stu3' }));
  await ask('sourcedId aide', () => reader.findPeople({ sourcedId: 'u-aide1' }));
  await ask('roles staff', () => reader.findPeople({ roles: ['teacher', 'administrator'] }));
  await ask('roles parents limit', () => reader.findPeople({ roles: ['parent'], limit: 2 }));
  await ask('roles students', () => reader.findPeople({ roles: ['student'] }));
  await ask('limit 0', () => reader.findPeople({ limit: 0 }));
  await ask('peopleByIds', () => reader.peopleByIds(['u-stu2', 'nope', 'u-stu1', 'u-aide1']));
  await ask('peopleBySourcedIds', () => reader.peopleBySourcedIds(['u-stu3', 'u-par3']));
  await ask('schools', () => reader.schools());
  await ask('schoolsBySourcedIds', () => reader.schoolsBySourcedIds(['s2', 's3', 'd1']));
  await ask('schoolsByIds', () => reader.schoolsByIds(['s1']));
  await ask('classesBySourcedIds', () => reader.classesBySourcedIds(['cls4', 'cls3', 'nope']));
  await ask('classesByIds', () => reader.classesByIds(['cls1']));
  await ask('classesBySchoolIds', () => reader.classesBySchoolIds(['s2', 's1', 's3', 'nope']));
  await ask('enrollmentsByClassIds', () => reader.enrollmentsByClassIds(['cls1', 'cls2', 'cls3', 'cls4', 'nope']));
  await ask('enrollmentsByUserIds', () =>
    reader.enrollmentsByUserIds(['u-stu2', 'u-ghost', 'u-stu1', 'u-tch1', 'u-aide1', 'u-adm1']),
  );
  await ask('membershipsByUserIds', () => reader.membershipsByUserIds(['u-stu1', 'u-adm1', 'u-par2', 'u-aide1', 'u-stu3']));
  await ask('links of students', () => reader.guardianLinksByStudentIds(['u-stu1', 'u-stu2', 'u-stu3', 'u-par1']));
  await ask('links of parents', () => reader.guardianLinksByParentIds(['u-par1', 'u-par2', 'u-par3', 'u-stu1']));
  await ask('syncErrors', () => reader.syncErrorsBySourcedIds(['u-stu1']));
  await ask('syncRuns', () => reader.syncRuns(5));
  return result;
}

async function scans(reader: RosterReader): Promise<Record<string, unknown>> {
  const all = async <T>(batches: AsyncIterable<T[]>) => {
    const items: T[] = [];
    for await (const batch of batches) items.push(...batch);
    return items;
  };
  return {
    schools: await all(reader.scan.schools()),
    students: await all(reader.scan.people(['student'])),
    parentsAndStaff: await all(reader.scan.people(['parent', 'teacher', 'administrator'])),
    classes: await all(reader.scan.classes()),
    enrollments: await all(reader.scan.enrollments()),
    memberships: await all(reader.scan.memberships()),
    guardianLinks: await all(reader.scan.guardianLinks()),
    syncErrors: await all(reader.scan.syncErrors()),
  };
}

let temp: { dir: string; remove: () => Promise<void> };
let csv11: RosterReader;
let csv12: RosterReader;
let expectedAnswers: Record<string, unknown>;
let expectedScans: Record<string, unknown>;
let server: OneRosterTestServer;
let strictServer: OneRosterTestServer;

beforeAll(async () => {
  temp = await makeTempDir('cdt-conformance-');
  const files = sampleDistrict11();
  csv11 = createCsvRosterReader(
    await loadOneRosterBundle({ path: await writeBundleFolder({ dir: join(temp.dir, 'v11'), files }) }),
  );
  csv12 = createCsvRosterReader(
    await loadOneRosterBundle({ path: await writeBundleFolder({ dir: join(temp.dir, 'v12'), files: toOneRoster12(files) }) }),
  );
  expectedAnswers = await answers(csv11);
  expectedScans = await scans(csv11);
  server = await startSampleServer();
  strictServer = await startSampleServer({ referenceFilters: false, linkHeaders: true, totalCountHeader: false });
});

afterAll(async () => {
  await server?.close();
  await strictServer?.close();
  await temp?.remove();
});

describe('conformance: CSV 1.1 and 1.2 agree (the baseline)', () => {
  it('gives the same answers and scans', async () => {
    expect(await answers(csv12)).toEqual(expectedAnswers);
    expect(await scans(csv12)).toEqual(expectedScans);
  });
});

describe.each(READER_KINDS)('conformance: %s answers as the CSV bundle does', (kind: ReaderKind) => {
  it('cold lookups, then scans, then lookups from the snapshot', async () => {
    const reader = readerFor(server, kind);
    expect(await answers(reader)).toEqual(expectedAnswers);
    expect(await scans(reader)).toEqual(expectedScans);
    // The scans loaded the district: the same questions are now answered without a call.
    const before = server.requests.length;
    expect(await answers(reader)).toEqual(expectedAnswers);
    expect(server.requests.length - before).toBe(0);
  });

  it('against a server without reference filters, X-Total-Count or offset paging (Link headers only)', async () => {
    const reader = readerFor(strictServer, kind, { pageSize: 2 });
    const before = strictServer.requests.length;
    expect(await answers(reader)).toEqual(expectedAnswers);
    expect(await scans(reader)).toEqual(expectedScans);
    const made = strictServer.requests.slice(before);
    // One refusal of a reference filter, then the spec's nested endpoints.
    expect(made.filter((request) => request.status === 400)).toHaveLength(1);
    expect(made.some((request) => /\/schools\/[^/]+\/classes\/[^/]+\/enrollments$/.test(request.path))).toBe(true);
    expect(made.some((request) => /\/users\/[^/]+\/classes$/.test(request.path))).toBe(true);
    expect(made.some((request) => /\/schools\/[^/]+\/classes$/.test(request.path))).toBe(true);
    // Paged by Link headers alone (no X-Total-Count), two records a page.
    expect(made.some((request) => request.query.offset === '2')).toBe(true);
  });
});
