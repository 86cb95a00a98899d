import { randomUUID } from 'node:crypto';
import { type Handle, type HandleServerError, redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { authHandle, type SessionUser } from '$lib/server/auth';
import { readWebConfig } from '$lib/server/config';
import { createGatewayClient } from '$lib/server/gateway';
import { errorFields, logLine, requestIdHandle } from '$lib/server/request-log';
import { readStepUp, STEP_UP_MAX_AGE_SECONDS } from '$lib/server/step-up';

/** Reachable without signing in: the sign-in page, Auth.js's own routes, and static files. */
const isPublicPath = (path: string) =>
  path === '/signin' || path.startsWith('/auth/') || path === '/favicon.svg' || path === '/robots.txt' || path === '/healthz';

const guard: Handle = async ({ event, resolve }) => {
  const session = isPublicPath(event.url.pathname) && event.url.pathname !== '/signin' ? null : await event.locals.auth();
  const user = (session?.user as SessionUser | undefined)?.id ? (session?.user as SessionUser) : null;
  event.locals.user = user;
  const config = readWebConfig();
  // The latest step-up: from the step-up cookie, or a fresh SSO login recorded in the session.
  event.locals.stepUpAt = () => {
    const fromCookie = readStepUp(event.cookies, config, user?.id ?? null);
    const fromSignIn = user?.stepUpAt && user.stepUpAt + STEP_UP_MAX_AGE_SECONDS > Date.now() / 1000 ? user.stepUpAt : null;
    return Math.max(fromCookie ?? 0, fromSignIn ?? 0) || null;
  };
  event.locals.gateway = createGatewayClient({
    config,
    user,
    requestId: event.locals.requestId,
    stepUpAt: event.locals.stepUpAt,
  });

  if (!user && !isPublicPath(event.url.pathname)) {
    if (event.url.pathname === '/graphql' || event.request.headers.get('accept')?.includes('application/json')) {
      return new Response(
        JSON.stringify({
          errors: [{ message: 'Your session has ended. Sign in again.', extensions: { code: 'UNAUTHENTICATED' } }],
        }),
        {
          status: 401,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    const back = event.url.pathname + event.url.search;
    redirect(303, `/signin${back === '/' ? '' : `?callbackUrl=${encodeURIComponent(back)}`}`);
  }

  const response = await resolve(event, {
    // urql in a server `load` reads content-type from SvelteKit's serialized responses.
    filterSerializedResponseHeaders: (name) => name === 'content-type',
  });
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
  return response;
};

// The request id first: sign-in calls to the gateway (in authHandle) carry it too.
export const handle = sequence(requestIdHandle, authHandle, guard);

/** Unexpected errors: logged with the request id; the user sees the id, never the details. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  const id = event.locals.requestId ?? randomUUID();
  if (status >= 500)
    logLine('error', { requestId: id, route: event.route.id, status, ...errorFields(error) }, 'web server error');
  return { message: status >= 500 ? 'Something went wrong on the web server.' : message, requestId: id };
};
