import axios, { isAxiosError } from 'axios';
import { eventLine, LOG_EVENTS } from '../../log-events';
import { forwardRequestId } from '../../request-context';
import { forwardTraceContext } from '../../tracing';
import { MAX_RATE_LIMIT_WAIT_SECONDS } from './hubspot-api';
import { type HubSpotAnswer, HubSpotAuthError, HubSpotError, HubSpotRateLimitError } from './hubspot-errors';
import { type AttemptFailure, backoffDelayMs, dailyLimitReset, isRetryableFailure, rateLimitWaitSeconds } from './retry-policy';

/** The part of a pino logger the connector uses. */
export interface HubSpotLogger {
  warn(details: object, message: string): void;
}

/** Told before the client waits out a 429, so a UI can say "HubSpot is rate-limiting us, retrying in N s". */
export interface RateLimitedEvent {
  retryInSeconds: number;
  policyName: string | null;
}

export interface HubSpotHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  /** The bearer token for each attempt; null for calls that carry credentials in the body (OAuth). */
  accessToken: (() => Promise<string>) | null;
  maxRetries: number;
  maxRateLimitRetries: number;
  /** A Retry-After longer than this is reported (HubSpotRateLimitError) rather than waited out. Default 120 s. */
  maxRateLimitWaitSeconds?: number;
  onRateLimited?: (event: RateLimitedEvent) => void;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  logger?: HubSpotLogger;
}

export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  params?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Statuses that are an answer rather than a failure (404 for a lookup). */
  acceptStatuses?: readonly number[];
  /** Whether sending it twice is harmless; decides which failures are retried. */
  idempotent: boolean;
  /** What the call does, for messages: "reading ticket 512". */
  action: string;
}

export interface HubSpotResponse {
  status: number;
  data: unknown;
}

export type SendHubSpotRequest = (request: HubSpotRequest) => Promise<HubSpotResponse>;

/**
 * One HTTP path to HubSpot for every call: timeouts, retries with backoff on 5xx and
 * network failures, 429 handling per policy, and HubSpot's error bodies turned into
 * HubSpotError messages. Statuses are checked here rather than by axios so that a 404 can
 * be an answer and every error is worded the same way.
 */
