import type { SessionUser } from './auth';
import type { WebServerConfig } from './config';
import { delegatedHeaders } from './gateway';

/** GraphQL requests bigger than this are refused before they reach the gateway. */
export const MAX_PROXY_BODY_BYTES = 1_000_000;

const jsonError = (status: number, message: string, code: string) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

/**
 * Forwards the browser's GraphQL POST to the gateway as the signed-in user. Only same-origin
 * JSON is accepted: a cross-site page can neither send JSON without a CORS preflight (which
 * we never answer) nor pass the Origin check, so this endpoint needs no CSRF token.
 */
export async function proxyGraphQL(options: {
  request: Request;
  url: URL;
  user: SessionUser | null;
  config: WebServerConfig;
  requestId: string;
  /** The confirmed step-up (Unix seconds), sent as the token's stepUpAt claim. */
  stepUpAt?: number | null;
  fetcher?: typeof fetch;
}): Promise<Response> {
  const { request, config } = options;
  if (!options.user) return jsonError(401, 'Your session has ended. Sign in again.', 'UNAUTHENTICATED');
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== options.url.origin)
    return jsonError(403, 'Cross-site GraphQL requests are refused.', 'FORBIDDEN');
  if (request.headers.get('sec-fetch-site') === 'cross-site')
    return jsonError(403, 'Cross-site GraphQL requests are refused.', 'FORBIDDEN');
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return jsonError(415, 'Send GraphQL as application/json.', 'BAD_REQUEST');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_PROXY_BODY_BYTES)
    return jsonError(413, `The request is too large (at most ${MAX_PROXY_BODY_BYTES} bytes).`, 'BAD_REQUEST');
  const body = await request.text();
  if (body.length > MAX_PROXY_BODY_BYTES)
    return jsonError(413, `The request is too large (at most ${MAX_PROXY_BODY_BYTES} bytes).`, 'BAD_REQUEST');
  if (!config.sessionSecret) {
    return jsonError(503, 'The web server cannot act for you: WEB_SESSION_SECRET is not set.', 'NOT_CONFIGURED');
  }

  let upstream: Response;
  try {
    upstream = await (options.fetcher ?? fetch)(config.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: request.headers.get('accept') ?? 'application/graphql-response+json, application/json',
        ...delegatedHeaders(config, options.user, options.requestId, { stepUpAt: options.stepUpAt ?? null }),
      },
      body,
      signal: AbortSignal.timeout(120_000),
    });
  } catch {
    return jsonError(502, `The gateway is not reachable at ${config.gatewayUrl}.`, 'GATEWAY_UNREACHABLE');
  }
  const headers = new Headers({ 'cache-control': 'no-store' });
  const type = upstream.headers.get('content-type');
  if (type) headers.set('content-type', type);
  return new Response(upstream.body, { status: upstream.status, headers });
}
