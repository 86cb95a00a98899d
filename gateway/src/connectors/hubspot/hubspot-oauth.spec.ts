import { afterEach, describe, expect, it } from 'vitest';
import { type LocalHubSpot, startLocalHubSpot } from '../../testing/hubspot-server';
import { createHubSpotClient } from './hubspot-client';
import { HubSpotAuthError, HubSpotError } from './hubspot-errors';
import {
  buildAuthorizeUrl,
  createOAuthTokenProvider,
  exchangeCode,
  type HubSpotTokenSet,
  refreshAccessToken,
  revokeRefreshToken,
} from './hubspot-oauth';

const APP = { clientId: 'client-123', clientSecret: 'shh-client-secret', redirectUri: 'http://localhost:5173/hubspot/callback' };
const T0 = Date.parse('2026-05-02T12:00:00.000Z');

let hubspot: LocalHubSpot;
afterEach(async () => {
  await hubspot?.close();
});

async function connected(clock: { now: number }): Promise<HubSpotTokenSet> {
  hubspot = await startLocalHubSpot({
    oauth: { ...APP, codes: ['code-1'], hubId: 4242 },
    tickets: [{ id: '77', properties: { subject: 'Hello' } }],
  });
  return exchangeCode({ ...APP, baseUrl: hubspot.url, code: 'code-1', now: () => clock.now });
}

describe('HubSpot OAuth', () => {
  it('builds the authorize URL HubSpot documents', () => {
    const url = new URL(
      buildAuthorizeUrl({ clientId: 'client-123', redirectUri: APP.redirectUri, scopes: ['oauth', 'tickets'], state: 'xyz 1' }),
    );
    expect(url.origin + url.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-123',
      scope: 'oauth tickets',
      redirect_uri: APP.redirectUri,
      state: 'xyz 1',
    });
    expect(url.search).toContain('scope=oauth%20tickets');
  });

  it('exchanges a code for tokens whose expiry is a deadline', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);

    expect(tokens).toMatchObject({ hubId: 4242, expiresAt: T0 + 1800 * 1000 });
    expect(tokens.accessToken).toBe(hubspot.tokenGrants[0]?.accessToken);
    expect(tokens.scopes).toContain('tickets');
  });

  it('refuses a code used twice or a redirect URI that does not match, as a reconnect error', async () => {
    const clock = { now: T0 };
    await connected(clock);
    const again = await exchangeCode({ ...APP, baseUrl: hubspot.url, code: 'code-1' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(HubSpotAuthError);
    expect((again as Error).message).toMatch(/BAD_AUTH_CODE.*Connect HubSpot again/);

    const wrongRedirect = await exchangeCode({
      ...APP,
      redirectUri: 'http://evil.test/cb',
      baseUrl: hubspot.url,
      code: 'x',
    }).catch((e: unknown) => e);
    expect((wrongRedirect as Error).message).toMatch(/BAD_REDIRECT_URI/);
    expect((wrongRedirect as Error).message).not.toContain(APP.clientSecret);
  });

  it('refreshes with the refresh token', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);
    const renewed = await refreshAccessToken({
      ...APP,
      baseUrl: hubspot.url,
      refreshToken: tokens.refreshToken,
      now: () => clock.now,
    });

    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(hubspot.tokenGrants.map((g) => g.grantType)).toEqual(['authorization_code', 'refresh_token']);
  });

  it('renews the access token ahead of expiry, once for concurrent callers, and tells the owner', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);
    const stored: HubSpotTokenSet[] = [];
    const provider = createOAuthTokenProvider({
      ...APP,
      baseUrl: hubspot.url,
      tokens,
      now: () => clock.now,
      refreshAheadMs: 5 * 60_000,
      onTokens: (renewed) => {
        stored.push(renewed);
      },
    });
    const client = createHubSpotClient({ baseUrl: hubspot.url, accessToken: provider, now: () => clock.now, cacheTtlMs: 0 });

    await client.getTicket('77');
    clock.now = tokens.expiresAt - 5 * 60_000 - 1;
    await client.getTicket('77');
    expect(hubspot.tokenGrants).toHaveLength(1);

    clock.now = tokens.expiresAt - 5 * 60_000;
    const [a, b] = await Promise.all([provider.getAccessToken(), provider.getAccessToken()]);
    expect(a).toBe(b);
    expect(hubspot.tokenGrants).toHaveLength(2);
    expect(stored).toEqual([provider.current()]);

    await client.getTicket('77');
    expect(hubspot.requests.at(-1)?.authorization).toBe(`Bearer ${a}`);
    expect(a).not.toBe(tokens.accessToken);
  });

  it('does not refresh on a 401: a revoked grant asks the user to reconnect', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);
    const provider = createOAuthTokenProvider({ ...APP, baseUrl: hubspot.url, tokens, now: () => clock.now });
    const client = createHubSpotClient({ baseUrl: hubspot.url, accessToken: provider, now: () => clock.now });
    hubspot.revokeAccessTokens();

    await expect(client.getTicket('77')).rejects.toBeInstanceOf(HubSpotAuthError);
    expect(hubspot.tokenGrants).toHaveLength(1);
  });

  it('keeps using a still-valid token when a refresh fails, and reports the failure once it has expired', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);
    const provider = createOAuthTokenProvider({
      ...APP,
      baseUrl: hubspot.url,
      tokens: { ...tokens, refreshToken: 'unknown-refresh-token' },
      now: () => clock.now,
    });

    clock.now = tokens.expiresAt - 60_000;
    expect(await provider.getAccessToken()).toBe(tokens.accessToken);

    clock.now = tokens.expiresAt;
    const error = await provider.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect((error as Error).message).toMatch(/BAD_REFRESH_TOKEN/);
  });

  it('revokes a refresh token (no credentials sent), after which it refreshes nothing; an unknown one is already gone', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);

    expect(await revokeRefreshToken({ baseUrl: hubspot.url, refreshToken: tokens.refreshToken })).toBe('revoked');
    expect(hubspot.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/oauth/v1/refresh-tokens/${tokens.refreshToken}`,
      authorization: null,
    });
    await expect(
      refreshAccessToken({ ...APP, baseUrl: hubspot.url, refreshToken: tokens.refreshToken, now: () => clock.now }),
    ).rejects.toThrow(/BAD_REFRESH_TOKEN/);
    expect(await revokeRefreshToken({ baseUrl: hubspot.url, refreshToken: tokens.refreshToken })).toBe('already-gone');
  });

  it('reports a revocation HubSpot failed (after one retry) as a HubSpotError that never names the token', async () => {
    const clock = { now: T0 };
    const tokens = await connected(clock);
    hubspot.failNext({ status: 503, times: 2 });

    const error = await revokeRefreshToken({
      baseUrl: hubspot.url,
      refreshToken: tokens.refreshToken,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubSpotError);
    expect((error as Error).message).toMatch(/revoking the OAuth refresh token/);
    expect((error as Error).message).not.toContain(tokens.refreshToken);
    expect(hubspot.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(hubspot.revokedRefreshTokens).toEqual([]);
  });
});
