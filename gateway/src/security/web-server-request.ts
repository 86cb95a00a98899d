import { checkSecret, verifyWebServerRequest, WEB_SIGNATURE_HEADER } from '../auth/delegated-session';

/** Bodies of the web server's own calls (sign-in, step-up) are small JSON objects. */
export const MAX_WEB_REQUEST_BYTES = 4096;

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

/**
 * Reads a call only the web server may make: POST, a small JSON body, and X-CDT-Web-Signature
 * over method, path and body (auth/delegated-session.ts). Returns the parsed body, or the
 * response refusing it. `request` may be a clone: the body is read here.
 */
export async function readSignedWebRequest(options: {
  request: Request;
  path: string;
  secret: string | undefined;
  now?: Date;
}): Promise<{ ok: true; body: unknown; text: string } | { ok: false; response: Response }> {
  const { request, path } = options;
  if (request.method !== 'POST')
    return { ok: false, response: jsonResponse(405, { error: `${path} accepts POST only.` }, { allow: 'POST' }) };
  if (!checkSecret(options.secret)) {
    return {
      ok: false,
      response: jsonResponse(503, {
        error: 'Web sign-in is not configured on the gateway: set WEB_SESSION_SECRET (at least 32 characters).',
      }),
    };
  }
  const tooLarge = () => ({
    ok: false as const,
    response: jsonResponse(413, { error: `The body is too large: at most ${MAX_WEB_REQUEST_BYTES} bytes.` }),
  });
  if (Number(request.headers.get('content-length') ?? '0') > MAX_WEB_REQUEST_BYTES) return tooLarge();
  const text = await request.text();
  if (text.length > MAX_WEB_REQUEST_BYTES) return tooLarge();
  const signed = verifyWebServerRequest({
    secret: options.secret,
    header: request.headers.get(WEB_SIGNATURE_HEADER),
    method: request.method,
    path,
    body: text,
    now: options.now,
  });
  if (!signed) {
    return {
      ok: false,
      response: jsonResponse(403, { error: `${path} only answers the web server: missing or invalid ${WEB_SIGNATURE_HEADER}.` }),
    };
  }
  try {
    return { ok: true, body: JSON.parse(text), text };
  } catch {
    return { ok: false, response: jsonResponse(400, { error: 'Expected a JSON body.' }) };
  }
}
