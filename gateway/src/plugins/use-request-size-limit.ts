import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies over MAX_REQUEST_BODY_BYTES with 413 before anything reads them
 * (sign-in routes included), from the declared Content-Length. A body sent without one
 * (chunked) is counted while it is read by yoga's own limit, which createGateway sets to
 * the same size (`maxRequestBodySize`).
 *
 * GraphQL multipart requests (file uploads: `uploadSourceBundle`) may be larger, up to
 * `multipartMaxBytes`; yoga's own limit is then set to that size, and this plugin counts the
 * bodies of every other request sent without Content-Length itself.
 */
export const MAX_REQUEST_BODY_BYTES = 1_000_000;
/** Room for the multipart framing and the `operations` and `map` fields around an uploaded file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export function useRequestSizeLimit(options: { maxBytes?: number; multipartMaxBytes?: number } = {}): Plugin {
  const maxBytes = options.maxBytes ?? MAX_REQUEST_BODY_BYTES;
  const multipartMaxBytes = Math.max(maxBytes, options.multipartMaxBytes ?? maxBytes);
  const isMultipart = (request: Request) =>
    request.method === 'POST' && (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
  const limitFor = (request: Request) => (isMultipart(request) ? multipartMaxBytes : maxBytes);
  const tooLarge = (limit: number, fetchAPI: { Response: typeof Response }) =>
    new fetchAPI.Response(
      JSON.stringify({
        errors: [{ message: `The request is too large: at most ${limit} bytes.`, extensions: { code: 'REQUEST_TOO_LARGE' } }],
      }),
      { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } },
    );
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared === null) return;
      const limit = limitFor(request);
      if (!/^\d{1,15}$/.test(declared) || Number(declared) > limit) endResponse(tooLarge(limit, fetchAPI));
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // Only needed when yoga's own limit was raised for uploads: count undeclared non-multipart bodies.
      if (multipartMaxBytes === maxBytes || isMultipart(request) || !requestParser || !request.body) return;
      if (request.headers.get('content-length') !== null) return;
      const parse = requestParser;
      setRequestParser((original) => {
        let read = 0;
        const counted = original.body?.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > maxBytes) {
                // As yoga's own limit fails: a GraphQL error with HTTP 413.
                controller.error(
                  new GraphQLError(`The request is too large: at most ${maxBytes} bytes.`, {
                    extensions: { code: 'REQUEST_TOO_LARGE', http: { status: 413 } },
                  }),
                );
              } else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(original.url, {
            method: original.method,
            headers: original.headers,
            signal: original.signal,
            body: counted,
            // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types lack it.
            duplex: 'half',
          }),
        );
      });
    },
  };
}
