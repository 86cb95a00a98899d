import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies over MAX_REQUEST_BODY_BYTES with 413 before anything reads them
 * (sign-in routes included), from the declared Content-Length. A body sent without one
 * (chunked) is counted while it is read by yoga's own limit, which createGateway sets to
 * the same size (`maxRequestBodySize`).
 */
export const MAX_REQUEST_BODY_BYTES = 1_000_000;

export function useRequestSizeLimit(options: { maxBytes?: number } = {}): Plugin {
  const maxBytes = options.maxBytes ?? MAX_REQUEST_BODY_BYTES;
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared === null) return;
      if (!/^\d{1,15}$/.test(declared) || Number(declared) > maxBytes) {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                { message: `The request is too large: at most ${maxBytes} bytes.`, extensions: { code: 'REQUEST_TOO_LARGE' } },
              ],
            }),
            { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } },
          ),
        );
      }
    },
  };
}
