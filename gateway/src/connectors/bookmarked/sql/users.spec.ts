import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameQuery } from '../../../domain/names';
import type { NameQuery, PeopleFilter } from '../../../domain/roster';
import { REPO_ROOT } from '../../../paths';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database';
import { type BookmarkedDatabase, createBookmarkedDatabase } from '../database';
import { literalPiece } from './normalize';
import { findLiveUsers } from './users';

const schemaSql = readFileSync(path.join(REPO_ROOT, 'gateway/sql/bookmarked-schema.sql'), 'utf8');

describe('literalPiece', () => {
  it('is the longest run of characters the SQL folding cannot produce', () => {
    // a e i o u n c y s z l d are what accents fold to; spaces collapse.
    expect(literalPiece('powell')).toBe('p');
    expect(literalPiece('smith')).toBe('th');
    expect(literalPiece('o’brien-kraft')).toBe('’br');
    expect(literalPiece('lee')).toBe('');
    expect(literalPiece('van der berg')).toBe('rg');
  });
});

describe('findLiveUsers', () => {
  let testDb: TestDatabase;
  let database: BookmarkedDatabase;
  const people: [
    id: number,
    sourcedId: string,
    given: string,
    family: string,
    email: string | null,
    identifier: string | null,
  ][] = [
    [1, 'p1', 'Luca', 'Powell', 'luca.powell@x.org', '1001'],
    [2, 'p2', 'LUCA', '  powell ', ' Luca.Powell@X.org ', ' 1001 '],
    [3, 'p3', 'Lúca  Marie', 'Pówéll', null, null],
    [4, 'p4', 'Luca', 'Powel', 'luca.powel@x.org', '1002'],
    [5, 'p5', 'Ana', 'Lee', 'ana@x.org', '7'],
    [6, 'p6', 'Ána', 'Lée', 'ANA@x.org', '07'],
    [7, 'p7', 'Ana', 'Le e', 'ana2@x.org', null],
    [8, 'p8', 'Seán', "O'Brien-Kraft", null, null],
    [9, 'p9', 'Sean', 'o’brien-kraft', null, null],
  ];

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_bkusers' });
    const setup = new pg.Client({ connectionString: testDb.url });
    await setup.connect();
    await setup.query(schemaSql);
    await setup.query(
      `INSERT INTO bookmarked.districts (id, name, sis_provider) VALUES (1, 'D', 'oneroster'), (2, 'E', 'other')`,
    );
    for (const [id, sourcedId, given, family, email, identifier] of people) {
      await setup.query(
        `INSERT INTO bookmarked.users (id, district_id, role, sourced_id, identifier, given_name, family_name, email)
         VALUES ($1, 1, 'student', $2, $3, $4, $5, $6)`,
        [id, sourcedId, identifier, given, family, email],
      );
    }
    // Another district's twin and a deleted twin are never found.
    await setup.query(`INSERT INTO bookmarked.users (id, district_id, role, sourced_id, given_name, family_name, email)
      VALUES (100, 2, 'student', 'p1', 'Luca', 'Powell', 'luca.powell@x.org')`);
    await setup.query(`INSERT INTO bookmarked.users (id, district_id, role, sourced_id, given_name, family_name, email, deleted_at)
      VALUES (101, 1, 'student', 'p101', 'Luca', 'Powell', 'luca.powell@x.org', now())`);
    await setup.end();
    database = createBookmarkedDatabase({ environment: 'staging', connectionString: testDb.url });
  });

  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const find = async (filter: PeopleFilter) =>
    (await database.read((query) => findLiveUsers(query, '1', filter))).map((person) => person.sourcedId);
  const name = (text: string) => parseNameQuery(text) as NameQuery;

  it('matches names across case, accents and spaces, ordered by name', async () => {
    expect(await find({ name: name('Luca Powell') })).toEqual(['p2', 'p1', 'p3']);
    expect(await find({ name: name('Powell, Luca') })).toEqual(['p2', 'p1', 'p3']);
    expect(await find({ name: name('Ana Lee') })).toEqual(['p5', 'p6']);
    expect(await find({ name: name('Sean Kraft') })).toEqual([]);
    expect(await find({ name: name("Sean O'Brien-Kraft") })).toEqual(['p8']);
    expect(await find({ name: name('Luca Powell'), roles: ['parent'] })).toEqual([]);
    expect(await find({ name: name('Luca Powell'), limit: 2 })).toEqual(['p2', 'p1']);
  });

  it('matches emails and identifiers trimmed, sourcedIds exactly', async () => {
    expect(await find({ email: 'LUCA.POWELL@x.org ' })).toEqual(['p2', 'p1']);
    expect(await find({ email: 'ana@x.org' })).toEqual(['p5', 'p6']);
    expect(await find({ identifier: '1001' })).toEqual(['p2', 'p1']);
    expect(await find({ identifier: '7' })).toEqual(['p5']);
    expect(await find({ sourcedId: 'p4' })).toEqual(['p4']);
    expect(await find({ email: 'luca.powell@x.org', name: name('Luca Powell') })).toEqual(['p2', 'p1']);
  });

  it('lists everyone of the roles without a filter, in name order', async () => {
    expect(await find({ roles: ['student'], limit: 3 })).toEqual(['p2', 'p7', 'p5']);
  });
});
