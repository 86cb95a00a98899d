import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameQuery } from '../../domain/names';
import type { OneRosterTestServer } from '../../testing/oneroster-server';
import { OneRosterApiError } from './errors';
import { createOAuth1Authorizer } from './request-auth';
import { createClassLinkRosterReader, createOneRosterApiRosterReader } from './source-readers';
import { CLIENT, CUSTOMER_ID, PROXY, recordingSleep, startSampleServer } from './test-fixtures';
import { buildUrl } from './urls';

/** The server clock, shifted by tests to make the client's timestamps stale. */
let serverSkewMs = 0;
let server: OneRosterTestServer;
beforeAll(async () => {
  server = await startSampleServer({ now: () => Date.now() + serverSkewMs });
});
afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<OneRosterApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OneRosterApiError);
  const apiError = error as OneRosterApiError;
  expect(apiError.message).not.toContain(CLIENT.clientSecret);
  return apiError;
}

const oauth1Reader = (overrides: Partial<Parameters<typeof createOneRosterApiRosterReader>[0]> = {}) =>
  createOneRosterApiRosterReader({
    customerId: CUSTOMER_ID,
    apiUrl: server.baseUrl11,
    version: '1.1',
    auth: 'oauth1',
    ...CLIENT,
    sleep: recordingSleep().sleep,
    ...overrides,
  });

