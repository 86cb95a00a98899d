import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import {
  AUTO_RETRIES,
  cleanTicketId,
  connectHref,
  type HubSpotFailure,
  hubspotFailure,
  looksLikeTicketId,
  NO_PROPERTY_CHANGES,
  rateLimitCountdown,
  retryWhileRateLimited,
  shouldAutoRetry,
  ticketPropertyUpdates,
} from './hubspot';

const failed = (code: string, extensions: Record<string, unknown> = {}, message = 'HubSpot said no.') =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...extensions } })] });

describe('HubSpot in the web app', () => {
  it('connects and comes back to a page of this site only', () => {
    expect(connectHref()).toBe('/accounts/hubspot/connect');
    expect(connectHref('/history/12')).toBe('/accounts/hubspot/connect?returnTo=%2Fhistory%2F12');
    expect(connectHref('https://evil.test/')).toBe('/accounts/hubspot/connect');
    expect(connectHref('//evil.test')).toBe('/accounts/hubspot/connect');
  });

  it('reads what a failed post asks of the user', () => {
    expect(hubspotFailure(failed('HUBSPOT_RECONNECT_REQUIRED'), 'x')).toEqual({ kind: 'reconnect', message: 'HubSpot said no.' });
    expect(hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: 9.2 }), 'x')).toMatchObject({
      kind: 'rate-limited',
      retryInSeconds: 10,
    });
    expect(hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryAfterSeconds: 7, retryInSeconds: 7 }), 'x')).toMatchObject({
      retryInSeconds: 7,
      resetsAt: null,
    });
    expect(
      hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryAfterSeconds: null, resetsAt: '2026-05-03T00:00:00.000Z' }), 'x'),
    ).toMatchObject({ retryInSeconds: null, resetsAt: '2026-05-03T00:00:00.000Z' });
    expect(hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: null }), 'x')).toMatchObject({
      retryInSeconds: null,
    });
    expect(hubspotFailure(failed('HUBSPOT_NOT_CONFIGURED'), 'x').kind).toBe('not-configured');
    expect(hubspotFailure(null, 'No answer.')).toEqual({ kind: 'other', message: 'No answer.' });
  });

  it('retries a short rate-limit wait by itself, a few times at most, never the daily cap', () => {
    const short = hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: 10 }), 'x');
    expect(shouldAutoRetry(short, 0)).toBe(true);
    expect(shouldAutoRetry(short, AUTO_RETRIES - 1)).toBe(true);
    expect(shouldAutoRetry(short, AUTO_RETRIES)).toBe(false);
    expect(shouldAutoRetry(hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: null }), 'x'), 0)).toBe(false);
    expect(shouldAutoRetry(hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: 3600 }), 'x'), 0)).toBe(false);
    expect(rateLimitCountdown(9.5)).toBe('HubSpot is rate-limiting us, retrying in 10 s');
  });

  it('accepts ticket numbers and HubSpot ticket links', () => {
    expect(looksLikeTicketId('#5001')).toBe(true);
    expect(cleanTicketId(' #5001 ')).toBe('5001');
    expect(looksLikeTicketId('https://app-eu1.hubspot.com/contacts/1/record/0-5/2')).toBe(true);
    expect(looksLikeTicketId('five')).toBe(false);
  });

  const limited = (retryInSeconds: number | null): { failure: HubSpotFailure } => ({
    failure: { kind: 'rate-limited', message: 'HubSpot is rate-limiting us', retryInSeconds, resetsAt: null },
  });

  /** A clock the helper waits on: each tick is one second, recorded, and may cancel. */
  function clock(onTick?: (ticks: number) => void) {
    const record = { ticks: 0 };
    return {
      record,
      tick: async () => {
        record.ticks += 1;
        onTick?.(record.ticks);
      },
    };
  }

  it('counts down each second of the wait, then tries again and returns the value', async () => {
    const answers = [limited(3), { value: 'note 9000001' }];
    const countdown: (number | null)[] = [];
    const { record, tick } = clock();
    const outcome = await retryWhileRateLimited({
      attempt: async () => answers.shift() ?? { value: 'unexpected' },
      onCountdown: (left) => countdown.push(left),
      tick,
    });
    expect(outcome).toEqual({ kind: 'done', value: 'note 9000001' });
    expect(countdown).toEqual([3, 2, 1, null]);
    expect(record.ticks).toBe(3);
    expect(countdown.slice(0, 3).map((left) => rateLimitCountdown(left ?? 0))).toEqual([
      'HubSpot is rate-limiting us, retrying in 3 s',
      'HubSpot is rate-limiting us, retrying in 2 s',
      'HubSpot is rate-limiting us, retrying in 1 s',
    ]);
  });

  it('does not retry the daily cap or other failures', async () => {
    let attempts = 0;
    const daily = await retryWhileRateLimited({
      attempt: async () => {
        attempts += 1;
        return limited(null);
      },
      onCountdown: () => {},
      tick: clock().tick,
    });
    expect(daily).toMatchObject({ kind: 'failed', failure: { kind: 'rate-limited', retryInSeconds: null } });
    expect(attempts).toBe(1);
    const other = await retryWhileRateLimited({
      attempt: async () => ({ failure: { kind: 'other', message: 'HubSpot answered 500' } }),
      onCountdown: () => {},
      tick: clock().tick,
    });
    expect(other).toEqual({ kind: 'failed', failure: { kind: 'other', message: 'HubSpot answered 500' } });
  });

  it('gives up after AUTO_RETRIES and hands the last failure back', async () => {
    let attempts = 0;
    const outcome = await retryWhileRateLimited({
      attempt: async () => {
        attempts += 1;
        return limited(1);
      },
      onCountdown: () => {},
      tick: clock().tick,
    });
    expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'rate-limited', retryInSeconds: 1 } });
    expect(attempts).toBe(AUTO_RETRIES + 1);
  });

  it('stops counting down when cancelled, without trying again', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const countdown: (number | null)[] = [];
    const outcome = await retryWhileRateLimited({
      attempt: async () => {
        attempts += 1;
        return limited(10);
      },
      onCountdown: (left) => countdown.push(left),
      signal: controller.signal,
      tick: clock((ticks) => {
        if (ticks === 2) controller.abort();
      }).tick,
    });
    expect(outcome).toEqual({ kind: 'cancelled' });
    expect(attempts).toBe(1);
    expect(countdown).toEqual([10, 9, null]);
  });

  it('waits real seconds by default', async () => {
    vi.useFakeTimers();
    try {
      const answers = [limited(2), { value: 42 }];
      const countdown: (number | null)[] = [];
      const pending = retryWhileRateLimited({
        attempt: async () => answers.shift() ?? { value: 0 },
        onCountdown: (left) => countdown.push(left),
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(countdown).toEqual([2]);
      await vi.advanceTimersByTimeAsync(1001);
      expect(await pending).toEqual({ kind: 'done', value: 42 });
      expect(countdown).toEqual([2, 1, null]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns the property choices into setProperties, with clear problems', () => {
    expect(ticketPropertyUpdates(NO_PROPERTY_CHANGES)).toEqual({ properties: [], problem: null });
    expect(ticketPropertyUpdates({ stage: '3', priority: 'HIGH', otherName: ' cdt_status ', otherValue: 'checked' })).toEqual({
      properties: [
        { name: 'hs_pipeline_stage', value: '3' },
        { name: 'hs_ticket_priority', value: 'HIGH' },
        { name: 'cdt_status', value: 'checked' },
      ],
      problem: null,
    });
    expect(ticketPropertyUpdates({ ...NO_PROPERTY_CHANGES, otherName: 'CDT Status', otherValue: 'x' }).problem).toMatch(
      /internal name .* got "CDT Status"/,
    );
    expect(ticketPropertyUpdates({ ...NO_PROPERTY_CHANGES, otherValue: 'x' }).problem).toMatch(/got ""/);
    expect(
      ticketPropertyUpdates({ ...NO_PROPERTY_CHANGES, stage: '1', otherName: 'hs_pipeline_stage', otherValue: '2' }).problem,
    ).toMatch(/already set above/);
  });
});
