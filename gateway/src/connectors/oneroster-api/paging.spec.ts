import { afterEach, describe, expect, it } from 'vitest';
import type { OneRosterServerOptions, OneRosterTestServer } from '../../testing/oneroster-server';
import { createOneRosterClient } from './connection';
import { OneRosterApiError } from './errors';
import { getOne, listAll, listPages } from './paging';
import { CLIENT, CUSTOMER_ID, startSampleServer } from './test-fixtures';

let server: OneRosterTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function clientOf(options: Partial<OneRosterServerOptions> = {}) {
  server = await startSampleServer(options);
  return createOneRosterClient({
    connection: {
      customerId: CUSTOMER_ID,
      system: 'OneRoster 1.1 API',
      apiUrl: server.baseUrl11,
      version: '1.1',
      auth: { kind: 'oauth1', consumerKey: CLIENT.clientId, consumerSecret: CLIENT.clientSecret },
      settingsSection: 'oneroster',
    },
  });
}

const ids = (records: unknown[]) => records.map((record) => (record as { sourcedId: string }).sourcedId);
const ALL_USERS = ['u-stu1', 'u-stu2', 'u-stu3', 'u-par1', 'u-par2', 'u-par3', 'u-tch1', 'u-adm1', 'u-aide1'];

describe('paging', () => {
  it('pages by limit/offset until X-Total-Count is reached, no further', async () => {
    const client = await clientOf();
    expect(ids(await listAll({ client, path: '/users', key: 'users', pageSize: 4 }))).toEqual(ALL_USERS);
    expect(server?.requests.map((request) => request.query.offset)).toEqual(['0', '4', '8']);
  });

  it('follows Link rel="next" when the server sends Link headers and no total', async () => {
    const client = await clientOf({ linkHeaders: true, totalCountHeader: false });
    expect(ids(await listAll({ client, path: '/users', key: 'users', pageSize: 2 }))).toEqual(ALL_USERS);
    expect(server?.requests).toHaveLength(5);
  });

  it('without any header, stops at the first short page (servers never cap below 100)', async () => {
    const client = await clientOf({ totalCountHeader: false });
    expect(ids(await listAll({ client, path: '/users', key: 'users', pageSize: 3 }))).toEqual(ALL_USERS);
    // 3 + 3 + 3, then an empty page says it is over.
    expect(server?.requests.map((request) => request.query.offset)).toEqual(['0', '3', '6', '9']);
  });

  it('follows the page size the server really uses when it caps limit', async () => {
    const client = await clientOf({ maxPageSize: 2 });
    expect(ids(await listAll({ client, path: '/users', key: 'users', pageSize: 1000 }))).toEqual(ALL_USERS);
    expect(server?.requests.map((request) => request.query.offset)).toEqual(['0', '2', '4', '6', '8']);
  });

  it('fetches pages ahead in parallel once the total is known, and yields them in order', async () => {
    const client = await clientOf({ latencyMs: 10 });
    const pages: string[][] = [];
    for await (const page of listPages({ client, path: '/users', key: 'users', pageSize: 2, parallel: 4 })) pages.push(ids(page));
    expect(pages).toEqual([['u-stu1', 'u-stu2'], ['u-stu3', 'u-par1'], ['u-par2', 'u-par3'], ['u-tch1', 'u-adm1'], ['u-aide1']]);
    expect(server?.maxConcurrent).toBeGreaterThan(1);
  });

  it('passes the filter on every page and stops at maxRows', async () => {
    const client = await clientOf();
    const found = await listAll({
      client,
      path: '/users',
      key: 'users',
      filter: "role='student' OR role='parent'",
      pageSize: 2,
      maxRows: 3,
    });
    expect(ids(found)).toEqual(['u-stu1', 'u-stu2', 'u-stu3', 'u-par1']);
    expect(server?.requests.every((request) => request.query.filter === "role='student' OR role='parent'")).toBe(true);
  });

  it('reads single records, null for 404, and names a response that is not OneRoster', async () => {
    const client = await clientOf();
    expect(await getOne({ client, path: '/users/u-stu1', key: 'user' })).toMatchObject({
      sourcedId: 'u-stu1',
      role: 'student',
      enabledUser: 'true',
    });
    expect(await getOne({ client, path: '/users/nope', key: 'user' })).toBeNull();
    const error = await getOne({ client, path: '/users/u-stu1', key: 'class' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OneRosterApiError);
    expect((error as OneRosterApiError).message).toContain(
      'GET /users/u-stu1 answered 200 with an object with user; expected a "class" object',
    );
    expect(await listAll({ client, path: '/schools/nope/classes', key: 'classes', notFoundIsEmpty: true })).toEqual([]);
  });
});
