import { SpanKind } from '@opentelemetry/api';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { eventLine, LOG_EVENTS } from '../../log-events';
import { forwardRequestId } from '../../request-context';
import { forwardTraceContext, withSpan } from '../../tracing';
import type { ConcurrencyLimit } from './concurrency-limit';
import { OneRosterApiError, type OneRosterFailure } from './errors';
import { recordHttpCall } from './http-call-counter';
import { MAX_QUOTED_ANSWER_CHARS, MAX_RESPONSE_BYTES } from './limits';
import { isRetryableStatus, parseRetryAfterMs, retryDelayMs } from './retry-policy';

/** The part of a pino logger the connector uses. */
export interface OneRosterLogger {
  warn(details: object, message: string): void;
}

/** One HTTP attempt, as the call-counter hook sees it. Never carries headers or bodies. */
export interface HttpCallEvent {
  customerId: string;
  /** e.g. "OneRoster 1.2 API", "ClassLink OneRoster proxy". */
  system: string;
  method: 'GET' | 'POST';
  /** Path and query under the API base (the token URL's path for token requests). */
  endpoint: string;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  /** 1 for the first attempt of a call, 2 for its first retry... */
  attempt: number;
  durationMs: number;
}

export interface TransportOptions {
  customerId: string;
  system: string;
  timeoutMs: number;
  maxRetries: number;
  /** A Retry-After longer than this fails the call instead of being waited out. */
  maxRetryAfterMs: number;
  /** Shared by every call to one source; null for calls that must not queue (token requests). */
  limit: ConcurrencyLimit | null;
  onHttpCall?: (event: HttpCallEvent) => void;
  logger?: OneRosterLogger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  /** Values that must never appear in a message (client secret, current tokens). */
  secrets: () => readonly string[];
}

export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Absolute URL, already encoded (urls.ts). */
  url: string;
  /** How the endpoint reads in messages. */
  endpoint: string;
  /** Headers for one attempt: a fresh OAuth 1.0a signature or the current token each time. */
  headers: () => Promise<Record<string, string>>;
  body?: string;
  /** Statuses that are an answer rather than a failure (404 for a lookup by id); `any` takes every HTTP answer. */
  acceptStatuses?: readonly number[] | 'any';
  /** False to skip JSON parsing (a reachability probe does not care what the body is). */
  parseBody?: boolean;
  /** Told of a 401; returning true retries once at once (the token was dropped and will be fetched again). */
  onUnauthorized?: () => boolean;
  /** A sentence added to the error for this status (what to check), or null. */
  hint?: (status: number) => string | null;
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON; null for an empty body. */
  body: unknown;
  header(name: string): string | null;
  /** The URL requested (absolute). */
  url: string;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** A failed attempt: what it was, whether it may be retried, and how long the server asked us to wait. */
interface AttemptFailure {
  failure: OneRosterFailure;
  status: number | null;
  retryable: boolean;
  retryAfterMs: number | null;
  /** "answered 500 Internal Server Error. The server said: …" */
  what: string;
  cause?: unknown;
}

/**
 * The one HTTP path of a source: timeouts on every attempt, retries with backoff and jitter on
 * 429, 5xx, network failures and cut-off bodies (honouring Retry-After), a concurrency cap,
 * a call event per attempt, and errors worded for a support engineer. Statuses are checked
 * here rather than by axios so every failure reads the same.
 */
