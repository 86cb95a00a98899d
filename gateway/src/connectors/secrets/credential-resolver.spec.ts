import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CredentialError } from '../../errors';
import { type CredentialResolverOptions, createCredentialResolver } from './credential-resolver';
import { type SecretsManagerTestServer, startSecretsManagerTestServer } from './secrets-manager-test-server';

const FTP_SECRET_JSON = JSON.stringify({ password: 'hunter2-ftp', username: 'bookmarked' });
const PLAIN_SECRET = 'plain-token-s3cr3t';
const context = { customerId: 'lakeside-isd', field: 'ftp.password' };

let server: SecretsManagerTestServer;

beforeAll(async () => {
  server = await startSecretsManagerTestServer({
    secrets: {
      'lakeside/ftp': FTP_SECRET_JSON,
      'lakeside/token': PLAIN_SECRET,
      'lakeside/list': '["not", "an", "object"]',
    },
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.received.length = 0;
});

function resolverAgainstServer(overrides: Partial<CredentialResolverOptions> = {}) {
  return createCredentialResolver({
    env: {},
    secretsManager: {
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-access-key' },
    },
    ...overrides,
  });
}

async function credentialErrorOf(promise: Promise<unknown>): Promise<CredentialError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CredentialError);
  return error as CredentialError;
}

describe('aws-sm references', () => {
  it('sends a SigV4-signed GetSecretValue and picks the JSON key', async () => {
    const resolver = resolverAgainstServer();

    await expect(resolver.resolve('aws-sm:lakeside/ftp#password', context)).resolves.toBe('hunter2-ftp');

    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/');
    expect(request?.target).toBe('secretsmanager.GetSecretValue');
    expect(request?.contentType).toBe('application/x-amz-json-1.1');
    expect(request?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY\/\d{8}\/us-east-1\/secretsmanager\/aws4_request/,
    );
    expect(request?.body).toEqual({ SecretId: 'lakeside/ftp' });
  });

  it('returns the whole SecretString without #key', async () => {
    const resolver = resolverAgainstServer();
    await expect(resolver.resolve('aws-sm:lakeside/token', context)).resolves.toBe(PLAIN_SECRET);
  });

  it('caches a secret: a second resolve, even of another key, does not call the server', async () => {
    const resolver = resolverAgainstServer();

    await resolver.resolve('aws-sm:lakeside/ftp#password', context);
    await expect(resolver.resolve('aws-sm:lakeside/ftp#username', context)).resolves.toBe('bookmarked');
    await resolver.resolve('aws-sm:lakeside/ftp#password', context);

    expect(server.received).toHaveLength(1);
  });

  it('asks again once the cache entry has expired', async () => {
    let clock = 1_000;
    const resolver = resolverAgainstServer({ cacheTtlMs: 60_000, now: () => clock });

    await resolver.resolve('aws-sm:lakeside/ftp#password', context);
    clock += 59_999;
    await resolver.resolve('aws-sm:lakeside/ftp#password', context);
    expect(server.received).toHaveLength(1);

    server.setSecret('lakeside/rotating', JSON.stringify({ password: 'old' }));
    await resolver.resolve('aws-sm:lakeside/rotating#password', context);
    server.setSecret('lakeside/rotating', JSON.stringify({ password: 'new' }));
    clock += 60_001;
    await expect(resolver.resolve('aws-sm:lakeside/rotating#password', context)).resolves.toBe('new');
    expect(server.received).toHaveLength(3);
  });

  it('reports a missing secret with customer, field and secret id', async () => {
    const resolver = resolverAgainstServer();

    const error = await credentialErrorOf(resolver.resolve('aws-sm:lakeside/missing#password', context));

    expect(error.message).toContain('lakeside-isd');
    expect(error.message).toContain('ftp.password');
    expect(error.message).toContain('"lakeside/missing"');
    expect(error.message).toContain('was not found');
    expect(error.details).toMatchObject({
      customerId: 'lakeside-isd',
      field: 'ftp.password',
      reference: 'aws-sm:lakeside/missing',
    });
  });

  it('does not cache a failure', async () => {
    const resolver = resolverAgainstServer();
    await credentialErrorOf(resolver.resolve('aws-sm:lakeside/later#password', context));

    server.setSecret('lakeside/later', JSON.stringify({ password: 'arrived' }));

    await expect(resolver.resolve('aws-sm:lakeside/later#password', context)).resolves.toBe('arrived');
  });

  it('reports a missing JSON key without revealing the secret', async () => {
    const resolver = resolverAgainstServer();

    const error = await credentialErrorOf(resolver.resolve('aws-sm:lakeside/ftp#pasword', context));

    expect(error.message).toContain('no JSON key "pasword"');
    expect(error.message).toContain('"lakeside/ftp"');
    expect(error.message).not.toContain('hunter2-ftp');
  });

  it('reports a key asked of a secret that is not a JSON object, without revealing it', async () => {
    const resolver = resolverAgainstServer();

    const plain = await credentialErrorOf(resolver.resolve('aws-sm:lakeside/token#password', context));
    const list = await credentialErrorOf(resolver.resolve('aws-sm:lakeside/list#password', context));

    expect(plain.message).toContain('is not a JSON object');
    expect(plain.message).not.toContain(PLAIN_SECRET);
    expect(list.message).toContain('is not a JSON object');
  });

  it('reports an unreachable Secrets Manager as a CredentialError', async () => {
    const resolver = createCredentialResolver({
      env: {},
      secretsManager: {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9', // discard port: nothing listens
        credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'x' },
      },
    });

    const error = await credentialErrorOf(resolver.resolve('aws-sm:lakeside/ftp#password', context));

    expect(error.message).toContain('could not be read from AWS Secrets Manager');
  });
});

