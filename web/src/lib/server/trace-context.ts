import { randomBytes } from 'node:crypto';
import { currentTraceContext, type TraceContextHeaders } from '@cdt/gateway/request-context';

/**
 * W3C Trace Context for the web server, which records no spans of its own: each browser
 * request continues the browser's `traceparent` when it sent a well-formed one, else starts
 * a trace of its own (request-log.ts keeps it in the request scope). Every call to the gateway
 * sends it (`traceHeaders`), so the gateway's operation span is its child when the gateway
 * traces, and both servers' log lines carry its `traceId`.
 */

/** Version 00: trace id and parent id in lowercase hex, neither all zeros, then the flags. */
const TRACEPARENT = /^00-(?!0{32}-)[0-9a-f]{32}-(?!0{16}-)[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The W3C limit on a `tracestate` worth passing on; a longer one is dropped, not cut. */
export const MAX_TRACESTATE_LENGTH = 512;
/** Printable ASCII only: list members are `key=value` pairs of it, separated by commas. */
const TRACESTATE = /^[\x20-\x7e]+$/;

/** The browser's trace context when its `traceparent` is well-formed (with its `tracestate`, if sane); else undefined. */
export function traceContextFrom(headers: Headers): TraceContextHeaders | undefined {
  const traceparent = headers.get('traceparent')?.trim();
  if (!traceparent || !TRACEPARENT.test(traceparent)) return undefined;
  const tracestate = headers.get('tracestate')?.trim();
  return tracestate && tracestate.length <= MAX_TRACESTATE_LENGTH && TRACESTATE.test(tracestate)
    ? { traceparent, tracestate }
    : { traceparent };
}

/**
 * A new trace: random trace and parent ids, sampled, so a gateway that traces records the
 * request (the web server has no span to decide with).
 */
export function newTraceContext(): TraceContextHeaders {
  return { traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01` };
}

/** `traceparent` (and `tracestate`) of the request being served, for a call to the gateway; empty outside a request. */
export function traceHeaders(): Record<string, string> {
  const traceContext = currentTraceContext();
  if (!traceContext) return {};
  const { traceparent, tracestate } = traceContext;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