export function createTransport(options: TransportOptions): Transport {
  const http: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    validateStatus: () => true,
    responseType: 'text',
    // Parsed below, so a cut-off body is an error we can name rather than a string passed on.
    transformResponse: [(data: unknown) => data],
    maxContentLength: MAX_RESPONSE_BYTES,
    // Credentials must not follow a redirect to wherever it points.
    maxRedirects: 0,
    headers: { Accept: 'application/json' },
  });
  // X-Request-Id and traceparent on every attempt; traceparent names that attempt's source.http span.
  forwardTraceContext(forwardRequestId(http));

  async function attempt(request: TransportRequest, number: number): Promise<TransportResponse | AttemptFailure> {
    const run = async (): Promise<TransportResponse | AttemptFailure> => {
      // Inside the slot, so an OAuth 1.0a timestamp is fresh when sent. A failure here (the token
      // request failed, after its own retries) is not an attempt of this call.
      const headers = await request.headers();
      if (request.body !== undefined) headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
      const started = options.now();
      let status: number | null = null;
      try {
        const response = await withSpan('source.http', sourceSpan(request, number), () =>
          http.request<string>({
            method: request.method,
            url: request.url,
            headers,
            data: request.body,
            // axios's own timeout only watches an idle socket; this bounds the whole exchange.
            signal: AbortSignal.timeout(options.timeoutMs),
          }),
        );
        status = response.status;
        return readResponse({ request, status, text: response.data, headers: response.headers as Record<string, unknown> });
      } catch (error) {
        if (!isAxiosError(error)) throw error;
        return networkFailure(error, options.timeoutMs);
      } finally {
        const event: HttpCallEvent = {
          customerId: options.customerId,
          system: options.system,
          method: request.method,
          endpoint: request.endpoint,
          status,
          attempt: number,
          durationMs: options.now() - started,
        };
        recordHttpCall(event);
        options.onHttpCall?.(event);
      }
    };
    return options.limit ? options.limit.run(run) : run();
  }

  function readResponse(input: {
    request: TransportRequest;
    status: number;
    text: unknown;
    headers: Record<string, unknown>;
  }): TransportResponse | AttemptFailure {
    const { request, status } = input;
    const text = typeof input.text === 'string' ? input.text : input.text == null ? '' : String(input.text);
    const header = (name: string): string | null => headerValue(input.headers[name.toLowerCase()]);
    const accepted = request.acceptStatuses === 'any' || (request.acceptStatuses?.includes(status) ?? false);
    const answered = (status >= 200 && status < 300) || accepted;

    if (answered) {
      if (text.trim() === '' || request.parseBody === false) return { status, body: null, header, url: request.url };
      try {
        return { status, body: JSON.parse(text), header, url: request.url };
      } catch (error) {
        // Almost always a body cut off on the way (a proxy, a dropped connection): worth another try.
        return {
          failure: 'BAD_RESPONSE',
          status,
          retryable: true,
          retryAfterMs: null,
          what: `answered ${status} but the body is not valid JSON (${text.length} characters ending "${redact(tail(text), options.secrets())}"); the answer was probably cut off`,
          cause: error,
        };
      }
    }

    const said = serverSaid(text, options.secrets());
    const statusText = `${status}${STATUS_NAMES[status] ? ` ${STATUS_NAMES[status]}` : ''}`;
    if (status >= 300 && status < 400) {
      const location = header('location');
      return {
        failure: 'REJECTED',
        status,
        retryable: false,
        retryAfterMs: null,
        what: `answered ${statusText}, a redirect${location ? ` to ${originAndPath(location)}` : ''}; set the api_url to the address it redirects to`,
      };
    }
    const failure: OneRosterFailure =
      status === 401
        ? 'UNAUTHORIZED'
        : status === 403
          ? 'FORBIDDEN'
          : status === 404
            ? 'NOT_FOUND'
            : status === 429
              ? 'RATE_LIMITED'
              : status >= 500
                ? 'SERVER_ERROR'
                : 'REJECTED';
    return {
      failure,
      status,
      retryable: isRetryableStatus(status),
      retryAfterMs: status === 429 || status === 503 ? parseRetryAfterMs(header('retry-after'), options.now()) : null,
      what: `answered ${statusText}${said ? `. The server said: "${said}"` : ' with no explanation'}`,
    };
  }

  return async function send(request) {
    let attempts = 0;
    let retries = 0;
    let refreshedCredentials = false;
    for (;;) {
      attempts++;
      const outcome = await attempt(request, attempts);
      if (!('failure' in outcome)) return outcome;
      if (outcome.status === 429) options.logger?.warn(rateLimitedLine(outcome), `${options.system} answered 429`);

      // A token the server no longer takes (expired early, revoked): fetch a new one, once.
      if (outcome.failure === 'UNAUTHORIZED' && !refreshedCredentials && request.onUnauthorized?.()) {
        refreshedCredentials = true;
        continue;
      }
      if (outcome.retryable && retries < options.maxRetries) {
        if (outcome.retryAfterMs !== null && outcome.retryAfterMs > options.maxRetryAfterMs) {
          const asked = Math.ceil(outcome.retryAfterMs / 1000);
          const limit = Math.round(options.maxRetryAfterMs / 1000);
          throw fail(
            request,
            outcome,
            attempts,
            ` It asked us to wait ${asked} s (Retry-After), longer than the ${limit} s we wait; try again later.`,
          );
        }
        const delayMs = retryDelayMs({ retry: retries, retryAfterMs: outcome.retryAfterMs, random: options.random });
        options.logger?.warn(
          {
            customerId: options.customerId,
            system: options.system,
            endpoint: request.endpoint,
            status: outcome.status,
            failure: outcome.failure,
            retry: retries + 1,
            delayMs,
          },
          `${options.system} call failed; retrying`,
        );
        retries++;
        await options.sleep(delayMs);
        continue;
      }
      const hint = outcome.status !== null ? request.hint?.(outcome.status) : null;
      throw fail(request, outcome, attempts, hint ? ` ${hint}` : '');
    }
  };

  /** The span of one attempt: the API's host and path (not the query: filters may quote names). */
  function sourceSpan(request: TransportRequest, attemptNumber: number) {
    const url = new URL(request.url);
    return {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': request.method,
        'server.address': url.host,
        'url.path': url.pathname,
        'cdt.source.system': options.system,
        'cdt.customer_id': options.customerId,
        'cdt.attempt': attemptNumber,
      },
    };
  }

  /** The `rate_limited` event (log-events.ts) of one 429, waited out or not. */
  function rateLimitedLine(outcome: AttemptFailure) {
    return eventLine(LOG_EVENTS.rateLimited, {
      system: options.system,
      customerId: options.customerId,
      status: 429,
      retryAfterMs: outcome.retryAfterMs,
    });
  }

  function fail(request: TransportRequest, outcome: AttemptFailure, attempts: number, extra: string): OneRosterApiError {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    return new OneRosterApiError({
      message: `${options.system} for customer "${options.customerId}": ${request.method} ${request.endpoint} ${outcome.what} (${tries}).${extra}`,
      failure: outcome.failure,
      status: outcome.status,
      endpoint: request.endpoint,
      customerId: options.customerId,
      attempts,
      cause: outcome.cause,
    });
  }
}

