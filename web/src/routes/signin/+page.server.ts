import { redirect } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth';
import { readWebConfig } from '$lib/server/config';
import { safeLocalPath } from '$lib/safe-redirect';
import type { Actions, PageServerLoad } from './$types';

/** Messages for Auth.js's `?error=…&code=…` after a refused sign-in. */
const MESSAGES: Record<string, string> = {
  credentials: 'Wrong username or password.',
  rate_limited: 'Too many failed sign-ins for this user. Wait a few minutes and try again.',
  unavailable: 'The gateway could not check your sign-in. Try again in a minute, or tell an administrator.',
  disabled: 'This account is disabled. Ask an administrator.',
  no_email: 'Your SSO account has no email address to match a user.',
};

export const load: PageServerLoad = ({ locals, url }) => {
  const callbackUrl = safeLocalPath(url.searchParams.get('callbackUrl'));
  if (locals.user) redirect(303, callbackUrl);
  const error = url.searchParams.get('error');
  const code = url.searchParams.get('code');
  return {
    callbackUrl,
    error: error ? (MESSAGES[code ?? ''] ?? (error === 'CredentialsSignin' ? MESSAGES.credentials : 'Sign-in failed. Try again.')) : null,
    sso: readWebConfig().oidc ? { name: readWebConfig().oidc?.name ?? 'SSO' } : null,
  };
};

export const actions: Actions = { default: signIn };
