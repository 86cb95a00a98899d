import { describe, expect, it } from 'vitest';
import { createCredentialResolver } from '../connectors/secrets/credential-resolver';
import { startSecretsManagerTestServer } from '../connectors/secrets/secrets-manager-test-server';
import { CredentialError } from '../errors';
import {
  createCredentialVault,
  envelopeKeyId,
  generateVaultKey,
  loadVaultKey,
  open,
  parseVaultKey,
  seal,
} from './credential-vault';

const key = parseVaultKey(generateVaultKey());
const other = parseVaultKey(generateVaultKey());

describe('credential vault (AES-256-GCM)', () => {
  it('seals to an envelope that names the key, holds no plaintext, and opens in its own place only', () => {
    const envelope = seal({ key, plaintext: 'postgres://reader:s3cret@db/bookmarked', context: 'credential:prod-db' });
    expect(envelope).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(envelope).not.toContain('s3cret');
    expect(envelopeKeyId(envelope)).toBe(key.id);
    expect(open({ keys: [key], envelope, context: 'credential:prod-db' })).toBe('postgres://reader:s3cret@db/bookmarked');
    // The same value sealed twice differs (fresh IV).
    expect(seal({ key, plaintext: 'x', context: 'c' })).not.toBe(seal({ key, plaintext: 'x', context: 'c' }));
    // Copied to another row: the additional data differs, it does not open.
    expect(() => open({ keys: [key], envelope, context: 'credential:other' })).toThrow(/altered or moved/);
  });

  it('refuses a tampered envelope and names a missing key by its id, never a value', () => {
    const envelope = seal({ key, plaintext: 'hubspot-token-123456', context: 'c' });
    const parts = envelope.split('.');
    const ciphertext = Buffer.from(parts[4] as string, 'base64url');
    ciphertext[0] = (ciphertext[0] as number) ^ 1;
    const tampered = [...parts.slice(0, 4), ciphertext.toString('base64url')].join('.');
    expect(() => open({ keys: [key], envelope: tampered, context: 'c' })).toThrow(CredentialError);
    const wrongKey = (() => {
      try {
        open({ keys: [other], envelope, context: 'c' });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(wrongKey).toContain(key.id);
    expect(wrongKey).toContain(other.id);
    expect(wrongKey).not.toContain('hubspot-token');
    expect(() => open({ keys: [key], envelope: 'plain text secret', context: 'c' })).toThrow(/not a vault envelope/);
  });

  it('accepts exactly 32 bytes of base64 as a key and says what is wrong otherwise, without echoing it', () => {
    expect(parseVaultKey(Buffer.alloc(32, 7).toString('base64')).id).toMatch(/^[0-9a-f]{8}$/);
    for (const bad of ['', 'short', Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), 'not base64!!']) {
      expect(() => parseVaultKey(bad)).toThrow(/expected 32 random bytes in base64/);
    }
    try {
      parseVaultKey('my-secret-passphrase');
    } catch (error) {
      expect((error as Error).message).not.toContain('my-secret-passphrase');
    }
  });

  it('reads its key from CREDENTIAL_VAULT_KEY, or from AWS Secrets Manager through CREDENTIAL_VAULT_KEY_REF', async () => {
    const text = generateVaultKey();
    expect((await loadVaultKey({ env: { CREDENTIAL_VAULT_KEY: text } }))?.id).toBe(parseVaultKey(text).id);
    expect(await loadVaultKey({ env: {} })).toBeNull();
    const server = await startSecretsManagerTestServer({ secrets: { 'cdt/vault': JSON.stringify({ key: text }) } });
    try {
      const env = { CREDENTIAL_VAULT_KEY_REF: 'aws-sm:cdt/vault#key', AWS_REGION: 'us-east-1' };
      const resolver = createCredentialResolver({
        env,
        secretsManager: {
          endpoint: server.endpoint,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
        },
      });
      expect((await loadVaultKey({ env, resolver }))?.id).toBe(parseVaultKey(text).id);
    } finally {
      await server.close();
    }
  });

  it('without a key, says how to configure one when asked to seal', async () => {
    const vault = createCredentialVault({ key: null });
    await expect(vault.seal('x', 'c')).rejects.toThrow(/CREDENTIAL_VAULT_KEY/);
    const configured = createCredentialVault({ key });
    expect(await configured.open(await configured.seal('value', 'c'), 'c')).toBe('value');
  });
});
