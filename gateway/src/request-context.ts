import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';

/**
 * The request being served, carried by the async context rather than passed around: the
 * logger adds its id to every line (logger.ts `mixin`), and HTTP clients to sources send it
 * on (`forwardRequestId`), without connectors knowing about GraphQL or requests.
 */
export interface RequestScope {
  requestId: string;
  /**
   * The W3C trace context the request continues, validated: the caller's `traceparent` (and
   * `tracestate`) in the gateway, the browser's or a new one in the web server. Log lines
   * carry its trace id and calls to other systems send it on, whether or not tracing is on.
   */
  traceContext?: TraceContextHeaders;
}

/** W3C Trace Context headers, by their lowercase names. */
export interface TraceContextHeaders {
  traceparent: string;
  tracestate?: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:-`, at most this long: what our web server, load balancers and scripts send. */
export const MAX_REQUEST_ID_LENGTH = 128;
const REQUEST_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_REQUEST_ID_LENGTH - 1}}$`);

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * The caller's request id when it is one we can log safely (a token of at most
 * MAX_REQUEST_ID_LENGTH letters, digits and `._:-`); otherwise a new UUID. A header is
 * caller-controlled text that ends up in every log line, so nothing else is kept.
 */
export function requestIdFrom(header: string | null | undefined): string {
  const candidate = header?.trim();
  return candidate && REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/** Runs `work` as part of one request: everything it starts, awaited or not, sees the scope. */
export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return scopes.run(scope, work);
}

/** The id of the request being served, or undefined outside any request (startup, timers). */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}

/** The trace context of the request being served, or undefined (outside a request, or none came). */
export function currentTraceContext(): TraceContextHeaders | undefined {
  return scopes.getStore()?.traceContext;
}

/** The trace id of a valid `traceparent` (`00-<trace id>-<parent id>-<flags>`). */
export function traceIdOf(traceparent: string): string {
  return traceparent.slice(3, 35);
}

/**
 * Sends the current request id as `X-Request-Id` on every call of an HTTP client, so a
 * vendor's support can find our calls in their logs. Applied where each source's client is
 * created; calls outside a request go without it.
 */
export function forwardRequestId(client: AxiosInstance): AxiosInstance {
  client.interceptors.request.use((config) => {
    const requestId = currentRequestId();
    if (requestId) config.headers.set('X-Request-Id', requestId);
    return config;
  });
  return client;
}
