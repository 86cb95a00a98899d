import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { checkSecret, verifyWebServerRequest, WEB_SIGNATURE_HEADER } from '../auth/delegated-session';
import { type AppUser, findActiveUser, findOrCreateExternalUser, verifyPassword, WRONG_CREDENTIALS } from '../auth/users';
import type { SqlClient } from '../db/sql-client';
import { AppError } from '../errors';

/**
 * The web server's sign-in routes, served beside /graphql:
 *
 * - `POST /auth/password` `{ username, password }` → `200 { user }` or `401 { error }`
 * - `POST /auth/external` `{ username, displayName? }` → the app user an OIDC identity stands
 *   for, created on first sign-in with the default role; `403` when that user is disabled
 * - `POST /auth/refresh` `{ id }` → the user as it is now (role changes), `401` when disabled
 *
 * Only the web server may call them: each request carries `X-CDT-Web-Signature`, a MAC of
 * method, path, body and time under WEB_SESSION_SECRET (see auth/delegated-session.ts).
 * Without the secret configured they answer 503, and nothing else in the gateway changes.
 */
export const WEB_AUTH_PATHS = ['/auth/password', '/auth/external', '/auth/refresh'] as const;

/** Sign-in bodies are a username and a password: anything bigger is not a sign-in. */
export const MAX_BODY_BYTES = 4096;
/** Failed password sign-ins per username before it is refused for the rest of the window. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60_000;

export interface WebAuthOptions {
  db: SqlClient;
  /** WEB_SESSION_SECRET, shared with the web server. */
  secret: string | undefined;
  /** Role of users created by a first OIDC sign-in (OIDC_DEFAULT_ROLE; default viewer). */
  externalDefaultRole?: string;
  now?: () => Date;
}

const passwordBody = z.object({ username: z.string().max(200), password: z.string().max(1024) });
const externalBody = z.object({ username: z.string().trim().min(2).max(200), displayName: z.string().max(200).optional() });
const refreshBody = z.object({ id: z.string().regex(/^\d{1,18}$/) });

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

const publicUser = (user: AppUser) => ({ id: user.id, username: user.username, displayName: user.displayName, role: user.role });

export function useWebAuth(options: WebAuthOptions): Plugin {
  const now = options.now ?? (() => new Date());
  const failures = new Map<string, number[]>();

  const recentFailures = (username: string) => {
    const since = now().getTime() - FAILURE_WINDOW_MS;
    const list = (failures.get(username) ?? []).filter((at) => at > since);
    if (list.length) failures.set(username, list);
    else failures.delete(username);
    return list;
  };

  const audit = (actor: string, action: string, detail: Record<string, unknown>) =>
    options.db
      .query('INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3::jsonb)', [actor, action, JSON.stringify(detail)])
      .catch(() => {});

  async function handle(path: (typeof WEB_AUTH_PATHS)[number], request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(405, { error: `${path} accepts POST only.` }, { allow: 'POST' });
    if (!checkSecret(options.secret)) {
      return json(503, {
        error: 'Web sign-in is not configured on the gateway: set WEB_SESSION_SECRET (at least 32 characters).',
      });
    }
    const length = Number(request.headers.get('content-length') ?? '0');
    if (length > MAX_BODY_BYTES) return json(413, { error: `The body is too large: at most ${MAX_BODY_BYTES} bytes.` });
    const body = await request.text();
    if (body.length > MAX_BODY_BYTES) return json(413, { error: `The body is too large: at most ${MAX_BODY_BYTES} bytes.` });
    const signed = verifyWebServerRequest({
      secret: options.secret,
      header: request.headers.get(WEB_SIGNATURE_HEADER),
      method: request.method,
      path,
      body,
      now: now(),
    });
    if (!signed) return json(403, { error: `${path} only answers the web server: missing or invalid ${WEB_SIGNATURE_HEADER}.` });

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return json(400, { error: 'Expected a JSON body.' });
    }

    if (path === '/auth/password') {
      const input = passwordBody.safeParse(parsed);
      if (!input.success) return json(400, { error: 'Expected { "username": string, "password": string }.' });
      const username = input.data.username.trim().toLowerCase();
      const recent = recentFailures(username);
      if (recent.length >= MAX_FAILURES) {
        const retryAfter = Math.max(1, Math.ceil(((recent[0] as number) + FAILURE_WINDOW_MS - now().getTime()) / 1000));
        await audit(username, 'sign_in_refused', { reason: 'too_many_failures' });
        return json(
          429,
          { error: `Too many failed sign-ins for this user. Try again in ${retryAfter} s.`, retryAfter },
          { 'retry-after': String(retryAfter) },
        );
      }
      const result = await verifyPassword({ db: options.db, username, password: input.data.password });
      if (!result.ok) {
        failures.set(username, [...recent, now().getTime()]);
        await audit(username || '(empty)', 'sign_in_failed', { method: 'password' });
        return json(401, { error: WRONG_CREDENTIALS });
      }
      failures.delete(username);
      await audit(`user:${result.user.id}`, 'sign_in', { method: 'password' });
      return json(200, { user: publicUser(result.user) });
    }

    if (path === '/auth/external') {
      const input = externalBody.safeParse(parsed);
      if (!input.success) return json(400, { error: 'Expected { "username": string, "displayName"?: string }.' });
      const user = await findOrCreateExternalUser({
        db: options.db,
        username: input.data.username,
        displayName: input.data.displayName,
        defaultRole: options.externalDefaultRole ?? 'viewer',
      });
      if (!user) {
        await audit(input.data.username.toLowerCase(), 'sign_in_failed', { method: 'oidc', reason: 'disabled' });
        return json(403, { error: 'This account is disabled. Ask an administrator.' });
      }
      await audit(`user:${user.id}`, 'sign_in', { method: 'oidc' });
      return json(200, { user: publicUser(user) });
    }

    const input = refreshBody.safeParse(parsed);
    if (!input.success) return json(400, { error: 'Expected { "id": string }.' });
    const user = await findActiveUser({ db: options.db, id: input.data.id });
    return user ? json(200, { user: publicUser(user) }) : json(401, { error: 'This account no longer exists or is disabled.' });
  }

  return {
    async onRequest({ request, url, endResponse }) {
      const path = WEB_AUTH_PATHS.find((candidate) => candidate === url.pathname);
      if (!path) return;
      try {
        endResponse(await handle(path, request));
      } catch (error) {
        // Input errors (a bad OIDC username) are the caller's; anything else stays internal.
        endResponse(
          error instanceof AppError
            ? json(400, { error: error.message })
            : json(500, { error: 'Sign-in failed on the gateway.' }),
        );
      }
    },
  };
}
