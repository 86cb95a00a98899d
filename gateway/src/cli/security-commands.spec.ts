import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { createCredentialVault, generateVaultKey, parseVaultKey } from '../security/credential-vault';
import { readCredential, saveCredential } from '../security/credentials';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { runSecurityCommand } from './security-commands';

describe('vault commands', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;
  const oldText = generateVaultKey();
  const newText = generateVaultKey();

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_vault_cli' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
    const vault = createCredentialVault({ key: parseVaultKey(oldText) });
    await saveCredential({
      db,
      vault,
      name: 'hubspot',
      kind: 'hubspot_token',
      value: 'pat-na1-0123456789',
      actor: { id: 'cli', kind: 'cli' },
    });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const run = async (command: string, env: Record<string, string | undefined>) => {
    const lines: string[] = [];
    const code = await runSecurityCommand({ db, command, env, print: (line) => lines.push(line) });
    return { code, lines };
  };

  it('prints a new key that the vault accepts', async () => {
    const { code, lines } = await run('generate-key', {});
    expect(code).toBe(0);
    expect(parseVaultKey(lines.at(-1) as string).id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('rotates from CREDENTIAL_VAULT_KEY to CREDENTIAL_VAULT_NEW_KEY and says what to do next', async () => {
    await expect(run('rotate', { CREDENTIAL_VAULT_KEY: oldText })).rejects.toThrow(/CREDENTIAL_VAULT_NEW_KEY/);
    await expect(run('rotate', { CREDENTIAL_VAULT_KEY: oldText, CREDENTIAL_VAULT_NEW_KEY: oldText })).rejects.toThrow(
      /nothing to rotate/,
    );
    const { code, lines } = await run('rotate', { CREDENTIAL_VAULT_KEY: oldText, CREDENTIAL_VAULT_NEW_KEY: newText });
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Re-sealed 1 credentials and 0 TOTP secrets from key \w{8} to key \w{8}\.$/);
    const vault = createCredentialVault({ key: parseVaultKey(newText) });
    expect(await readCredential({ db, vault, name: 'hubspot' })).toBe('pat-na1-0123456789');
    const status = await run('status', { CREDENTIAL_VAULT_KEY: newText });
    expect(status.lines.join('\n')).toContain(`credentials\tkey ${parseVaultKey(newText).id}\t1`);
  });

  it('stops with nothing changed when the current key is wrong', async () => {
    await expect(run('rotate', { CREDENTIAL_VAULT_KEY: oldText, CREDENTIAL_VAULT_NEW_KEY: generateVaultKey() })).rejects.toThrow(
      /Rotation stopped, nothing changed/,
    );
  });
});
