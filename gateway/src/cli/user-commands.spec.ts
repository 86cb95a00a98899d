import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { verifyPassword } from '../auth/users';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { runUserCommand } from './user-commands';

describe('npm run cli -- user ...', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;
  const printed: string[] = [];
  const run = (command: string, values: Record<string, string>) =>
    runUserCommand({ db, command, values, print: (l) => printed.push(l) });

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_usercli' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('creates a user who can then sign in, and lists them', async () => {
    expect(await run('create', { username: 'lee', password: 'lee password', role: 'admin', name: 'Lee Admin' })).toBe(0);
    expect(printed.at(-1)).toMatch(/^Created admin user #\d+ "lee" \(Lee Admin\)/);
    expect((await verifyPassword({ db, username: 'lee', password: 'lee password' })).ok).toBe(true);
    await run('list', {});
    expect(printed.at(-1)).toMatch(/\tadmin\tlee\tLee Admin\tactive$/);
  });

  it('says which option is missing, and rejects unknown commands', async () => {
    await expect(run('create', { username: 'x', role: 'viewer' })).rejects.toThrow('user create needs --password.');
    await expect(run('frobnicate', {})).rejects.toThrow(/Unknown command "user frobnicate"/);
  });

  it('disables, enables and resets a password', async () => {
    expect(await run('disable', { username: 'lee' })).toBe(0);
    expect((await verifyPassword({ db, username: 'lee', password: 'lee password' })).ok).toBe(false);
    expect(await run('enable', { username: 'lee' })).toBe(0);
    expect(await run('set-password', { username: 'lee', password: 'new lee password' })).toBe(0);
    expect((await verifyPassword({ db, username: 'lee', password: 'new lee password' })).ok).toBe(true);
    expect(await run('disable', { username: 'ghost' })).toBe(1);
  });
});
