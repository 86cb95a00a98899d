import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../auth/api-tokens';
import { generateVaultKey, parseVaultKey } from '../../security/credential-vault';
import { createHubSpotConnections } from '../../services/hubspot-connections';
import { lakesideSpec } from '../../testing/district-specs';
import { type GatewayHarness, startGatewayHarness } from '../../testing/gateway-harness';
import { type LocalHubSpot, type LocalHubSpotOAuthApp, startLocalHubSpot } from '../../testing/hubspot-server';

/**
 * Connecting HubSpot by OAuth and posting runs to tickets, end to end: the real gateway on the
 * real PostgreSQL server, the local HubSpot over HTTP (authorize page, token endpoint, CRM).
 */

const DISTRICT = lakesideSpec({ districtId: 4101, students: 60, faults: 'catalog' });
const OAUTH_APP: LocalHubSpotOAuthApp = {
  clientId: 'cdt-test-app',
  clientSecret: 'shh-client-secret',
  redirectUri: 'http://web.test/accounts/hubspot/callback',
  hubId: 4242,
};
const VAULT_KEY = parseVaultKey(generateVaultKey());

let hubspot: LocalHubSpot;
let harness: GatewayHarness;

beforeAll(async () => {
  hubspot = await startLocalHubSpot({
    oauth: OAUTH_APP,
    tickets: [512, 513, 514, 515, 516, 517, 518, 519].map((id) => ({
      id: String(id),
      properties: { subject: `Ticket ${id}`, content: 'Classes missing for my child. Lakeside ISD', hs_pipeline_stage: '1' },
      companies: [{ id: '9001', name: 'Lakeside ISD' }],
    })),
  });
  harness = await startGatewayHarness({
    specs: [DISTRICT],
    vaultKey: VAULT_KEY,
    hubspot: {
      baseUrl: hubspot.url,
      appBaseUrl: hubspot.url,
      clientId: OAUTH_APP.clientId,
      clientSecret: OAUTH_APP.clientSecret,
      redirectUri: OAUTH_APP.redirectUri,
    },
  });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await hubspot?.close();
});

/** A fresh API token of a role: each test connects its own user. */
async function newUser(role: 'support' | 'viewer' | 'admin' = 'support'): Promise<string> {
  const name = `hubspot-${role}-${Math.random().toString(36).slice(2, 8)}`;
  return (await createApiToken({ db: harness.services.appDatabase, name, role })).token;
}

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL response's shape is whatever the query asked for.
async function gql<Data = Record<string, any>>(token: string, query: string, variables?: Record<string, unknown>) {
  return harness.graphql<Data>(query, variables, { token });
}

