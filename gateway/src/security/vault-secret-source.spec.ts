import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { createCredentialResolver } from '../connectors/secrets/credential-resolver';
import { CredentialError } from '../errors';
import { customerSettingsSchema } from '../settings/customer-settings-schema';
import { exampleSettingsFile } from '../settings/settings-test-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createCredentialVault, generateVaultKey, parseVaultKey } from './credential-vault';
import { saveCredential, vaultSecretSource } from './credentials';

const admin = { id: 'user:1', name: 'Admin', kind: 'session' as const };
const context = { customerId: 'lakeside-isd', field: 'ftp.password' };
const FTP_PASSWORD = 'ftp-password-from-the-vault';

async function credentialErrorOf(promise: Promise<unknown>): Promise<CredentialError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CredentialError);
  return error as CredentialError;
}

describe('vault:NAME secret references, through the credential vault on the real PostgreSQL server', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;
  const key = parseVaultKey(generateVaultKey());

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_vault_ref' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
    await saveCredential({
      db,
      vault: createCredentialVault({ key }),
      name: 'lakeside-ftp',
      kind: 'password',
      value: FTP_PASSWORD,
      actor: admin,
    });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('settings accept vault:NAME in a secret field, and refuse a name the vault could not hold', () => {
    const parsed = customerSettingsSchema.safeParse(exampleSettingsFile({ ftp: { password: 'vault:lakeside-ftp' } }));
    expect(parsed.success && parsed.data.ftp.password).toBe('vault:lakeside-ftp');
    const refused = customerSettingsSchema.safeParse(exampleSettingsFile({ ftp: { password: 'vault:Lakeside FTP' } }));
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('vault:NAME');
  });

  it('resolves to the sealed value, and a replaced value at the next resolve', async () => {
    const vault = createCredentialVault({ key });
    const resolver = createCredentialResolver({ env: {}, vault: vaultSecretSource({ db, vault }) });
    await expect(resolver.resolve('vault:lakeside-ftp', context)).resolves.toBe(FTP_PASSWORD);

    await saveCredential({ db, vault, name: 'lakeside-ftp', kind: 'password', value: 'rotated-ftp-password', actor: admin });
    await expect(resolver.resolve('vault:lakeside-ftp', context)).resolves.toBe('rotated-ftp-password');
    await saveCredential({ db, vault, name: 'lakeside-ftp', kind: 'password', value: FTP_PASSWORD, actor: admin });
  });

  it('names the customer, the field and the credential when the vault has no such credential', async () => {
    const resolver = createCredentialResolver({
      env: {},
      vault: vaultSecretSource({ db, vault: createCredentialVault({ key }) }),
    });
    const error = await credentialErrorOf(resolver.resolve('vault:lakeside-oneroster', context));
    expect(error.message).toBe(
      'Credential for customer lakeside-isd, field ftp.password: vault credential "lakeside-oneroster" is not in the credential vault; an admin saves it under that name (web app: Admin → Credentials)',
    );
  });

  it('says how to configure a key when the gateway has none, and which key is missing when another sealed it', async () => {
    const noKey = createCredentialResolver({
      env: {},
      vault: vaultSecretSource({ db, vault: createCredentialVault({ key: null }) }),
    });
    const missingKey = await credentialErrorOf(noKey.resolve('vault:lakeside-ftp', context));
    expect(missingKey.message).toMatch(
      /^Credential for customer lakeside-isd, field ftp\.password: vault credential "lakeside-ftp" cannot be opened: The credential vault has no key: set CREDENTIAL_VAULT_KEY/,
    );

    const otherKey = parseVaultKey(generateVaultKey());
    const wrongKey = createCredentialResolver({
      env: {},
      vault: vaultSecretSource({ db, vault: createCredentialVault({ key: otherKey }) }),
    });
    const error = await credentialErrorOf(wrongKey.resolve('vault:lakeside-ftp', context));
    expect(error.message).toContain(`was sealed with vault key ${key.id}; the configured key is ${otherKey.id}`);
    for (const message of [missingKey.message, error.message]) expect(message).not.toContain(FTP_PASSWORD);
  });
});
