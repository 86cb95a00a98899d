import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OneRosterTestServer } from '../../testing/oneroster-server';
import { testOneRosterConnection } from './test-connection';
import { CLIENT, CUSTOMER_ID, PROXY, recordingSleep, startSampleServer } from './test-fixtures';

let server: OneRosterTestServer;
beforeAll(async () => {
  server = await startSampleServer();
});
afterAll(async () => {
  await server.close();
});

const { sleep } = recordingSleep();

describe('testOneRosterConnection', () => {
  it('reports reach, authenticate and read for OneRoster 1.1 with OAuth 1.0a', async () => {
    const steps = await testOneRosterConnection({
      source: {
        kind: 'oneroster-api',
        customerId: CUSTOMER_ID,
        apiUrl: server.baseUrl11,
        version: '1.1',
        auth: 'oauth1',
        ...CLIENT,
        sleep,
      },
    });
    expect(steps.every((step) => typeof step.durationMs === 'number')).toBe(true);
    expect(steps.map(({ durationMs: _, ...step }) => step)).toEqual([
      { step: 'reach', ok: true, message: `${server.url} answered HTTP 401, as expected without credentials.` },
      { step: 'authenticate', ok: true, message: 'OAuth 1.0a (HMAC-SHA256) accepted.' },
      { step: 'read', ok: true, message: 'Read 2 schools: North High, South Middle.' },
    ]);
  });

  it('names the scopes granted with OAuth 2 (1.2)', async () => {
    const steps = await testOneRosterConnection({
      source: {
        kind: 'oneroster-api',
        customerId: CUSTOMER_ID,
        apiUrl: server.baseUrl12,
        version: '1.2',
        auth: 'oauth2',
        tokenUrl: server.tokenUrl,
        ...CLIENT,
        sleep,
      },
    });
    expect(steps.map((step) => step.ok)).toEqual([true, true, true]);
    expect(steps[1]?.message).toBe(
      'OAuth 2 client credentials accepted. A token was granted with scopes roster-core.readonly, roster.readonly.',
    );
  });

  it('checks ClassLink proxy and direct modes', async () => {
    const proxy = await testOneRosterConnection({
      source: {
        kind: 'classlink',
        customerId: CUSTOMER_ID,
        mode: 'proxy',
        apiUrl: server.proxyBaseUrl(PROXY.appId),
        clientSecret: PROXY.token,
        sleep,
      },
    });
    expect(proxy.map((step) => [step.step, step.ok])).toEqual([
      ['reach', true],
      ['authenticate', true],
      ['read', true],
    ]);
    expect(proxy[1]?.message).toBe('bearer token accepted.');
    const direct = await testOneRosterConnection({
      source: { kind: 'classlink', customerId: CUSTOMER_ID, mode: 'direct', apiUrl: server.baseUrl11, ...CLIENT, sleep },
    });
    expect(direct.every((step) => step.ok)).toBe(true);
  });

  it('stops at a refused secret: what to check, later steps not tried, the secret never shown', async () => {
    const steps = await testOneRosterConnection({
      source: {
        kind: 'oneroster-api',
        customerId: CUSTOMER_ID,
        apiUrl: server.baseUrl12,
        version: '1.2',
        auth: 'oauth2',
        tokenUrl: server.tokenUrl,
        clientId: CLIENT.clientId,
        clientSecret: 'wrong-secret-123',
        sleep,
      },
    });
    expect(steps.map((step) => [step.step, step.ok])).toEqual([
      ['reach', true],
      ['authenticate', false],
      ['read', false],
    ]);
    expect(steps[1]?.message).toContain(
      'answered 401 Unauthorized. The server said: "client authentication failed (invalid_client)"',
    );
    expect(steps[1]?.message).toContain('check oneroster.client_id, oneroster.client_secret and oneroster.token_url');
    expect(steps[2]?.message).toBe('Not tried: the authenticate step failed.');
    expect(JSON.stringify(steps)).not.toContain('wrong-secret-123');
  });

  it('stops at an unreachable server, quickly', async () => {
    const gone = await startSampleServer();
    const apiUrl = gone.baseUrl11;
    await gone.close();
    const steps = await testOneRosterConnection({
      source: { kind: 'oneroster-api', customerId: CUSTOMER_ID, apiUrl, version: '1.1', auth: 'oauth1', ...CLIENT, sleep },
    });
    expect(steps[0]).toEqual({
      durationMs: expect.any(Number),
      step: 'reach',
      ok: false,
      message: `OneRoster 1.1 API for customer "${CUSTOMER_ID}": GET /orgs?limit=1 got no answer (ECONNREFUSED) (2 attempts). Endpoint: ${apiUrl}/orgs.`,
    });
    expect(steps.slice(1).every((step) => !step.ok && step.message === 'Not tried: the reach step failed.')).toBe(true);
  });

  it('says when the api_url is not a OneRoster endpoint', async () => {
    const steps = await testOneRosterConnection({
      source: {
        kind: 'oneroster-api',
        customerId: CUSTOMER_ID,
        apiUrl: `${server.url}/api`,
        version: '1.1',
        auth: 'oauth1',
        ...CLIENT,
        sleep,
      },
    });
    expect(steps[0]?.ok).toBe(true);
    expect(steps[1]?.ok).toBe(false);
    expect(steps[1]?.message).toContain('answered 404 Not Found');
    expect(steps[1]?.message).toContain(
      'Check oneroster.api_url: it must be the base URL up to the version path (…/ims/oneroster/v1p1).',
    );
  });

  it('refuses settings whose version path contradicts the version', async () => {
    await expect(
      testOneRosterConnection({
        source: {
          kind: 'oneroster-api',
          customerId: CUSTOMER_ID,
          apiUrl: server.baseUrl11,
          version: '1.2',
          auth: 'oauth2',
          tokenUrl: server.tokenUrl,
          ...CLIENT,
        },
      }),
    ).rejects.toThrow('oneroster.api_url ends with the OneRoster 1.1 path but oneroster.version is 1.2');
  });
});
