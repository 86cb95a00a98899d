import type { Plugin } from 'graphql-yoga';
import { REQUEST_ID_HEADER, requestIdFrom, runInRequestScope } from '../request-context';
import { traceContextFrom } from '../tracing';

/**
 * Gives every HTTP request one id: the caller's `X-Request-Id` when it is a safe token
 * (the web server sends its own), else a new UUID. The whole handling runs in that request's
 * scope, so every log line it causes carries the id, and the answer says it back in
 * `X-Request-Id` (for a user's bug report, or a script's logs). The caller's W3C trace
 * context (`traceparent`, which the web server always sends) joins the scope too: log lines
 * carry its `traceId`, the operation span is its child (use-tracing.ts), and calls to
 * sources send it on.
 */
export function useRequestId(): Plugin {
  const ids = new WeakMap<Request, string>();
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
        ids.set(request, requestId);
        return runInRequestScope({ requestId, traceContext: traceContextFrom(request.headers) }, wrapped);
      },
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId) response.headers.set(REQUEST_ID_HEADER, requestId);
    },
  };
}
