import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cleanTicketId, connectHref, hubspotFailure, looksLikeTicketId, rateLimitCountdown, shouldAutoRetry } from './hubspot';

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
    expect(hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: null }), 'x')).toMatchObject({
      retryInSeconds: null,
    });
    expect(hubspotFailure(failed('HUBSPOT_NOT_CONFIGURED'), 'x').kind).toBe('not-configured');
    expect(hubspotFailure(null, 'No answer.')).toEqual({ kind: 'other', message: 'No answer.' });
  });

  it('retries a short rate-limit wait by itself, twice at most, never the daily cap', () => {
    const short = hubspotFailure(failed('HUBSPOT_RATE_LIMITED', { retryInSeconds: 10 }), 'x');
    expect(shouldAutoRetry(short, 0)).toBe(true);
    expect(shouldAutoRetry(short, 2)).toBe(false);
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
});
