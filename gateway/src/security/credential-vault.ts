import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type CredentialResolver, createCredentialResolver } from '../connectors/secrets/credential-resolver';
import { CredentialError } from '../errors';

/**
 * Secrets at rest: AES-256-GCM under one 32-byte key (CREDENTIAL_VAULT_KEY, base64, or an
 * `aws-sm:` reference in CREDENTIAL_VAULT_KEY_REF). Each value is sealed with a fresh 96-bit
 * IV and bound to where it is stored (the additional data, e.g. `credential:hubspot`), so a
 * ciphertext copied to another row does not open.
 *
 * Envelope: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). keyId is the first 8 hex
 * digits of SHA-256 of the key: it names the key without revealing it, so rotation and a
 * wrong key give clear errors.
 */

export const VAULT_KEY_BYTES = 32;
const IV_BYTES = 12;
const ENVELOPE_VERSION = 'v1';

export interface VaultKey {
  id: string;
  key: Buffer;
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** A vault key from its base64 text; refuses anything but exactly 32 bytes. Never echoes the value. */
export function parseVaultKey(base64: string, source = 'CREDENTIAL_VAULT_KEY'): VaultKey {
  const text = base64.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== VAULT_KEY_BYTES) {
    throw new CredentialError(
      `${source} is not a vault key: expected ${VAULT_KEY_BYTES} random bytes in base64 (44 characters; \`npm run cli -- vault generate-key\` prints one), found ${key.length} bytes.`,
    );
  }
  return { id: keyIdOf(key), key };
}

/** A new random key, base64. */
export const generateVaultKey = () => randomBytes(VAULT_KEY_BYTES).toString('base64');

export function seal(options: { key: VaultKey; plaintext: string; context: string }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', options.key.key, iv);
  cipher.setAAD(Buffer.from(options.context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(options.plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return [ENVELOPE_VERSION, options.key.id, ...parts].join('.');
}

/** The key id an envelope was sealed with, or null when it is not an envelope. */
export function envelopeKeyId(envelope: string): string | null {
  const parts = envelope.split('.');
  return parts.length === 5 && parts[0] === ENVELOPE_VERSION ? (parts[1] as string) : null;
}

/** Opens an envelope with whichever of `keys` sealed it; throws CredentialError naming the problem, never the value. */
export function open(options: { keys: readonly VaultKey[]; envelope: string; context: string }): string {
  const parts = options.envelope.split('.');
  if (parts.length !== 5 || parts[0] !== ENVELOPE_VERSION) {
    throw new CredentialError(`The stored secret for ${options.context} is not a vault envelope.`);
  }
  const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  const key = options.keys.find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new CredentialError(
      `The stored secret for ${options.context} was sealed with vault key ${keyId}; the configured key is ${options.keys.map((k) => k.id).join(', ') || 'none'}. Rotate with the old key, or restore it.`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(options.context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new CredentialError(
      `The stored secret for ${options.context} does not open: it was altered or moved.`,
      {},
      { cause: error },
    );
  }
}

/** Seals and opens with the gateway's key, loaded on first use. */
export interface CredentialVault {
  /** The current key; throws CredentialError when none is configured. */
  key(): Promise<VaultKey>;
  seal(plaintext: string, context: string): Promise<string>;
  open(envelope: string, context: string): Promise<string>;
}

export interface VaultKeySource {
  /** Where CREDENTIAL_VAULT_KEY / CREDENTIAL_VAULT_KEY_REF are read; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Resolves CREDENTIAL_VAULT_KEY_REF (`aws-sm:ID#key`); defaults to a resolver over `env`. */
  resolver?: CredentialResolver;
}

/** The configured key: CREDENTIAL_VAULT_KEY (base64), else the secret CREDENTIAL_VAULT_KEY_REF names, else null. */
export async function loadVaultKey(source: VaultKeySource = {}): Promise<VaultKey | null> {
  const env = source.env ?? process.env;
  if (env.CREDENTIAL_VAULT_KEY?.trim()) return parseVaultKey(env.CREDENTIAL_VAULT_KEY);
  const reference = env.CREDENTIAL_VAULT_KEY_REF?.trim();
  if (!reference) return null;
  const resolver = source.resolver ?? createCredentialResolver({ env });
  const value = await resolver.resolve(reference, { field: 'CREDENTIAL_VAULT_KEY_REF', customerId: '(gateway)' });
  return value ? parseVaultKey(value, 'CREDENTIAL_VAULT_KEY_REF') : null;
}

export const VAULT_NOT_CONFIGURED =
  'The credential vault has no key: set CREDENTIAL_VAULT_KEY (32 random bytes, base64) or CREDENTIAL_VAULT_KEY_REF (aws-sm:ID#key) on the gateway.';

export function createCredentialVault(options: { key?: VaultKey | null; source?: VaultKeySource } = {}): CredentialVault {
  let loading: Promise<VaultKey | null> | null = options.key !== undefined ? Promise.resolve(options.key) : null;
  const key = async () => {
    loading ??= loadVaultKey(options.source);
    let loaded: VaultKey | null;
    try {
      loaded = await loading;
    } catch (error) {
      loading = null; // a Secrets Manager outage is retried on the next use
      throw error;
    }
    if (!loaded) throw new CredentialError(VAULT_NOT_CONFIGURED);
    return loaded;
  };
  return {
    key,
    seal: async (plaintext, context) => seal({ key: await key(), plaintext, context }),
    open: async (envelope, context) => open({ keys: [await key()], envelope, context }),
  };
}