describe('env references', () => {
  it('reads the environment variable', async () => {
    const resolver = createCredentialResolver({ env: { LAKESIDE_FTP_PASSWORD: 'from-env' } });
    await expect(resolver.resolve('env:LAKESIDE_FTP_PASSWORD', context)).resolves.toBe('from-env');
  });

  it('reports an unset or empty variable by name', async () => {
    const resolver = createCredentialResolver({ env: { EMPTY_ONE: '' } });

    for (const name of ['NOT_SET_ANYWHERE', 'EMPTY_ONE']) {
      const error = await credentialErrorOf(resolver.resolve(`env:${name}`, context));
      expect(error.message).toBe(
        `Credential for customer lakeside-isd, field ftp.password: environment variable ${name} is not set`,
      );
    }
  });
});

describe('vault references (the vault itself: security/vault-secret-source.spec.ts)', () => {
  const vault = (values: Record<string, string>) => ({
    read: async (name: string) => values[name] ?? null,
  });

  it('reads the credential of that name, asking the vault each time (a replaced value counts at once)', async () => {
    const values: Record<string, string> = { 'lakeside-ftp': 'first-value' };
    const resolver = createCredentialResolver({ env: {}, vault: vault(values) });
    await expect(resolver.resolve('vault:lakeside-ftp', context)).resolves.toBe('first-value');
    values['lakeside-ftp'] = 'second-value';
    await expect(resolver.resolve(' vault:lakeside-ftp ', context)).resolves.toBe('second-value');
  });

  it('says so when the vault has no such credential, or when there is no vault here', async () => {
    const missing = await credentialErrorOf(
      createCredentialResolver({ env: {}, vault: vault({}) }).resolve('vault:lakeside-ftp', context),
    );
    expect(missing.message).toBe(
      'Credential for customer lakeside-isd, field ftp.password: vault credential "lakeside-ftp" is not in the credential vault; an admin saves it under that name (web app: Admin → Credentials)',
    );
    expect(missing.details).toMatchObject({ reference: 'vault:lakeside-ftp', customerId: 'lakeside-isd' });

    const noVault = await credentialErrorOf(createCredentialResolver({ env: {} }).resolve('vault:lakeside-ftp', context));
    expect(noVault.message).toMatch(/vault credential "lakeside-ftp" cannot be read: this process has no credential vault$/);
  });

  it("passes on the vault's own reason (no key, another key), and nothing else of an unexpected error", async () => {
    const noKey = createCredentialResolver({
      env: {},
      vault: {
        read: async () => {
          throw new CredentialError('The credential vault has no key: set CREDENTIAL_VAULT_KEY.');
        },
      },
    });
    expect((await credentialErrorOf(noKey.resolve('vault:x', context))).message).toBe(
      'Credential for customer lakeside-isd, field ftp.password: vault credential "x" cannot be opened: The credential vault has no key: set CREDENTIAL_VAULT_KEY.',
    );
    const broken = createCredentialResolver({
      env: {},
      vault: {
        read: async () => {
          throw new Error('connection to 10.0.0.5 refused, password=hunter2');
        },
      },
    });
    const error = await credentialErrorOf(broken.resolve('vault:x', context));
    expect(error.message).toMatch(/cannot be opened: the vault could not be read$/);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('references that are not references', () => {
  it('resolves an empty reference to null', async () => {
    const resolver = createCredentialResolver({ env: {} });
    await expect(resolver.resolve('', context)).resolves.toBeNull();
    await expect(resolver.resolve('  ', context)).resolves.toBeNull();
    await expect(resolver.resolve(null, context)).resolves.toBeNull();
    await expect(resolver.resolve(undefined, context)).resolves.toBeNull();
  });

  it('refuses a malformed reference, naming the field but not repeating the value', async () => {
    const resolver = createCredentialResolver({ env: {} });

    for (const malformed of [
      'hunter2-pasted',
      'env:',
      'env:HAS SPACE',
      'aws-sm:',
      'aws-sm:id#',
      'AWS-SM:id',
      'vault:Has Space',
    ]) {
      const error = await credentialErrorOf(
        resolver.resolve(malformed, { customerId: 'lakeside-isd', field: 'oneroster.client_secret' }),
      );
      // One fixed message whatever the value, so a pasted secret is never echoed.
      expect(error.message).toBe(
        'Credential for customer lakeside-isd, field oneroster.client_secret: expected a secret reference (env:NAME, aws-sm:SECRET_ID#json_key or vault:NAME), found a value of another form',
      );
    }
  });
});
