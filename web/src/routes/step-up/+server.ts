import { json } from '@sveltejs/kit';
import { readWebConfig } from '$lib/server/config';
import { stepUp } from '$lib/server/gateway-auth';
import { writeStepUp } from '$lib/server/step-up';
import type { RequestHandler } from './$types';

/**
 * The step-up dialog posts here: { password, totp? }. The gateway checks them (POST
 * /auth/step-up); on success this browser's step-up cookie lets production data through for
 * 15 minutes. Same-origin JSON only, like /graphql.
 */
export const POST: RequestHandler = async ({ request, url, locals, cookies }) => {
  if (!locals.user) return json({ ok: false, reason: 'credentials', message: 'Sign in first.' }, { status: 401 });
  const origin = request.headers.get('origin');
  if ((origin !== null && origin !== url.origin) || !request.headers.get('content-type')?.startsWith('application/json')) {
    return json({ ok: false, reason: 'forbidden', message: 'Cross-site requests are refused.' }, { status: 403 });
  }
  const body = (await request.json().catch(() => ({}))) as { password?: unknown; totp?: unknown };
  const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : undefined;
  const totp = typeof body.totp === 'string' ? body.totp.replace(/\s+/g, '').slice(0, 12) : undefined;
  const config = readWebConfig();
  const result = await stepUp(config, { id: locals.user.id, password: password || undefined, totp: totp || undefined });
  if (!result.ok)
    return json(result, { status: result.reason === 'rate_limited' ? 429 : result.reason === 'unavailable' ? 502 : 401 });
  writeStepUp(cookies, config, { userId: locals.user.id, stepUpAt: result.stepUpAt, secure: url.protocol === 'https:' });
  return json({ ok: true, expiresAt: result.expiresAt });
};