export function createHubSpotHttp(options: HubSpotHttpOptions): SendHubSpotRequest {
  const http = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    validateStatus: () => true,
    maxContentLength: 20 * 1024 * 1024,
    headers: { Accept: 'application/json' },
  });
  forwardTraceContext(forwardRequestId(http));

  return async function send(request) {
    let retries = 0;
    let rateLimitRetries = 0;
    for (;;) {
      const headers: Record<string, string> = {};
      if (options.accessToken) headers.Authorization = `Bearer ${await options.accessToken()}`;
      let body: string | undefined;
      if (request.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(request.form).toString();
      } else if (request.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(request.json);
      }

      let status: number;
      let data: unknown;
      let responseHeaders: Record<string, unknown>;
      try {
        const response = await http.request({
          method: request.method,
          url: request.path,
          params: request.params,
          data: body,
          headers,
        });
        status = response.status;
        data = response.data;
        responseHeaders = response.headers as Record<string, unknown>;
      } catch (error) {
        const errorCode = networkErrorCode(error);
        const failure: AttemptFailure = { kind: 'network', errorCode };
        if (retries < options.maxRetries && isRetryableFailure({ failure, idempotent: request.idempotent })) {
          const delayMs = backoffDelayMs({ retry: retries, random: options.random });
          options.logger?.warn(
            { action: request.action, errorCode, retry: retries + 1, delayMs },
            'HubSpot unreachable; retrying',
          );
          retries += 1;
          await options.sleep(delayMs);
          continue;
        }
        const what = errorCode === 'TIMEOUT' ? `no answer within ${options.timeoutMs} ms` : errorCode;
        throw new HubSpotError(
          `Could not reach HubSpot at ${options.baseUrl} while ${request.action}: ${what} (${retries + 1} attempt${retries ? 's' : ''}).`,
        );
      }

      if ((status >= 200 && status < 300) || request.acceptStatuses?.includes(status)) return { status, data };

      const answer = readHubSpotAnswer(status, data);
      const said = describeAnswer(answer);

      if (status === 429) {
        const retryAfter = headerValue(responseHeaders['retry-after']);
        const waitSeconds = rateLimitWaitSeconds({ policyName: answer.policyName, retryAfter, now: options.now() });
        options.logger?.warn(rateLimitedLine(waitSeconds), 'HubSpot answered 429');
        if (waitSeconds === null) {
          const reset = dailyLimitReset({ retryAfter, now: options.now() });
          throw new HubSpotRateLimitError(
            `HubSpot's daily API limit for this account is used up (policy DAILY) while ${request.action}; ${reset.words}, and HubSpot calls work again then (not retried automatically). HubSpot said: ${said}`,
            answer,
            null,
            reset.resetsAt,
          );
        }
        const maxWaitSeconds = options.maxRateLimitWaitSeconds ?? MAX_RATE_LIMIT_WAIT_SECONDS;
        if (rateLimitRetries >= options.maxRateLimitRetries || waitSeconds > maxWaitSeconds) {
          throw new HubSpotRateLimitError(
            `HubSpot is rate-limiting us (policy ${answer.policyName ?? 'unknown'}) while ${request.action}; try again in ${waitSeconds} s. HubSpot said: ${said}`,
            answer,
            waitSeconds,
          );
        }
        options.onRateLimited?.({ retryInSeconds: waitSeconds, policyName: answer.policyName });
        options.logger?.warn(
          { action: request.action, policyName: answer.policyName, waitSeconds },
          'HubSpot rate limit; waiting',
        );
        rateLimitRetries += 1;
        await options.sleep(waitSeconds * 1000);
        continue;
      }

      if (status === 401) {
        throw new HubSpotAuthError(
          `HubSpot refused our credentials (401) while ${request.action}; reconnect HubSpot or replace the access token. HubSpot said: ${said}`,
          answer,
        );
      }

      const failure: AttemptFailure = { kind: 'status', status };
      if (retries < options.maxRetries && isRetryableFailure({ failure, idempotent: request.idempotent })) {
        const delayMs = backoffDelayMs({ retry: retries, random: options.random });
        options.logger?.warn({ action: request.action, status, retry: retries + 1, delayMs }, 'HubSpot failed; retrying');
        retries += 1;
        await options.sleep(delayMs);
        continue;
      }

      const hint =
        answer.category === 'MISSING_SCOPES'
          ? ' The HubSpot connection lacks a scope this call needs; reconnect with the tickets and crm.objects.contacts.write scopes.'
          : '';
      throw new HubSpotError(`HubSpot answered ${status} while ${request.action}. HubSpot said: ${said}${hint}`, answer);
    }
  };
}

/** The `rate_limited` event (log-events.ts) for each 429, waited out or not. */
const rateLimitedLine = (waitSeconds: number | null) =>
  eventLine(LOG_EVENTS.rateLimited, {
    system: 'hubspot',
    status: 429,
    retryAfterMs: waitSeconds === null ? null : waitSeconds * 1000,
  });

/** HubSpot's error body (`{ status, message, correlationId, category, policyName, ... }`, every field optional). */
export function readHubSpotAnswer(status: number, data: unknown): HubSpotAnswer {
  const body = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const text = (key: string) => (typeof body[key] === 'string' && body[key] ? (body[key] as string) : null);
  // OAuth errors put their kind in `status` (BAD_REFRESH_TOKEN); CRM errors say "error" there.
  const oauthStatus = text('status');
  return {
    status,
    message: text('message') ?? (typeof data === 'string' && data.trim() ? data.trim().slice(0, 300) : null),
    category: text('category') ?? (oauthStatus && oauthStatus !== 'error' ? oauthStatus : null),
    correlationId: text('correlationId'),
    policyName: text('policyName'),
  };
}

function describeAnswer(answer: HubSpotAnswer): string {
  const parts = [`"${answer.message ?? 'no message'}"`];
  if (answer.category) parts.push(`category ${answer.category}`);
  if (answer.correlationId) parts.push(`correlation id ${answer.correlationId}`);
  return `${parts.join(', ')}.`;
}

function networkErrorCode(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return 'TIMEOUT';
    const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
    return error.code ?? (typeof causeCode === 'string' ? causeCode : 'NETWORK_ERROR');
  }
  return 'NETWORK_ERROR';
}

function headerValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}