/** The browser's trip: begin, HubSpot's authorize page (approves and redirects), and the code and state it sends back. */
async function approve(token: string, returnTo?: string): Promise<{ code: string; state: string }> {
  const begun = await gql(token, 'mutation ($r: String) { beginHubSpotConnection(returnTo: $r) { authorizeUrl expiresAt } }', {
    r: returnTo ?? null,
  });
  expect(begun.errors).toBeUndefined();
  const authorizeUrl = new URL(begun.data?.beginHubSpotConnection.authorizeUrl);
  expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${hubspot.url}/oauth/authorize`);
  expect(authorizeUrl.searchParams.get('scope')).toBe('oauth tickets crm.objects.contacts.write');
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location') ?? '');
  expect(back.origin + back.pathname).toBe(OAUTH_APP.redirectUri);
  return { code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' };
}

const COMPLETE = `mutation ($code: String!, $state: String!) {
  completeHubSpotConnection(code: $code, state: $state) { returnTo connection { state portalId scopes expiresAt message } }
}`;

async function connect(token: string, returnTo?: string) {
  const { code, state } = await approve(token, returnTo);
  const done = await gql(token, COMPLETE, { code, state });
  expect(done.errors).toBeUndefined();
  return done.data?.completeHubSpotConnection;
}

async function runReport(token: string, ticketId: string | null): Promise<string> {
  const answer = await gql(
    token,
    'mutation ($input: DataQualityReportInput!) { dataQualityReport(input: $input) { id recorded ticketId } }',
    { input: { districtId: String(DISTRICT.districtId), environment: 'STAGING', ticketId } },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.dataQualityReport).toMatchObject({ recorded: true, ticketId });
  return answer.data?.dataQualityReport.id;
}

const POST = `mutation ($runId: ID!, $ticketId: String, $force: Boolean, $props: [HubSpotPropertyInput!]) {
  postRunToHubSpot(runId: $runId, ticketId: $ticketId, force: $force, setProperties: $props) {
    outcome message propertiesSet propertiesError rateLimitedSeconds note { id ticketId postedAt postedBy }
  }
}`;

/** What HubSpot's token endpoint says to a refresh with this refresh token. */
async function refreshAtHubSpot(refreshToken: string): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${hubspot.url}/oauth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: OAUTH_APP.clientId,
      client_secret: OAUTH_APP.clientSecret,
      refresh_token: refreshToken,
    }),
  });
  return { status: answer.status, body: await answer.json() };
}

const ticketLookup = (token: string, ref: string) =>
  gql(token, 'query ($ref: String!) { ticket(ref: $ref) { id subject } }', { ref });
const connectionState = async (token: string) =>
  (await gql(token, '{ hubspotConnection { state portalId scopes expiresAt oauthAvailable message } }')).data?.hubspotConnection;

describe('connecting HubSpot by OAuth', () => {
  it('starts NOT_CONNECTED, connects through the authorize page and stores the tokens sealed', async () => {
    const token = await newUser();
    expect(await connectionState(token)).toMatchObject({ state: 'NOT_CONNECTED', oauthAvailable: true, portalId: null });

    const done = await connect(token, '/history/12');
    expect(done).toMatchObject({ returnTo: '/history/12', connection: { state: 'CONNECTED', portalId: '4242' } });
    expect(done.connection.scopes).toContain('tickets');
    const expiresIn = Date.parse(done.connection.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(25 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);

    const grant = hubspot.tokenGrants.at(-1);
    const { rows } = await harness.services.appDatabase.query<Record<string, unknown>>(
      "SELECT * FROM hubspot_connections WHERE user_name LIKE 'hubspot-support-%'",
    );
    const stored = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(stored).not.toContain(grant?.accessToken);
    expect(stored).not.toContain(grant?.refreshToken);
    expect(String(rows.at(-1)?.access_token_envelope)).toMatch(/^v1\./);

    const { rows: audit } = await harness.services.appDatabase.query<{ detail: { portalId: number } }>(
      "SELECT detail FROM audit_log WHERE action = 'hubspot_connected'",
    );
    expect(audit.at(-1)?.detail.portalId).toBe(4242);

    expect(await connectionState(token)).toMatchObject({ state: 'CONNECTED', portalId: '4242' });
  });

  it("refuses a forged, reused or another user's state, before asking HubSpot for tokens", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const grantsBefore = hubspot.tokenGrants.length;

    const forged = await gql(alice, COMPLETE, { code: 'anything', state: 'forged-state' });
    expect(forged.errors?.[0]?.extensions?.code).toBe('HUBSPOT_OAUTH_STATE_INVALID');
    expect(forged.errors?.[0]?.message).toMatch(/does not match a connection you started/);

    const alices = await approve(alice);
    const stolen = await gql(bob, COMPLETE, alices);
    expect(stolen.errors?.[0]?.extensions?.code).toBe('HUBSPOT_OAUTH_STATE_INVALID');
    // The state is single use, so a refused attempt burns it too.
    const afterTheft = await gql(alice, COMPLETE, alices);
    expect(afterTheft.errors?.[0]?.extensions?.code).toBe('HUBSPOT_OAUTH_STATE_INVALID');
    expect(hubspot.tokenGrants.length).toBe(grantsBefore);

    const fresh = await approve(alice);
    expect((await gql(alice, COMPLETE, fresh)).data?.completeHubSpotConnection.connection.state).toBe('CONNECTED');
    const reused = await gql(alice, COMPLETE, fresh);
    expect(reused.errors?.[0]?.extensions?.code).toBe('HUBSPOT_OAUTH_STATE_INVALID');
    expect(await connectionState(bob)).toMatchObject({ state: 'NOT_CONNECTED' });
  });

  it("looks tickets up with the user's own token and renews it ahead of its expiry", async () => {
    const token = await newUser();
    OAUTH_APP.expiresInSeconds = 120; // inside the five minutes ahead of expiry in which tokens are renewed
    try {
      await connect(token);
    } finally {
      OAUTH_APP.expiresInSeconds = undefined;
    }
    const issued = hubspot.tokenGrants.at(-1);
    const { rows: before } = await harness.services.appDatabase.query<{
      user_id: string;
      access_token_envelope: string;
      expires_at: Date;
    }>(
      "SELECT user_id, access_token_envelope, expires_at FROM hubspot_connections WHERE user_name LIKE 'hubspot-support-%' ORDER BY connected_at DESC LIMIT 1",
    );

    const found = await ticketLookup(token, '513');
    expect(found.errors).toBeUndefined();
    expect(found.data?.ticket).toMatchObject({ id: '513', subject: 'Ticket 513' });

    const renewed = hubspot.tokenGrants.at(-1);
    expect(renewed?.grantType).toBe('refresh_token');
    expect(renewed?.refreshToken).toBe(issued?.refreshToken);
    const ticketRead = hubspot.requests.findLast((r) => r.path === '/crm/v3/objects/tickets/513');
    expect(ticketRead?.authorization).toBe(`Bearer ${renewed?.accessToken}`);
    const { rows: after } = await harness.services.appDatabase.query<{
      access_token_envelope: string;
      expires_at: Date;
      refreshed_at: Date | null;
    }>(
      'SELECT access_token_envelope, expires_at, refreshed_at FROM hubspot_connections WHERE user_id = $1 AND access_token_envelope <> $2 AND expires_at > $3',
      [before[0]?.user_id, before[0]?.access_token_envelope, before[0]?.expires_at],
    );
    expect(after).toHaveLength(1);
    expect(after[0]?.refreshed_at).not.toBeNull();
    expect(after[0]?.expires_at.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);

    // A token that lives long enough is used as it is.
    const grants = hubspot.tokenGrants.length;
    expect((await ticketLookup(token, '514')).errors).toBeUndefined();
    expect(hubspot.tokenGrants.length).toBe(grants);
  });

  it('disconnects: the tokens are deleted, HubSpot revokes the refresh token, and lookups say HubSpot is not connected', async () => {
    const token = await newUser();
    await connect(token);
    const { refreshToken } = hubspot.tokenGrants.at(-1) ?? {};
    const disconnected = await gql(token, 'mutation { disconnectHubSpot { state revokedAtHubSpot message } }');
    expect(disconnected.data?.disconnectHubSpot).toMatchObject({ state: 'NOT_CONNECTED', revokedAtHubSpot: true });
    expect(disconnected.data?.disconnectHubSpot.message).toMatch(/^Disconnected: HubSpot revoked the connection/);
    expect(hubspot.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/oauth/v1/refresh-tokens/${refreshToken}`,
      authorization: null,
    });
    expect(hubspot.revokedRefreshTokens).toContain(refreshToken);
    // The old refresh token is refused by HubSpot from now on.
    expect(await refreshAtHubSpot(refreshToken ?? '')).toMatchObject({ status: 400, body: { status: 'BAD_REFRESH_TOKEN' } });

    const lookup = await ticketLookup(token, '515');
    expect(lookup.errors?.[0]?.extensions?.code).toBe('HUBSPOT_NOT_CONFIGURED');
    const { rows: audit } = await harness.services.appDatabase.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM audit_log WHERE action = 'hubspot_disconnected' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]?.detail).toMatchObject({ portalId: '4242', revokedAtHubSpot: true });
    // Nothing to disconnect: nothing is asked of HubSpot.
    const requests = hubspot.requests.length;
    const again = await gql(token, 'mutation { disconnectHubSpot { state revokedAtHubSpot } }');
    expect(again.data?.disconnectHubSpot).toEqual({ state: 'NOT_CONNECTED', revokedAtHubSpot: null });
    expect(hubspot.requests.length).toBe(requests);
  });

  it('disconnects even when HubSpot cannot revoke: the tokens are deleted here and the user is told', async () => {
    const token = await newUser();
    await connect(token);
    const { refreshToken } = hubspot.tokenGrants.at(-1) ?? {};
    // The first attempt and its one retry.
    hubspot.failNext({ status: 503, times: 2 });
    const disconnected = await gql(token, 'mutation { disconnectHubSpot { state revokedAtHubSpot message } }');
    expect(disconnected.errors).toBeUndefined();
    expect(disconnected.data?.disconnectHubSpot).toMatchObject({ state: 'NOT_CONNECTED', revokedAtHubSpot: false });
    expect(disconnected.data?.disconnectHubSpot.message).toMatch(
      /^Disconnected here \(your tokens are deleted\), but HubSpot could not be told to revoke the connection \(.*503.*\): to be sure, uninstall the app/,
    );
    expect(disconnected.data?.disconnectHubSpot.message).not.toContain(refreshToken);
    // The row is gone (a stored grant would read CONNECTED), and HubSpot still honours the token, as reported.
    expect(await connectionState(token)).toMatchObject({ state: 'NOT_CONNECTED' });
    expect(hubspot.revokedRefreshTokens).not.toContain(refreshToken);
    expect((await refreshAtHubSpot(refreshToken ?? '')).status).toBe(200);
  });

  it('reports SERVICE_TOKEN for users without a connection when an admin set a static token', async () => {
    const connections = createHubSpotConnections({ baseUrl: hubspot.url, serviceToken: 'static-token' });
    const status = await connections.status({
      db: harness.services.appDatabase,
      vault: { key: async () => VAULT_KEY, seal: async () => '', open: async () => '' },
      viewer: { kind: 'token', id: 'token:none', name: 'nobody', role: 'support' },
    });
    expect(status).toMatchObject({ state: 'SERVICE_TOKEN', oauthAvailable: false, serviceTokenAvailable: true });
  });
});