describe('OAuth 1.0a', () => {
  it('signs with HMAC-SHA256 by default and HMAC-SHA1 on request; the server recomputes both', async () => {
    const before = server.requests.length;
    expect((await oauth1Reader().schools()).map((school) => school.id)).toEqual(['s1', 's2']);
    expect((await oauth1Reader({ signatureMethod: 'HMAC-SHA1' }).schools()).map((school) => school.id)).toEqual(['s1', 's2']);
    expect(server.requests.slice(before).map((request) => [request.auth, request.status])).toEqual([
      ['oauth1', 200],
      ['oauth1', 200],
    ]);
  });

  it('signs the query exactly as sent: spaces, quotes, plus signs, accents and OR filters', async () => {
    const reader = oauth1Reader();
    // "O'Brien" asks by its longest quote-free word; "+" must reach the server as a plus.
    expect(await reader.findPeople({ name: parseNameQuery("Seán O'Brien") ?? undefined })).toEqual([]);
    expect(await reader.findPeople({ email: 'maria+school@example.com' })).toEqual([]);
    expect((await reader.findPeople({ name: parseNameQuery('José López') ?? undefined })).map((person) => person.id)).toEqual([
      'u-stu2',
    ]);
    expect((await reader.peopleByIds(['u-stu1', 'u-par1', 'u-tch1'])).map((person) => person?.id)).toEqual([
      'u-stu1',
      'u-par1',
      'u-tch1',
    ]);
    const filters = server.requests.map((request) => request.query.filter).filter(Boolean);
    expect(filters).toContain("familyName~'brien' OR familyName~'Brien' OR familyName~'BRIEN'");
    expect(filters).toContain("email~'maria+school@example.com' OR email~'MARIA+SCHOOL@EXAMPLE.COM'");
  });

  it('is refused with a wrong secret: 401, named customer and endpoint, what to check, no secret', async () => {
    const error = await failure(oauth1Reader({ clientSecret: 'not-the-secret' }).schools());
    expect(error.failure).toBe('UNAUTHORIZED');
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      `OneRoster 1.1 API for customer "${CUSTOMER_ID}": GET /schools?limit=1000&offset=0 answered 401 Unauthorized. ` +
        'The server said: "signature_invalid (unauthorisedrequest)" (1 attempt). ' +
        `The server refused our OAuth 1.0a HMAC-SHA256 signature for consumer key "${CLIENT.clientId}": check oneroster.client_id and ` +
        'oneroster.client_secret (an old server may want HMAC-SHA1); a server clock minutes off also refuses signatures.',
    );
    expect(error.message).not.toContain('not-the-secret');
  });

  it('is refused when the timestamp is stale (the server clock an hour ahead)', async () => {
    serverSkewMs = 60 * 60 * 1000;
    try {
      const error = await failure(oauth1Reader().schools());
      expect(error.status).toBe(401);
      expect(error.message).toContain('timestamp_refused');
    } finally {
      serverSkewMs = 0;
    }
  });

  it('is refused when the URL sent is not the URL signed: a form-style + for a space', async () => {
    // Why urls.ts encodes spaces as %20: oauth-1.0a reads "+" literally, servers read a space.
    const authorizer = createOAuth1Authorizer({ consumerKey: CLIENT.clientId, consumerSecret: CLIENT.clientSecret });
    const plus = `${server.baseUrl11}/users?filter=familyName%3D%27de+la+Cruz%27`;
    const encoded = buildUrl({ baseUrl: server.baseUrl11, path: '/users', query: { filter: "familyName='de la Cruz'" } });
    expect((await fetch(plus, { headers: await authorizer.headers({ method: 'GET', url: plus }) })).status).toBe(401);
    expect((await fetch(encoded, { headers: await authorizer.headers({ method: 'GET', url: encoded }) })).status).toBe(200);
  });

  it('is refused when a signed request is replayed (nonce reuse)', async () => {
    const authorizer = createOAuth1Authorizer({ consumerKey: CLIENT.clientId, consumerSecret: CLIENT.clientSecret });
    const url = buildUrl({ baseUrl: server.baseUrl11, path: '/orgs', query: { limit: 1 } });
    const headers = await authorizer.headers({ method: 'GET', url });
    const first = await fetch(url, { headers });
    const replay = await fetch(url, { headers });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('nonce_used');
  });

  it('ClassLink direct mode signs like OneRoster 1.1; proxy mode sends the bearer token', async () => {
    const direct = createClassLinkRosterReader({ customerId: CUSTOMER_ID, mode: 'direct', apiUrl: server.baseUrl11, ...CLIENT });
    const proxy = createClassLinkRosterReader({
      customerId: CUSTOMER_ID,
      mode: 'proxy',
      apiUrl: server.proxyBaseUrl(PROXY.appId),
      clientSecret: PROXY.token,
    });
    expect(await direct.schools()).toEqual(await proxy.schools());
    const wrongToken = createClassLinkRosterReader({
      customerId: CUSTOMER_ID,
      mode: 'proxy',
      apiUrl: server.proxyBaseUrl(PROXY.appId),
      clientSecret: 'wrong-token-123',
    });
    const error = await failure(wrongToken.schools());
    expect(error.message).toContain('ClassLink OneRoster proxy for customer');
    expect(error.message).toContain('The server refused the bearer token: check classlink.client_secret.');
    expect(error.message).not.toContain('wrong-token-123');
  });
});

