import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshot, signIn, useBrowser, visit } from './browser';
import { USERS } from './constants';
import type { StackInfo } from './serve-stack';

/**
 * HubSpot as a support engineer meets it, in Chromium: connect by OAuth (the stack's local
 * HubSpot approves at once and sends the browser back to the web app's callback), look up a
 * ticket written from a planted fault by its link, run the recommended tool pre-filled, post
 * the findings as a note, then disconnect, which revokes the grant at HubSpot. Every HubSpot
 * effect is checked on the local HubSpot itself, over its API.
 */

const stack: StackInfo = inject('stack');
const hubspot = stack.hubspot;
const { open } = useBrowser({ baseURL: stack.webUrl });

/** How the note words each status (gateway/src/services/hubspot-run-note.ts), HTML-escaped as it is posted. */
const STATUS_IN_NOTE: Record<string, string> = {
  ISSUE_IN_SOURCE: 'Issue in the district&#39;s SIS',
  ISSUE_IN_BOOKMARKED: 'Issue in Bookmarked',
  NO_ISSUE: 'No issue',
  INCONCLUSIVE: 'Inconclusive',
};

/** A ticket of the local HubSpot about a planted Student Mismatch fault in Lakeside (1001). */
function mismatchTicket() {
  const ticket = hubspot.tickets.find((t) => t.districtId === 1001 && t.tool === 'studentMismatch');
  if (!ticket) throw new Error('The stack wrote no HubSpot ticket for a student mismatch in district 1001.');
  return ticket as typeof ticket & { input: { parentEmail: string; studentName: string } };
}

/** GET on the local HubSpot's CRM API with the inspection token (one the gateway does not have). */
async function hubspotGet<T>(path: string): Promise<{ status: number; body: T }> {
  const answer = await fetch(`${hubspot.url}${path}`, { headers: { authorization: `Bearer ${hubspot.inspectToken}` } });
  return { status: answer.status, body: (await answer.json()) as T };
}

const card = (page: Page) => page.locator('[data-testid=hubspot-connection]');

