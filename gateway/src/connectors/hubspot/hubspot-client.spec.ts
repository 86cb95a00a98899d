import { afterEach, describe, expect, it } from 'vitest';
import { type LocalHubSpot, type LocalHubSpotTicket, startLocalHubSpot } from '../../testing/hubspot-server';
import { NOTE_BODY_MAX_CHARS, TICKET_PROPERTIES } from './hubspot-api';
import { createHubSpotClient, type HubSpotClientOptions } from './hubspot-client';
import { HubSpotAuthError, HubSpotError, HubSpotRateLimitError } from './hubspot-errors';
import type { RateLimitedEvent } from './hubspot-http';

const TOKEN = 'pat-na1-secret-token-value';

const TICKET: LocalHubSpotTicket = {
  id: '512',
  properties: {
    subject: 'Wrong student on my account',
    content: '<p>Tyler Brooks is <b>not my child</b>.</p>',
    hs_ticket_priority: 'HIGH',
    hs_pipeline: '0',
    hs_pipeline_stage: '1',
    createdate: '2026-05-02T10:00:00.000Z',
  },
  companies: [{ id: '9001', name: 'Lakeside ISD', domain: 'lakesideisd.org' }],
  contacts: [{ id: '701', email: 'J.Watkins@Example.com', firstname: 'Jennifer', lastname: 'Watkins' }],
};

let hubspot: LocalHubSpot;
afterEach(async () => {
  await hubspot?.close();
});

/** A client whose waits are recorded instead of slept, with a clock the test moves. */
function clientFor(server: LocalHubSpot, overrides: Partial<HubSpotClientOptions> = {}) {
  const sleeps: number[] = [];
  const rateLimited: RateLimitedEvent[] = [];
  const clock = { now: Date.parse('2026-05-02T12:00:00.000Z') };
  const client = createHubSpotClient({
    baseUrl: server.url,
    accessToken: TOKEN,
    timeoutMs: 2_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => clock.now,
    onRateLimited: (event) => rateLimited.push(event),
    ...overrides,
  });
  return { client, sleeps, rateLimited, clock };
}

const ticketReads = (server: LocalHubSpot) => server.requests.filter((r) => r.path === '/crm/v3/objects/tickets/512');

describe('HubSpot client: reading tickets', () => {
  it('reads a ticket with its properties, company names and contact emails', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot);

    const ticket = await client.getTicket('512');

    expect(ticket).toMatchObject({
      id: '512',
      subject: 'Wrong student on my account',
      content: '<p>Tyler Brooks is <b>not my child</b>.</p>',
      priority: 'HIGH',
      pipelineStage: '1',
      createdAt: '2026-05-02T10:00:00.000Z',
      companies: [{ id: '9001', name: 'Lakeside ISD', domain: 'lakesideisd.org' }],
      contacts: [{ id: '701', email: 'J.Watkins@Example.com', firstName: 'Jennifer', lastName: 'Watkins' }],
    });
    const [read] = ticketReads(hubspot);
    expect(read?.query.properties?.split(',')).toEqual([...TICKET_PROPERTIES]);
    expect(read?.query.associations).toBe('companies,contacts');
    expect(read?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(hubspot.requests.find((r) => r.path === '/crm/v3/objects/companies/9001')?.query.properties).toBe('name,domain');
    expect(hubspot.requests.find((r) => r.path === '/crm/v3/objects/contacts/701')?.query.properties).toBe(
      'email,firstname,lastname',
    );
  });

  it('answers null for a ticket HubSpot does not have, and does not remember the miss', async () => {
    hubspot = await startLocalHubSpot({ tickets: [], accessToken: TOKEN });
    const { client } = clientFor(hubspot);

    expect(await client.getTicket('512')).toBeNull();
    hubspot.addTicket(TICKET);
    expect((await client.getTicket('512'))?.subject).toBe('Wrong student on my account');
  });

  it('keeps a ticket for ten minutes, then reads it again', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client, clock } = clientFor(hubspot);

    await Promise.all([client.getTicket('512'), client.getTicket('512')]);
    clock.now += 9 * 60_000;
    await client.getTicket('512');
    expect(ticketReads(hubspot)).toHaveLength(1);

    clock.now += 60_001;
    await client.getTicket('512');
    expect(ticketReads(hubspot)).toHaveLength(2);
  });

  it('turns a 401 into an auth error that asks to reconnect, quoting HubSpot and never the token', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: 'another-token' });
    const { client } = clientFor(hubspot);

    const error = await client.getTicket('512').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotAuthError);
    const authError = error as HubSpotAuthError;
    expect(authError.message).toMatch(/reconnect HubSpot/);
    expect(authError.message).toContain('Authentication credentials not found');
    expect(authError.answer).toMatchObject({ status: 401, category: 'INVALID_AUTHENTICATION' });
    expect(JSON.stringify({ ...authError, message: authError.message })).not.toContain(TOKEN);
  });
});