function networkFailure(error: unknown, timeoutMs: number): AttemptFailure {
  const code = networkErrorCode(error);
  if (code === 'TIMEOUT') {
    return {
      failure: 'TIMEOUT',
      status: null,
      retryable: true,
      retryAfterMs: null,
      what: `got no answer within ${timeoutMs} ms`,
      cause: error,
    };
  }
  return {
    failure: 'UNREACHABLE',
    status: null,
    retryable: true,
    retryAfterMs: null,
    what: `got no answer (${code})`,
    cause: error,
  };
}

function networkErrorCode(error: unknown): string {
  if (isAxiosError(error)) {
    // ERR_CANCELED: our AbortSignal.timeout fired.
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED') return 'TIMEOUT';
    const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
    if (typeof causeCode === 'string') return causeCode;
    return error.code ?? 'NETWORK_ERROR';
  }
  return 'NETWORK_ERROR';
}

/**
 * The explanation in an error body: OneRoster's imsx_description (with its code minor), OAuth's
 * error_description, a `message`, or the start of a text body. Known secrets are redacted.
 */
export function serverSaid(text: string, secrets: readonly string[]): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  let said: string | null = null;
  try {
    said = explanation(JSON.parse(trimmed));
  } catch {
    said = null;
  }
  if (said === null) said = trimmed.replace(/<[^>]*>/g, ' ');
  const collapsed = said.replace(/\s+/g, ' ').trim();
  const short = collapsed.length > MAX_QUOTED_ANSWER_CHARS ? `${collapsed.slice(0, MAX_QUOTED_ANSWER_CHARS)}…` : collapsed;
  return redact(short, secrets);
}

function explanation(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' ? body : null;
  const record = body as Record<string, unknown>;
  // OneRoster 1.1 wraps status in imsx_statusInfo (sometimes a set of them).
  const info = (record.imsx_statusInfo ?? (record.statusInfoSet as unknown[] | undefined)?.[0]) as
    | Record<string, unknown>
    | undefined;
  if (info && typeof info === 'object') {
    const nested = explanation(info);
    if (nested) return nested;
  }
  const text = (key: string) => (typeof record[key] === 'string' && record[key] ? (record[key] as string) : null);
  const minor = codeMinor(record.imsx_CodeMinor ?? record.imsx_codeMinor);
  // OAuth errors: `error` is the code (invalid_client), `error_description` the sentence.
  const code = minor ?? (text('error_description') ? text('error') : null);
  const description =
    text('imsx_description') ?? text('error_description') ?? text('message') ?? text('description') ?? text('error');
  if (description && code && !description.includes(code)) return `${description} (${code})`;
  return description ?? code;
}

function codeMinor(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return null;
  const fields = (value as { imsx_codeMinorField?: unknown }).imsx_codeMinorField;
  const first = Array.isArray(fields) ? fields[0] : fields;
  if (first && typeof first === 'object') {
    const minorValue = (first as { imsx_codeMinorFieldValue?: unknown }).imsx_codeMinorFieldValue;
    if (typeof minorValue === 'string') return minorValue;
  }
  return null;
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  // Short values would redact ordinary words; secrets and tokens are long.
  for (const secret of secrets) if (secret.length >= 6) result = result.split(secret).join('[redacted]');
  return result;
}

function tail(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ');
  return collapsed.length > 40 ? `…${collapsed.slice(-40)}` : collapsed;
}

function originAndPath(location: string): string {
  try {
    const url = new URL(location);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'another address';
  }
}

function headerValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(', ');
  return null;
}

const STATUS_NAMES: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
