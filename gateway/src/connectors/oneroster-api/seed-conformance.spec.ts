import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameQuery } from '../../domain/names';
import type { NameQuery, RosterReader } from '../../domain/roster';
import { generateDistrict } from '../../seed/generate-district';
import { writeOneRosterBundle } from '../../seed/write-oneroster-bundle';
import { type OneRosterTestServer, rosterFromSeed, startOneRosterServer } from '../../testing/oneroster-server';
import { createCsvRosterReader } from '../oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '../oneroster-csv/load-bundle';
import { makeTempDir } from '../oneroster-csv/test-bundles';
import { countHttpCalls } from './http-call-counter';
import { createOneRosterApiRosterReader } from './source-readers';
import { CLIENT, CUSTOMER_ID } from './test-fixtures';

/**
 * A generated district (gateway/src/seed, planted faults included) written as a CSV bundle by
 * the seed's own writer and served over REST from `rosterFromSeed`: every lookup the tools
 * make, for every person, class and school, and every scan, must agree.
 */

let temp: { dir: string; remove: () => Promise<void> };
const servers: OneRosterTestServer[] = [];
beforeAll(async () => {
  temp = await makeTempDir('cdt-seed-conformance-');
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await temp?.remove();
});

async function all<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const batch of batches) items.push(...batch);
  return items;
}

/** Lookups for every key the district has (batched as DataLoaders batch them), then every scan. */
async function everything(
  reader: RosterReader,
  keys: { people: string[]; classes: string[]; schools: string[]; names: NameQuery[]; emails: string[] },
) {
  const lookups = {
    people: await reader.peopleByIds(keys.people),
    classes: await reader.classesByIds(keys.classes),
    schools: await reader.schoolsByIds(keys.schools),
    classesBySchool: await reader.classesBySchoolIds(keys.schools),
    enrollmentsByUser: await reader.enrollmentsByUserIds(keys.people),
    enrollmentsByClass: await reader.enrollmentsByClassIds(keys.classes),
    memberships: await reader.membershipsByUserIds(keys.people),
    linksOfStudents: await reader.guardianLinksByStudentIds(keys.people),
    linksOfParents: await reader.guardianLinksByParentIds(keys.people),
    byName: await Promise.all(keys.names.map((name) => reader.findPeople({ name }))),
    byEmail: await Promise.all(keys.emails.map((email) => reader.findPeople({ email }))),
  };
  const scans = {
    schools: await all(reader.scan.schools()),
    people: await all(reader.scan.people(['student', 'parent', 'teacher', 'administrator'])),
    classes: await all(reader.scan.classes()),
    enrollments: await all(reader.scan.enrollments()),
    memberships: await all(reader.scan.memberships()),
    guardianLinks: await all(reader.scan.guardianLinks()),
  };
  return { lookups, scans };
}

/** Links found from either side come back in discovery order, which differs by source kind; compare as sets. */
function sortLinks<
  T extends {
    lookups: {
      linksOfStudents: { parentId: string; studentId: string }[][];
      linksOfParents: { parentId: string; studentId: string }[][];
    };
  },
>(value: T): T {
  const key = (link: { parentId: string; studentId: string }) => `${link.parentId}>${link.studentId}`;
  const sort = (groups: { parentId: string; studentId: string }[][]) =>
    groups.map((group) => [...group].sort((a, b) => key(a).localeCompare(key(b))));
  return {
    ...value,
    lookups: {
      ...value.lookups,
      linksOfStudents: sort(value.lookups.linksOfStudents),
      linksOfParents: sort(value.lookups.linksOfParents),
    },
  };
}

describe.each(['1.1', '1.2'] as const)('seed conformance: a generated OneRoster %s district', (version) => {
  it('answers every lookup and scan over REST as from its CSV bundle, in a bounded number of calls', async () => {
    const district = generateDistrict({
      seed: 11,
      districtId: 4242,
      name: 'Seedville ISD',
      state: 'TX',
      sisProvider: 'oneroster',
      students: 60,
      oneRosterVersion: version,
      faults: 'catalog',
    });
    const bundle = await writeOneRosterBundle({ district, dir: `${temp.dir}/${version}` });
    const csv = createCsvRosterReader(await loadOneRosterBundle({ path: bundle.path }));
    const server = await startOneRosterServer({ roster: rosterFromSeed(district.source), clients: [CLIENT] });
    servers.push(server);
    const rest = createOneRosterApiRosterReader({
      customerId: CUSTOMER_ID,
      version,
      ...(version === '1.1'
        ? { apiUrl: server.baseUrl11, auth: 'oauth1' as const }
        : { apiUrl: server.baseUrl12, auth: 'oauth2' as const, tokenUrl: server.tokenUrl }),
      ...CLIENT,
    });

    const source = district.source;
    const people = [...source.users.map((user) => user.sourcedId), 'no-such-user'];
    const keys = {
      people,
      classes: [...source.classes.map((value) => value.sourcedId), 'no-such-class'],
      schools: source.orgs.map((org) => org.sourcedId),
      names: source.users
        .filter((_, index) => index % 9 === 0)
        .map((user) => parseNameQuery(`${user.givenName} ${user.familyName}`))
        .filter((query): query is NameQuery => query !== null),
      emails: source.users
        .filter((user, index) => user.email && index % 9 === 0)
        .map((user) => ` ${(user.email ?? '').toUpperCase()} `),
    };
    const expected = sortLinks(await everything(csv, keys));
    const { result, calls } = await countHttpCalls(async () => sortLinks(await everything(rest, keys)));
    expect(expected.scans.people.length).toBeGreaterThan(150);
    expect(expected.lookups.enrollmentsByUser.flat().length).toBeGreaterThan(250);
    expect(result).toEqual(expected);
    // Hundreds of keys per batch go out as a few OR-filter requests, not one request per key.
    expect(calls).toBeLessThan(keys.names.length + keys.emails.length + 60);
  });
});