describe('OAuth 2 client credentials', () => {
  const oauth2Reader = (overrides: Partial<Parameters<typeof createOneRosterApiRosterReader>[0]> = {}) =>
    createOneRosterApiRosterReader({
      customerId: CUSTOMER_ID,
      apiUrl: server.baseUrl12,
      version: '1.2',
      auth: 'oauth2',
      tokenUrl: server.tokenUrl,
      ...CLIENT,
      sleep: recordingSleep().sleep,
      ...overrides,
    });

  it('fetches one token for many calls, even concurrent ones', async () => {
    const issued = server.tokensIssued;
    const reader = oauth2Reader();
    await Promise.all([reader.schools(), reader.peopleByIds(['u-stu1']), reader.classesByIds(['cls1', 'cls2'])]);
    await reader.findPeople({ identifier: '1001' });
    expect(server.tokensIssued - issued).toBe(1);
  });

  it('replaces the token ahead of its expiry, before the server refuses it', async () => {
    const lifetimeSeconds = 120;
    const shortLived = await startSampleServer({ tokenLifetimeSeconds: lifetimeSeconds });
    try {
      let clock = Date.now();
      const reader = createOneRosterApiRosterReader({
        customerId: CUSTOMER_ID,
        apiUrl: shortLived.baseUrl12,
        version: '1.2',
        auth: 'oauth2',
        tokenUrl: shortLived.tokenUrl,
        ...CLIENT,
        now: () => clock,
        cacheTtlMs: 0,
      });
      await reader.schools();
      clock += (lifetimeSeconds - 5) * 1000;
      await reader.schools();
      expect(shortLived.tokensIssued).toBe(2);
      expect(shortLived.requests.filter((request) => request.status === 401)).toEqual([]);
    } finally {
      await shortLived.close();
    }
  });

  it('fetches a new token when the server says the cached one expired, and carries on', async () => {
    const reader = oauth2Reader({ cacheTtlMs: 0 });
    await reader.schools();
    const issued = server.tokensIssued;
    server.expireTokens();
    const before = server.requests.length;
    expect((await reader.schools()).map((school) => school.id)).toEqual(['s1', 's2']);
    expect(server.tokensIssued - issued).toBe(1);
    expect(server.requests.slice(before).map((request) => `${request.path} ${request.status}`)).toEqual([
      '/ims/oneroster/rostering/v1p2/schools 401',
      '/oauth/token 200',
      '/ims/oneroster/rostering/v1p2/schools 200',
    ]);
  });

  it('reports a wrong secret at the token endpoint, naming the fields to check', async () => {
    const error = await failure(oauth2Reader({ clientSecret: 'not-the-secret' }).schools());
    expect(error.failure).toBe('UNAUTHORIZED');
    expect(error.message).toBe(
      `OneRoster 1.2 API for customer "${CUSTOMER_ID}": POST ${server.url}/oauth/token answered 401 Unauthorized. ` +
        'The server said: "client authentication failed (invalid_client)" (1 attempt). ' +
        `The token endpoint refused the client credentials of client_id "${CLIENT.clientId}" or the scopes asked for ` +
        '(https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly): ' +
        'check oneroster.client_id, oneroster.client_secret and oneroster.token_url.',
    );
  });

  it('reports a missing scope (403) with the scopes the token has', async () => {
    const coreOnly = await startSampleServer({
      clients: [{ ...CLIENT, scopes: ['https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly'] }],
      // Without reference filters the reader needs nested endpoints, which need roster.readonly.
      referenceFilters: false,
    });
    try {
      const reader = createOneRosterApiRosterReader({
        customerId: CUSTOMER_ID,
        apiUrl: coreOnly.baseUrl12,
        version: '1.2',
        auth: 'oauth2',
        tokenUrl: coreOnly.tokenUrl,
        ...CLIENT,
      });
      expect((await reader.peopleByIds(['u-stu1']))[0]?.id).toBe('u-stu1');
      const error = await failure(reader.enrollmentsByUserIds(['u-stu1']));
      expect(error.failure).toBe('FORBIDDEN');
      expect(error.status).toBe(403);
      expect(error.message).toContain('GET /users/u-stu1/classes?limit=1000&offset=0 answered 403 Forbidden');
      expect(error.message).toContain(
        'insufficient_scope: this endpoint needs https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly',
      );
      expect(error.message).toContain(
        'The token lacks a scope this endpoint needs (granted: https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly)',
      );
    } finally {
      await coreOnly.close();
    }
  });

  it('1.1 servers that offer OAuth 2 get the 1.1 scopes', async () => {
    const reader = createOneRosterApiRosterReader({
      customerId: CUSTOMER_ID,
      apiUrl: server.baseUrl11,
      version: '1.1',
      auth: 'oauth2',
      tokenUrl: server.tokenUrl,
      ...CLIENT,
    });
    expect((await reader.schools()).length).toBe(2);
    expect(server.requests.at(-1)?.auth).toBe('bearer');
  });
});
