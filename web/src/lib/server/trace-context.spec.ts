import { runInRequestScope } from '@cdt/gateway/request-context';
import { describe, expect, it } from 'vitest';
import { MAX_TRACESTATE_LENGTH, newTraceContext, traceContextFrom, traceHeaders } from './trace-context';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe("traceContextFrom (the browser's traceparent)", () => {
  it('keeps a well-formed traceparent with its tracestate', () => {
    expect(traceContextFrom(new Headers({ traceparent: TRACEPARENT, tracestate: 'rum=abc,other=1' }))).toEqual({
      traceparent: TRACEPARENT,
      tracestate: 'rum=abc,other=1',
    });
    expect(traceContextFrom(new Headers({ traceparent: TRACEPARENT }))).toEqual({ traceparent: TRACEPARENT });
  });

  it('ignores a malformed traceparent, and drops a tracestate too long or not printable ASCII', () => {
    for (const traceparent of [
      'garbage',
      TRACEPARENT.toUpperCase(),
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`,
      `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`,
      `${TRACEPARENT}-extra`,
    ]) {
      expect(traceContextFrom(new Headers({ traceparent })), traceparent).toBeUndefined();
    }
    expect(traceContextFrom(new Headers())).toBeUndefined();
    const long = `rum=${'a'.repeat(MAX_TRACESTATE_LENGTH)}`;
    expect(traceContextFrom(new Headers({ traceparent: TRACEPARENT, tracestate: long }))).toEqual({ traceparent: TRACEPARENT });
    expect(traceContextFrom(new Headers({ traceparent: TRACEPARENT, tracestate: 'rum=é' }))).toEqual({
      traceparent: TRACEPARENT,
    });
  });
});

describe('newTraceContext', () => {
  it('makes a sampled version-00 traceparent with fresh ids each time', () => {
    const first = newTraceContext();
    const second = newTraceContext();
    expect(first.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceContextFrom(new Headers({ ...first }))).toEqual(first);
    expect(second.traceparent.slice(3, 35)).not.toBe(first.traceparent.slice(3, 35));
  });
});

describe('traceHeaders (sent on every gateway call)', () => {
  it("sends the request scope's trace context, and nothing outside a request", () => {
    expect(traceHeaders()).toEqual({});
    const traceContext = { traceparent: TRACEPARENT, tracestate: 'rum=abc' };
    expect(runInRequestScope({ requestId: 'r-1', traceContext }, traceHeaders)).toEqual(traceContext);
    expect(runInRequestScope({ requestId: 'r-2', traceContext: { traceparent: TRACEPARENT } }, traceHeaders)).toEqual({
      traceparent: TRACEPARENT,
    });
  });
});
