import {
  currentRequestId,
  currentTraceContext,
  REQUEST_ID_HEADER,
  requestIdFrom,
  runInRequestScope,
  traceIdOf,
} from '@cdt/gateway/request-context';
import type { Handle } from '@sveltejs/kit';
import { newTraceContext, traceContextFrom } from './trace-context';

type Level = 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { info: 30, warn: 40, error: 50 };

/**
 * One JSON line on stdout, shaped like the gateway's pino lines (`level`, `time`, `service`,
 * `requestId`, `traceId`, `msg`), so CloudWatch Logs Insights reads both the same way and
 * joins them on either id. Ids, routes, codes and durations only: never names, emails,
 * queries or form values.
 */
export function logLine(level: Level, fields: Record<string, unknown>, msg: string): void {
  const requestId = currentRequestId();
  const traceContext = currentTraceContext();
  const line = {
    level: LEVELS[level],
    time: Date.now(),
    service: 'cdt-web',
    ...(requestId ? { requestId } : {}),
    ...(traceContext ? { traceId: traceIdOf(traceContext.traceparent) } : {}),
    ...fields,
    msg,
  };
  (level === 'info' ? console.log : console.error)(JSON.stringify(line));
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const QUOTED = /"[^"\n]*"|'[^'\n]*'|“[^”\n]*”/g;

/** An error as a log line may hold it: its type, its message without what it quotes or any email, a few frames. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return {
    type: error.name,
    message: error.message.replace(EMAIL, '[email]').replace(QUOTED, '"[…]"').slice(0, 500),
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 8)
      .join('\n'),
  };
}

/** Load balancer health checks: answered, not logged. */
const UNLOGGED_PATHS = new Set(['/healthz']);

/**
 * First handle of all: gives the request its id (the caller's `X-Request-Id` when it is a
 * safe token, else a new UUID) and its W3C trace context (the browser's `traceparent` when
 * well-formed, else a new one), runs everything after it in that request's scope — so every
 * call to the gateway sends both on (gateway.ts, gateway-auth.ts) and every line logged has
 * both — answers with the id in `X-Request-Id`, and logs one line per request with the route
 * (`/(app)/districts/[id]`, never the path or query, which may hold names).
 */
export const requestIdHandle: Handle = ({ event, resolve }) => {
  const requestId = requestIdFrom(event.request.headers.get(REQUEST_ID_HEADER));
  event.locals.requestId = requestId;
  const traceContext = traceContextFrom(event.request.headers) ?? newTraceContext();
  return runInRequestScope({ requestId, traceContext }, async () => {
    const started = performance.now();
    const response = await resolve(event);
    try {
      response.headers.set(REQUEST_ID_HEADER, requestId);
    } catch {
      // A response with immutable headers (a fetched one passed through) goes without it.
    }
    if (!UNLOGGED_PATHS.has(event.url.pathname)) {
      logLine(
        'info',
        {
          method: event.request.method,
          route: event.route.id,
          status: response.status,
          durationMs: Math.round(performance.now() - started),
        },
        'web request',
      );
    }
    return response;
  });
};