describe('HubSpot client: rate limits and retries', () => {
  it('waits about ten seconds on a ten-secondly 429 without Retry-After, says so, then succeeds', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client, sleeps, rateLimited } = clientFor(hubspot);
    hubspot.rateLimitNext({ policyName: 'TEN_SECONDLY_ROLLING' });

    const ticket = await client.getTicket('512');

    expect(ticket?.id).toBe('512');
    expect(rateLimited).toEqual([{ retryInSeconds: 10, policyName: 'TEN_SECONDLY_ROLLING' }]);
    expect(sleeps).toEqual([10_000]);
    expect(ticketReads(hubspot)).toHaveLength(2);
  });

  it('honours Retry-After', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client, sleeps, rateLimited } = clientFor(hubspot);
    hubspot.rateLimitNext({ policyName: 'TEN_SECONDLY_ROLLING', retryAfterSeconds: 3 });

    await client.getTicket('512');

    expect(rateLimited).toEqual([{ retryInSeconds: 3, policyName: 'TEN_SECONDLY_ROLLING' }]);
    expect(sleeps).toEqual([3_000]);
  });

  it('gives up after a few rate-limited waits, saying when to try again', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client, rateLimited } = clientFor(hubspot, { maxRateLimitRetries: 2 });
    hubspot.rateLimitNext({ policyName: 'TEN_SECONDLY_ROLLING', times: 3 });

    const error = await client.getTicket('512').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect((error as HubSpotRateLimitError).retryInSeconds).toBe(10);
    expect(rateLimited).toHaveLength(2);
  });

  it('stops at once on the daily cap with a clear error', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client, sleeps, rateLimited } = clientFor(hubspot);
    hubspot.rateLimitNext({ policyName: 'DAILY' });

    const error = await client.getTicket('512').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect((error as HubSpotRateLimitError).message).toMatch(
      /daily API limit .* used up .* resets at midnight in the HubSpot account's time zone.*not retried automatically/,
    );
    expect((error as HubSpotRateLimitError).details).toMatchObject({
      retryAfterSeconds: null,
      resetsAt: null,
      policyName: 'DAILY',
    });
    expect((error as HubSpotRateLimitError).retryInSeconds).toBeNull();
    expect((error as HubSpotRateLimitError).code).toBe('HUBSPOT_RATE_LIMITED');
    expect(rateLimited).toEqual([]);
    expect(sleeps).toEqual([]);
    expect(ticketReads(hubspot)).toHaveLength(1);
  });

  it('retries 5xx answers with growing, jittered waits', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client, sleeps } = clientFor(hubspot);
    hubspot.failNext({ status: 502, times: 2 });

    expect((await client.getTicket('512'))?.id).toBe('512');
    // Equal jitter with random() = 0.5: three quarters of 500 ms, then of 1000 ms.
    expect(sleeps).toEqual([375, 750]);
  });

  it('reports what HubSpot answered once retries are spent', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot, { maxRetries: 1 });
    hubspot.failNext({ status: 500, times: 2 });

    const error = await client.getTicket('512').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotError);
    expect((error as HubSpotError).message).toMatch(
      /HubSpot answered 500 while reading ticket 512\. HubSpot said: "internal error", category INTERNAL_ERROR/,
    );
    expect(ticketReads(hubspot)).toHaveLength(2);
  });

  it('times out a call that gets no answer', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot, { timeoutMs: 50, maxRetries: 0 });
    hubspot.delayNext({ ms: 400 });

    const error = await client.getTicket('512').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotError);
    expect((error as HubSpotError).message).toMatch(/no answer within 50 ms/);
  });

  it('retries when nothing listens, then says it could not reach HubSpot', async () => {
    hubspot = await startLocalHubSpot({ accessToken: TOKEN });
    const url = hubspot.url;
    await hubspot.close();
    const { client, sleeps } = clientFor(hubspot, { baseUrl: url, maxRetries: 2 });

    const error = await client.getTicket('512').catch((e: unknown) => e);

    expect((error as HubSpotError).message).toMatch(/Could not reach HubSpot at .* ECONNREFUSED \(3 attempts\)/);
    expect(sleeps).toHaveLength(2);
  });
});

describe('HubSpot client: writing', () => {
  it('posts a note associated with the ticket and returns its id', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot);

    const noteId = await client.createTicketNote({ ticketId: '512', html: '<p>Issue in source: Tyler Brooks</p>' });

    expect(hubspot.notes).toEqual([
      { id: noteId, body: '<p>Issue in source: Tyler Brooks</p>', timestamp: '2026-05-02T12:00:00.000Z', ticketIds: ['512'] },
    ]);
  });

  it('shortens a note body over the limit so HubSpot accepts it', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot);
    const html = `<ul>${'<li>PHANTOM_PARENT_LINK for student 12345</li>'.repeat(3000)}</ul>`;

    await client.createTicketNote({ ticketId: '512', html });

    const body = hubspot.notes[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(NOTE_BODY_MAX_CHARS);
    expect(body).toMatch(/<\/li><\/ul><p><em>\[Shortened/);
  });

  it('does not repeat a note POST after an ambiguous 500, so no note is posted twice', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot);
    hubspot.failNext({ status: 500 });

    await expect(client.createTicketNote({ ticketId: '512', html: '<p>x</p>' })).rejects.toBeInstanceOf(HubSpotError);
    expect(hubspot.requests.filter((r) => r.path === '/crm/v3/objects/notes')).toHaveLength(1);
  });

  it('updates ticket properties and reads the ticket afresh afterwards', async () => {
    hubspot = await startLocalHubSpot({ tickets: [TICKET], accessToken: TOKEN });
    const { client } = clientFor(hubspot);
    await client.getTicket('512');

    await client.updateTicketProperties({ ticketId: '512', properties: { hs_ticket_priority: 'LOW' } });

    expect(hubspot.ticketProperties('512')?.hs_ticket_priority).toBe('LOW');
    expect((await client.getTicket('512'))?.priority).toBe('LOW');
  });
});