describe('posting a run to HubSpot', () => {
  let support: string;
  let runId: string;

  beforeAll(async () => {
    support = await newUser();
    await connect(support);
    runId = await runReport(support, '512');
  }, 60_000);

  it('posts a note on the run’s ticket, records its id on the run, and refuses a second one politely', async () => {
    const posted = await gql(support, POST, {
      runId,
      props: [
        { name: 'hs_pipeline_stage', value: '3' },
        { name: 'hs_ticket_priority', value: 'HIGH' },
      ],
    });
    expect(posted.errors).toBeUndefined();
    const answer = posted.data?.postRunToHubSpot;
    expect(answer).toMatchObject({
      outcome: 'POSTED',
      propertiesSet: ['hs_pipeline_stage', 'hs_ticket_priority'],
      propertiesError: null,
    });

    const note = hubspot.notes.find((n) => n.id === answer.note.id);
    expect(note?.ticketIds).toEqual(['512']);
    expect(note?.body).toContain("<h3>Data Quality Report: issue in the district's SIS</h3>".replace("'", '&#39;'));
    expect(note?.body).toContain('<strong>Status:</strong>');
    expect(note?.body).toContain(`<a href="http://web.test/history/${runId}">Run #${runId} in Customer Data Tools</a>`);
    expect(hubspot.ticketProperties('512')).toMatchObject({ hs_pipeline_stage: '3', hs_ticket_priority: 'HIGH' });

    const { rows } = await harness.services.appDatabase.query<{ hubspot_note_id: string; hubspot_ticket_id: string }>(
      'SELECT hubspot_note_id, hubspot_ticket_id FROM diagnostic_runs WHERE id = $1',
      [runId],
    );
    expect(rows[0]).toEqual({ hubspot_note_id: answer.note.id, hubspot_ticket_id: '512' });
    const reopened = await gql(support, 'query ($id: ID!) { run(id: $id) { diagnostic { hubspotNote { id ticketId } } } }', {
      id: runId,
    });
    expect(reopened.data?.run.diagnostic.hubspotNote).toEqual({ id: answer.note.id, ticketId: '512' });
    const { rows: audit } = await harness.services.appDatabase.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM audit_log WHERE action = 'hubspot_note_posted' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]?.detail).toMatchObject({ runId, ticketId: '512', noteId: answer.note.id, via: 'USER' });

    const notes = hubspot.notes.length;
    const again = await gql(support, POST, { runId });
    expect(again.data?.postRunToHubSpot).toMatchObject({ outcome: 'ALREADY_POSTED', note: { id: answer.note.id } });
    expect(again.data?.postRunToHubSpot.message).toMatch(/already on ticket 512 .*force/);
    expect(hubspot.notes.length).toBe(notes);

    const forced = await gql(support, POST, { runId, force: true });
    expect(forced.data?.postRunToHubSpot.outcome).toBe('POSTED');
    expect(hubspot.notes.length).toBe(notes + 1);
  });

  it('waits out a short 429 inside the request, and answers a longer one at once with retryAfterSeconds', async () => {
    const run = await runReport(support, '516');
    const notePost = { method: 'POST', path: '/crm/v3/objects/notes' };
    hubspot.rateLimitNext({ policyName: 'TEN_SECONDLY_ROLLING', retryAfterSeconds: 1, match: notePost });
    let started = Date.now();
    const posted = await gql(support, POST, { runId: run });
    expect(posted.data?.postRunToHubSpot).toMatchObject({ outcome: 'POSTED', rateLimitedSeconds: 1 });
    expect(posted.data?.postRunToHubSpot.message).toMatch(/rate-limiting us; it went through after 1 s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    // Longer than a moment: no silent wait; the web app counts down from retryAfterSeconds and posts again.
    const notesBefore = hubspot.notes.length;
    hubspot.rateLimitNext({ policyName: 'TEN_SECONDLY_ROLLING', retryAfterSeconds: 7, match: notePost });
    started = Date.now();
    const limited = await gql(support, POST, { runId: run, force: true });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(limited.errors?.[0]?.extensions).toMatchObject({
      code: 'HUBSPOT_RATE_LIMITED',
      retryAfterSeconds: 7,
      retryInSeconds: 7,
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(limited.errors?.[0]?.message).toMatch(/HubSpot is rate-limiting us .* try again in 7 s/);
    expect(hubspot.notes.length).toBe(notesBefore);
    // The run and its first note are untouched; posting again goes through.
    const kept = await gql(support, 'query ($id: ID!) { run(id: $id) { diagnostic { hubspotNote { ticketId } } } }', { id: run });
    expect(kept.data?.run.diagnostic.hubspotNote).toEqual({ ticketId: '516' });
    const again = await gql(support, POST, { runId: run, force: true });
    expect(again.data?.postRunToHubSpot).toMatchObject({ outcome: 'POSTED', rateLimitedSeconds: 0 });

    // Without Retry-After, the ten-second policy means about ten seconds.
    hubspot.rateLimitNext({ policyName: 'TEN_SECONDLY_ROLLING', match: notePost });
    const unsaid = await gql(support, POST, { runId: run, force: true });
    expect(unsaid.errors?.[0]?.extensions).toMatchObject({ code: 'HUBSPOT_RATE_LIMITED', retryAfterSeconds: 10 });
  });

  it('stops at the daily cap without retrying, and says when it resets', async () => {
    const run = await runReport(support, '516');
    const notePosts = () => hubspot.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/notes').length;
    const before = notePosts();
    hubspot.rateLimitNext({ policyName: 'DAILY', match: { method: 'POST', path: '/crm/v3/objects/notes' } });
    const daily = await gql(support, POST, { runId: run });
    expect(daily.errors?.[0]?.extensions).toMatchObject({
      code: 'HUBSPOT_RATE_LIMITED',
      retryAfterSeconds: null,
      policyName: 'DAILY',
      resetsAt: null,
    });
    expect(daily.errors?.[0]?.message).toMatch(/daily API limit .* resets at midnight in the HubSpot account's time zone/);
    expect(daily.errors?.[0]?.message).toMatch(/not retried automatically/);
    expect(notePosts()).toBe(before + 1);

    // When HubSpot sends Retry-After with the daily policy, the message names the time.
    hubspot.rateLimitNext({
      policyName: 'DAILY',
      retryAfterSeconds: 3600,
      match: { method: 'POST', path: '/crm/v3/objects/notes' },
    });
    const timed = await gql(support, POST, { runId: run });
    expect(timed.errors?.[0]?.extensions?.retryAfterSeconds).toBeNull();
    expect(timed.errors?.[0]?.extensions?.resetsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(timed.errors?.[0]?.message).toMatch(/resets at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 3600 s\)/);
    expect(notePosts()).toBe(before + 2);
  });

  it('answers a rate-limited ticket lookup at once with retryAfterSeconds', async () => {
    hubspot.rateLimitNext({
      policyName: 'TEN_SECONDLY_ROLLING',
      retryAfterSeconds: 30,
      match: { path: '/crm/v3/objects/tickets/515' },
    });
    const started = Date.now();
    const limited = await ticketLookup(support, '515');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'HUBSPOT_RATE_LIMITED', retryAfterSeconds: 30 });
    expect(limited.errors?.[0]?.message).toMatch(/rate-limiting us .* reading ticket 515; try again in 30 s/);
    const found = await ticketLookup(support, '515');
    expect(found.data?.ticket).toMatchObject({ id: '515' });
  });

  it('says clearly when HubSpot has no such ticket, and when the run names none', async () => {
    const missing = await gql(support, POST, { runId, ticketId: '999999', force: true });
    expect(missing.data?.postRunToHubSpot).toMatchObject({ outcome: 'TICKET_NOT_FOUND', note: null });
    expect(missing.data?.postRunToHubSpot.message).toMatch(/HubSpot has no ticket 999999 in account 4242/);

    const ticketless = await runReport(support, null);
    const unnamed = await gql(support, POST, { runId: ticketless });
    expect(unnamed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unnamed.errors?.[0]?.message).toMatch(/was not started from a HubSpot ticket/);
    const byUrl = await gql(support, POST, {
      runId: ticketless,
      ticketId: 'https://app.hubspot.com/contacts/4242/record/0-5/517/view/1',
    });
    expect(byUrl.data?.postRunToHubSpot).toMatchObject({ outcome: 'POSTED', note: { ticketId: '517' } });

    const nothing = await gql(support, POST, { runId: '999999999' });
    expect(nothing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets viewers read runs but not post them', async () => {
    const viewer = await newUser('viewer');
    const refused = await gql(viewer, POST, { runId, force: true });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/postRunToHubSpot needs the support role/);
  });

  it('turns a revoked grant (401) into HUBSPOT_RECONNECT_REQUIRED, keeps the run, and works again after reconnecting', async () => {
    const user = await newUser();
    await connect(user);
    const run = await runReport(user, '518');
    hubspot.revokeAccessTokens();

    const refused = await gql(user, POST, { runId: run });
    expect(refused.errors?.[0]?.extensions?.code).toBe('HUBSPOT_RECONNECT_REQUIRED');
    expect(refused.errors?.[0]?.message).toMatch(/reconnect HubSpot/);
    expect(await connectionState(user)).toMatchObject({ state: 'EXPIRED' });
    const lookup = await ticketLookup(user, '519');
    expect(lookup.errors?.[0]?.extensions?.code).toBe('HUBSPOT_RECONNECT_REQUIRED');

    await connect(user, `/history/${run}`);
    const posted = await gql(user, POST, { runId: run });
    expect(posted.data?.postRunToHubSpot).toMatchObject({ outcome: 'POSTED', note: { ticketId: '518' } });
  });
});
