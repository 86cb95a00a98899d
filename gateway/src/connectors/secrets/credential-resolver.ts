import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CredentialError } from '../../errors';
import {
  describeSecretReference,
  formatSecretReference,
  type ParsedSecretReference,
  parseSecretReference,
  SECRET_REFERENCE_FORMS,
} from './secret-reference';

/** How long a fetched secret is reused before Secrets Manager is asked again. */
export const DEFAULT_SECRET_CACHE_TTL_MS = 5 * 60 * 1000;
export const SECRETS_MANAGER_CONNECT_TIMEOUT_MS = 5_000;
export const SECRETS_MANAGER_REQUEST_TIMEOUT_MS = 10_000;
export const SECRETS_MANAGER_MAX_ATTEMPTS = 2;

export interface SecretsManagerOptions {
  /** Defaults to AWS_REGION / AWS_DEFAULT_REGION from `env`, then the SDK's own lookup. */
  region?: string;
  /** Another endpoint than AWS's, e.g. a local server in tests. */
  endpoint?: string;
  /** Static credentials; without them the SDK's default chain (environment, instance role ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * Where `vault:NAME` references are read: the gateway's credential vault
 * (security/credentials.ts `vaultSecretSource`). `read` returns null when the vault holds no
 * credential of that name, and throws CredentialError when it cannot open one (no key, or a
 * credential sealed with another key); its messages never hold a value.
 */
export interface VaultSecretSource {
  read(name: string): Promise<string | null>;
}

export interface CredentialResolverOptions {
  /** Where `env:NAME` references are read; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Where `vault:NAME` references are read; without it they fail, saying the vault is not available here. */
  vault?: VaultSecretSource;
  secretsManager?: SecretsManagerOptions;
  /** How long a Secrets Manager secret is cached; defaults to DEFAULT_SECRET_CACHE_TTL_MS. */
  cacheTtlMs?: number;
  /** Clock in milliseconds; tests pass their own to exercise expiry. */
  now?: () => number;
}

/** Who asks for a secret, so that an error can say which customer's which field failed. */
export interface CredentialContext {
  /** The settings field holding the reference, e.g. `ftp.password`. */
  field: string;
  customerId: string;
}

export interface CredentialResolver {
  /**
   * Returns the secret a reference names; null for an empty reference (the field is not
   * set). Throws CredentialError naming the customer, the field and the reference's name,
   * never the secret.
   */
  resolve(reference: string | null | undefined, context: CredentialContext): Promise<string | null>;
}

interface CachedSecret {
  expiresAt: number;
  secretString: Promise<string>;
}

export function createCredentialResolver(options: CredentialResolverOptions = {}): CredentialResolver {
  const env = options.env ?? process.env;
  const ttlMs = options.cacheTtlMs ?? DEFAULT_SECRET_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  // Keyed by secret id, so that several JSON keys of one secret cost one call. Holds the
  // promise, so that concurrent resolves of a secret share one call too.
  const cache = new Map<string, CachedSecret>();
  let client: SecretsManagerClient | null = null;

  function secretsManager(): SecretsManagerClient {
    client ??= new SecretsManagerClient({
      region: options.secretsManager?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      endpoint: options.secretsManager?.endpoint,
      credentials: options.secretsManager?.credentials,
      maxAttempts: SECRETS_MANAGER_MAX_ATTEMPTS,
      requestHandler: {
        connectionTimeout: SECRETS_MANAGER_CONNECT_TIMEOUT_MS,
        requestTimeout: SECRETS_MANAGER_REQUEST_TIMEOUT_MS,
      },
    });
    return client;
  }

  function secretString(secretId: string, context: CredentialContext, reference: ParsedSecretReference): Promise<string> {
    const cached = cache.get(secretId);
    if (cached && cached.expiresAt > now()) return cached.secretString;
    const fetched = fetchSecretString({ client: secretsManager(), secretId, context, reference });
    cache.set(secretId, { expiresAt: now() + ttlMs, secretString: fetched });
    // A failure is not remembered: the next resolve asks again.
    fetched.catch(() => {
      if (cache.get(secretId)?.secretString === fetched) cache.delete(secretId);
    });
    return fetched;
  }

  return {
    async resolve(value, context) {
      if (value == null || value.trim() === '') return null;
      const reference = parseSecretReference(value.trim());
      if (!reference) {
        // The value may itself be a pasted secret, so it is not repeated.
        throw credentialError(
          context,
          null,
          `expected a secret reference (${SECRET_REFERENCE_FORMS}), found a value of another form`,
        );
      }
      if (reference.kind === 'env') {
        const secret = env[reference.name];
        if (secret === undefined || secret === '') throw credentialError(context, reference, 'is not set');
        return secret;
      }
      if (reference.kind === 'vault') return readVault({ vault: options.vault, context, reference });
      const whole = await secretString(reference.secretId, context, reference);
      return reference.jsonKey === null ? whole : pickJsonKey({ whole, jsonKey: reference.jsonKey, context, reference });
    },
  };
}

/** Not cached: a credential an admin replaces takes effect at the next resolve. */
async function readVault(options: {
  vault: VaultSecretSource | undefined;
  context: CredentialContext;
  reference: ParsedSecretReference & { kind: 'vault' };
}): Promise<string> {
  const { context, reference } = options;
  if (!options.vault) throw credentialError(context, reference, 'cannot be read: this process has no credential vault');
  let value: string | null;
  try {
    value = await options.vault.read(reference.name);
  } catch (error) {
    // The vault's own messages name the problem (no key, another key) and never a value.
    const why = error instanceof CredentialError ? error.message : 'the vault could not be read';
    throw credentialError(context, reference, `cannot be opened: ${why}`, error);
  }
  if (value === null) {
    throw credentialError(
      context,
      reference,
      `is not in the credential vault; an admin saves it under that name (web app: Admin → Credentials)`,
    );
  }
  if (value === '') throw credentialError(context, reference, 'is empty');
  return value;
}

async function fetchSecretString(options: {
  client: SecretsManagerClient;
  secretId: string;
  context: CredentialContext;
  reference: ParsedSecretReference;
}): Promise<string> {
  const { context, reference } = options;
  let secretString: string | undefined;
  try {
    const output = await options.client.send(new GetSecretValueCommand({ SecretId: options.secretId }));
    secretString = output.SecretString;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'unknown error';
    if (name === 'ResourceNotFoundException') {
      throw credentialError(context, reference, 'was not found in AWS Secrets Manager', error);
    }
    // Only the error's name: AWS messages do not carry secrets, but causes stay server-side.
    const code = (error as { code?: unknown }).code;
    const why = typeof code === 'string' && code !== name ? `${name}, ${code}` : name;
    throw credentialError(context, reference, `could not be read from AWS Secrets Manager (${why})`, error);
  }
  if (secretString === undefined) {
    throw credentialError(context, reference, 'has no SecretString (binary secrets are not supported)');
  }
  return secretString;
}

function pickJsonKey(options: {
  whole: string;
  jsonKey: string;
  context: CredentialContext;
  reference: ParsedSecretReference;
}): string {
  const { context, reference } = options;
  let parsed: unknown;
  try {
    parsed = JSON.parse(options.whole);
  } catch {
    throw credentialError(context, reference, 'is not a JSON object, so it has no keys');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw credentialError(context, reference, 'is not a JSON object, so it has no keys');
  }
  if (!Object.hasOwn(parsed, options.jsonKey)) {
    const keys =
      Object.keys(parsed)
        .map((key) => `"${key}"`)
        .join(', ') || 'none';
    throw credentialError(context, reference, `has no JSON key "${options.jsonKey}" (keys: ${keys})`);
  }
  const value = (parsed as Record<string, unknown>)[options.jsonKey];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw credentialError(context, reference, `has JSON key "${options.jsonKey}" but it is not a non-empty string`);
}

function credentialError(
  context: CredentialContext,
  reference: ParsedSecretReference | null,
  problem: string,
  cause?: unknown,
): CredentialError {
  const subject = reference ? `${describeSecretReference(reference)} ${problem}` : problem;
  return new CredentialError(
    `Credential for customer ${context.customerId}, field ${context.field}: ${subject}`,
    {
      customerId: context.customerId,
      field: context.field,
      reference: reference === null ? null : formatSecretReference(reference),
    },
    { cause },
  );
}
