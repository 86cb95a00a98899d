import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { createUser } from '../auth/users';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { listAuditEntries, recordAudit } from './audit-log';
import { createCredentialVault, generateVaultKey, parseVaultKey } from './credential-vault';
import {
  credentialSummary,
  deleteCredential,
  listCredentials,
  readCredential,
  rotateVaultKey,
  saveCredential,
} from './credentials';
import { beginTotpEnrollment } from './totp';

const admin = { id: 'user:1', name: 'Admin', kind: 'session' as const };
const DATABASE_URL = 'postgres://reader:very-secret-password@db.internal:5432/bookmarked';

describe('credentials in the vault, on the real PostgreSQL server', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;
  const oldKey = parseVaultKey(generateVaultKey());
  const newKey = parseVaultKey(generateVaultKey());

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_vault' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('stores ciphertext only, shows set / last 4 / tests, and audits the change without the value', async () => {
    const vault = createCredentialVault({ key: oldKey });
    const saved = await saveCredential({ db, vault, name: 'Prod-DB', kind: 'database_url', value: DATABASE_URL, actor: admin });
    expect(saved).toMatchObject({ name: 'prod-db', kind: 'database_url', last4: 'rked', keyId: oldKey.id, lastTestedAt: null });
    expect(JSON.stringify(saved)).not.toContain('very-secret-password');
    await saveCredential({ db, vault, name: 'ftp', kind: 'password', value: 'short-pw', actor: admin });
    expect((await credentialSummary(db, 'ftp'))?.last4).toBeNull();

    const { rows } = await db.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM credentials c');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.row).not.toContain('very-secret-password');
      expect(row.row).not.toContain('short-pw');
    }
    expect(await readCredential({ db, vault, name: 'prod-db' })).toBe(DATABASE_URL);

    const audit = await listAuditEntries(db, { filter: { actions: ['credential_saved'] } });
    expect(audit.totalCount).toBe(2);
    expect(JSON.stringify(audit.nodes)).not.toContain('very-secret-password');
    expect(audit.nodes[1]).toMatchObject({
      actorId: 'user:1',
      detail: { name: 'prod-db', kind: 'database_url', replaced: false },
    });
  });

  it('refuses bad names, kinds and values with what was expected', async () => {
    const vault = createCredentialVault({ key: oldKey });
    await expect(
      saveCredential({ db, vault, name: "x'; DROP TABLE credentials; --", kind: 'other', value: 'v', actor: admin }),
    ).rejects.toThrow(/Credential name .* is not valid/);
    await expect(saveCredential({ db, vault, name: 'x', kind: 'token', value: 'v', actor: admin })).rejects.toThrow(
      /Unknown credential kind/,
    );
    await expect(
      saveCredential({ db, vault, name: 'x', kind: 'database_url', value: 'mysql://x', actor: admin }),
    ).rejects.toThrow(/postgres:\/\//);
    expect((await listCredentials(db)).map((c) => c.name)).toEqual(['ftp', 'prod-db']);
  });

  it('rotates every credential and TOTP secret to a new key in one transaction; the old key no longer opens them', async () => {
    const oldVault = createCredentialVault({ key: oldKey });
    const user = await createUser({ db, username: 'totp.user', password: 'long enough password', role: 'support' });
    await beginTotpEnrollment({ db, vault: oldVault, userId: user.id });

    // A wrong "old" key changes nothing.
    await expect(rotateVaultKey({ db, oldKey: newKey, newKey: parseVaultKey(generateVaultKey()), actor: admin })).rejects.toThrow(
      oldKey.id,
    );
    expect((await listCredentials(db)).every((c) => c.keyId === oldKey.id)).toBe(true);

    expect(await rotateVaultKey({ db, oldKey, newKey, actor: admin })).toEqual({ credentials: 2, totpSecrets: 1 });
    const newVault = createCredentialVault({ key: newKey });
    expect(await readCredential({ db, vault: newVault, name: 'prod-db' })).toBe(DATABASE_URL);
    await expect(readCredential({ db, vault: oldVault, name: 'prod-db' })).rejects.toThrow(/sealed with vault key/);
    expect((await listCredentials(db)).every((c) => c.keyId === newKey.id)).toBe(true);
    // Run again (an interrupted rotation is simply repeated): nothing left under the old key.
    expect(await rotateVaultKey({ db, oldKey, newKey, actor: admin })).toEqual({ credentials: 2, totpSecrets: 1 });
    expect((await listAuditEntries(db, { filter: { actions: ['vault_key_rotated'] } })).totalCount).toBe(2);
  });

  it('deletes a credential and audits it', async () => {
    expect(await deleteCredential({ db, name: 'ftp', actor: admin })).toBe(true);
    expect(await deleteCredential({ db, name: 'ftp', actor: admin })).toBe(false);
    expect((await listAuditEntries(db, { filter: { actions: ['credential_deleted'] } })).totalCount).toBe(1);
  });

  it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    await recordAudit(db, { actor: admin, action: 'production_read', detail: { recordIds: ['s-1'] } });
    const before = (await listAuditEntries(db, {})).totalCount;
    await expect(db.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect((await listAuditEntries(db, {})).totalCount).toBe(before);
  });

  it('filters and pages the audit log, with hostile search text taken literally', async () => {
    for (const id of ['s-100', 's-10%', "s-1' OR 1=1 --", 's-1\\x']) {
      await recordAudit(db, {
        actor: admin,
        action: 'tool_run',
        districtId: '1001',
        environment: 'production',
        detail: { recordIds: [id] },
      });
    }
    const page = await listAuditEntries(db, { filter: { actions: ['tool_run'], environment: 'production' }, first: 3 });
    expect(page.totalCount).toBe(4);
    expect(page.nodes).toHaveLength(3);
    expect(page.hasNextPage).toBe(true);
    const next = await listAuditEntries(db, { filter: { actions: ['tool_run'] }, first: 3, after: page.endCursor });
    expect(next.nodes).toHaveLength(1);
    expect((await listAuditEntries(db, { filter: { search: '%' } })).nodes.map((n) => n.detail.recordIds)).toEqual([['s-10%']]);
    expect((await listAuditEntries(db, { filter: { search: "' OR 1=1 --" } })).totalCount).toBe(1);
    expect((await listAuditEntries(db, { filter: { search: '\\' } })).totalCount).toBe(1);
    await expect(listAuditEntries(db, { after: '1; DROP TABLE audit_log' })).rejects.toThrow(/cursor/);
    await expect(listAuditEntries(db, { filter: { from: "2026' OR 1=1" } })).rejects.toThrow(/ISO date/);
  });
});
