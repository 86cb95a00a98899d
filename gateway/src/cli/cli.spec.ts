import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../app-db/app-database';
import { verifyApiToken } from '../auth/api-tokens';
import { REPO_ROOT } from '../paths';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(REPO_ROOT, 'gateway/src/cli/index.ts');

describe('npm run cli -- token ...', () => {
  let database: TestDatabase;
  const env = () => ({ ...process.env, APP_DATABASE_URL: database.url, LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'cdt_cli' });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('prints a working token as the last line, stored only as a hash', async () => {
    const { stdout } = await run(TSX, [CLI, 'token', 'create', '--name', 'nightly-report', '--role', 'support'], { env: env() });
    const token = stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^cdt_[A-Za-z0-9_-]{40,}$/);
    const db = await openAppDatabase({ url: database.url, dataDir: '/nonexistent' });
    try {
      expect(await verifyApiToken({ db, token })).toMatchObject({ name: 'nightly-report', role: 'support' });
      const { rows } = await db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
      expect(rows.map((r) => r.token_hash)).not.toContain(token);
    } finally {
      await db.close();
    }
  });

  it('refuses an unknown role with a clear message and a non-zero exit', async () => {
    const failure = await run(TSX, [CLI, 'token', 'create', '--name', 'x', '--role', 'superuser'], { env: env() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain('Unknown role "superuser"');
    expect((failure as { stderr: string }).stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('revokes a token so it no longer authenticates', async () => {
    const { stdout } = await run(TSX, [CLI, 'token', 'create', '--name', 'temp', '--role', 'viewer'], { env: env() });
    const token = stdout.trim().split('\n').at(-1)!;
    const id = /#(\d+)/.exec(stdout)?.[1];
    await run(TSX, [CLI, 'token', 'revoke', '--id', id!], { env: env() });
    const db = await openAppDatabase({ url: database.url, dataDir: '/nonexistent' });
    try {
      expect(await verifyApiToken({ db, token })).toBeNull();
    } finally {
      await db.close();
    }
  });
});