describe('HubSpot, from connecting to a note on the ticket', () => {
  it('support: connect, paste a ticket link, run the recommended tool, post the note, disconnect (revoked at HubSpot)', async () => {
    const ticket = mismatchTicket();
    const page = await open();
    await signIn(page, USERS.support.username);
    await page.waitForURL((url) => url.pathname === '/');

    // Accounts → Connect HubSpot: the local authorize page approves and sends the browser back to the callback.
    await visit(page, '/accounts');
    await card(page).locator('.badge', { hasText: 'Not connected' }).waitFor();
    await page.click('[data-testid=hubspot-connect]');
    await page.waitForURL((url) => url.pathname === '/accounts' && url.searchParams.get('hubspot') === 'connected');
    await card(page)
      .locator('.badge', { hasText: /^Connected$/ })
      .waitFor();
    expect(await card(page).textContent()).toContain(`Account ${hubspot.portalId}`);
    expect(await page.locator('[data-testid=hubspot-connection-message]').textContent()).toMatch(
      new RegExp(`Connected to HubSpot account ${hubspot.portalId}`),
    );
    expect(await card(page).locator('.alert', { hasText: 'HubSpot is connected' }).count()).toBe(1);
    await card(page).scrollIntoViewIfNeeded();
    await screenshot(page, '11a-accounts-hubspot');

    // Tickets: the link of the planted fault's ticket; its district and the parent's words pick the tool.
    await visit(page, '/tickets');
    await page.fill('#ticket-input', `https://app.hubspot.com/contacts/${hubspot.portalId}/record/0-5/${ticket.ticketId}/view/1`);
    await page.click('[data-testid=analyse-ticket]');
    const recommendation = page.locator('[data-testid=recommendation]');
    await recommendation.waitFor();
    expect(await recommendation.locator('h2').textContent()).toBe('Student Mismatch Resolver');
    expect(await page.locator('aside h3', { hasText: `Ticket #${ticket.ticketId}` }).count()).toBe(1);
    await page.click('[data-testid=open-recommended]');
    await page.waitForURL(/\/tools\/studentMismatch\?/);
    expect(await page.inputValue('#field-parentEmail')).toBe(ticket.input.parentEmail);
    expect(await page.inputValue('#field-studentName')).toBe(ticket.input.studentName);
    expect(await page.locator('[data-testid=tool-district]').textContent()).toContain('1001');

    await page.click('[data-testid=run-tool]');
    const banner = page.locator('[data-testid=status-banner]');
    await banner.waitFor();
    expect(await banner.getAttribute('data-status')).toBe(ticket.expectedStatus);
    const kinds = await page
      .locator('[data-testid=finding-group]')
      .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);

    // Post to HubSpot: the run came from the ticket, so the ticket is filled in.
    const post = page.locator('[data-testid=post-to-hubspot]');
    expect(await post.locator('input').inputValue()).toBe(ticket.ticketId);
    await post.locator('[data-testid=post-to-hubspot-button]').click();
    const posted = post.locator('[data-testid=hubspot-note]');
    await posted.waitFor();
    const noteId = (await posted.locator('.mono').last().textContent())?.trim() ?? '';
    expect(noteId).toMatch(/^\d+$/);
    expect(await posted.textContent()).toContain(`Posted to ticket ${ticket.ticketId}`);
    expect(await post.locator('a', { hasText: ticket.ticketId }).getAttribute('href')).toMatch(
      new RegExp(`/contacts/${hubspot.portalId}/record/0-5/${ticket.ticketId}`),
    );
    await post.scrollIntoViewIfNeeded();
    await screenshot(page, '07a-hubspot-note');

    // The note is on HubSpot, associated with the ticket, and says what the run found.
    const note = await hubspotGet<{
      properties: { hs_note_body: string };
      associations?: { tickets?: { results: { id: string }[] } };
    }>(`/crm/v3/objects/notes/${noteId}?properties=hs_note_body&associations=tickets`);
    expect(note.status).toBe(200);
    expect(note.body.associations?.tickets?.results.map((r) => r.id)).toEqual([ticket.ticketId]);
    const html = note.body.properties.hs_note_body;
    expect(html).toContain('<h3>Student Mismatch Resolver: ');
    expect(html).toContain(`<p><strong>Status:</strong> ${STATUS_IN_NOTE[ticket.expectedStatus]}`);
    expect(html).toMatch(/<strong>Findings \(\d+\):<\/strong>/);
    for (const kind of kinds) {
      const words = String(kind).charAt(0) + String(kind).slice(1).toLowerCase().replaceAll('_', ' ');
      expect(html).toContain(`<li><strong>${words}</strong>`);
    }
    expect(html).toMatch(new RegExp(`<a href="${stack.webUrl}/history/\\d+">Run #\\d+ in Customer Data Tools</a>`));

    // Disconnect: the tokens are deleted and HubSpot revokes the refresh token.
    await visit(page, '/accounts');
    await page.click('[data-testid=hubspot-disconnect]');
    await page.waitForURL((url) => url.searchParams.get('hubspot') === 'disconnected');
    expect(new URL(page.url()).searchParams.get('revoked')).toBe('1');
    await card(page).locator('.badge', { hasText: 'Not connected' }).waitFor();
    expect(await page.locator('[data-testid=hubspot-disconnected]').textContent()).toMatch(/HubSpot revoked the connection/);
    expect(await page.locator('[data-testid=hubspot-connect]').count()).toBe(1);

    const requests = await hubspotGet<{ method: string; path: string }[]>('/__local/requests');
    const revocation = requests.body.findLast((r) => r.method === 'DELETE' && r.path.startsWith('/oauth/v1/refresh-tokens/'));
    expect(revocation).toBeDefined();
    const refreshToken = decodeURIComponent(revocation?.path.slice('/oauth/v1/refresh-tokens/'.length) ?? '');
    const refreshed = await fetch(`${hubspot.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: hubspot.clientId,
        client_secret: hubspot.clientSecret,
        refresh_token: refreshToken,
      }),
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ status: 'BAD_REFRESH_TOKEN' });

    // Without a connection, a ticket link says HubSpot is not connected.
    await visit(page, '/tickets');
    await page.fill('#ticket-input', ticket.ticketId);
    await page.click('[data-testid=analyse-ticket]');
    await page.locator('.alert', { hasText: 'HubSpot' }).waitFor();
    expect(await page.locator('[data-testid=recommendation]').count()).toBe(0);
  });
});

/** Queues faults on the local HubSpot (its test-only `/__local/faults`): the stack runs it in another process. */
async function hubspotFaults(fault: Record<string, unknown> | null) {
  const answer = await fetch(`${hubspot.url}/__local/faults`, {
    method: fault ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: fault ? JSON.stringify(fault) : undefined,
  });
  expect(answer.status).toBe(200);
}

describe('HubSpot rate-limiting us', () => {
  it('support: a rate-limited lookup and post count down, retry by themselves and succeed; ticket properties are set', async () => {
    // Another ticket than the first test's: the gateway caches a user's tickets for ten minutes, and a cached lookup asks HubSpot nothing.
    const first = mismatchTicket().ticketId;
    const others = hubspot.tickets.filter((t) => t.ticketId !== first);
    const ticket =
      others.find((t) => t.tool === 'studentMismatch') ?? others.find((t) => t.tool === 'missingData') ?? mismatchTicket();
    const page = await open();
    await signIn(page, USERS.support.username);
    await page.waitForURL((url) => url.pathname === '/');
    await visit(page, '/accounts');
    if ((await page.locator('[data-testid=hubspot-connect]').count()) > 0) {
      await page.click('[data-testid=hubspot-connect]');
      await page.waitForURL((url) => url.pathname === '/accounts' && url.searchParams.get('hubspot') === 'connected');
    }
    await card(page)
      .locator('.badge', { hasText: /^Connected$/ })
      .waitFor();

    try {
      // The lookup: HubSpot answers 429 with Retry-After 3 once; the page counts down and looks again.
      await hubspotFaults({
        kind: 'rate-limit',
        policyName: 'TEN_SECONDLY_ROLLING',
        retryAfterSeconds: 3,
        match: { method: 'GET', path: `/crm/v3/objects/tickets/${ticket.ticketId}` },
      });
      await visit(page, '/tickets');
      await page.fill('#ticket-input', ticket.ticketId);
      await page.click('[data-testid=analyse-ticket]');
      const lookupWait = page.locator('[data-testid=ticket-rate-limited]');
      await lookupWait.waitFor();
      expect(await lookupWait.textContent()).toMatch(/^HubSpot is rate-limiting us, retrying in [1-3] s$/);
      await page.locator('[data-testid=recommendation]').waitFor();
      expect(await lookupWait.count()).toBe(0);
      await page.click('[data-testid=open-recommended]');
      await page.waitForURL(/\/tools\/\w+\?/);
      await page.click('[data-testid=run-tool]');
      await page.locator('[data-testid=status-banner]').waitFor();

      // The post: the note POST answers 429 once; the card counts down, posts again, and sets the chosen properties.
      const post = page.locator('[data-testid=post-to-hubspot]');
      await post.locator('[data-testid=hubspot-properties-toggle]').click();
      await post.locator('[data-testid=hubspot-stage]').selectOption('3');
      await post.locator('[data-testid=hubspot-other-name]').fill('cdt_status');
      await post.locator('[data-testid=hubspot-other-value]').fill('checked');
      await hubspotFaults({
        kind: 'rate-limit',
        policyName: 'TEN_SECONDLY_ROLLING',
        retryAfterSeconds: 3,
        match: { method: 'POST', path: '/crm/v3/objects/notes' },
      });
      await post.locator('[data-testid=post-to-hubspot-button]').click();
      const postWait = post.locator('[data-testid=hubspot-rate-limited]');
      await postWait.waitFor();
      expect(await postWait.textContent()).toMatch(/^HubSpot is rate-limiting us, retrying in [1-3] s$/);
      expect(await post.locator('[data-testid=hubspot-cancel-retry]').count()).toBe(1);
      await post.locator('[data-testid=hubspot-note]').waitFor();
      expect(await postWait.count()).toBe(0);
      expect(await post.locator('[data-testid=hubspot-post-message]').textContent()).toMatch(
        new RegExp(`to ticket ${ticket.ticketId} as note \\d+, and set hs_pipeline_stage, cdt_status`),
      );

      const requests = await hubspotGet<{ method: string; path: string }[]>('/__local/requests');
      const notePosts = requests.body.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/notes');
      expect(notePosts.length).toBeGreaterThanOrEqual(2);
      const updated = await hubspotGet<{ properties: Record<string, string | null> }>(
        `/crm/v3/objects/tickets/${ticket.ticketId}?properties=hs_pipeline_stage,cdt_status`,
      );
      expect(updated.body.properties).toMatchObject({ hs_pipeline_stage: '3', cdt_status: 'checked' });
    } finally {
      // A fault the page never reached must not leak into other tests.
      await hubspotFaults(null);
    }
  });
});
