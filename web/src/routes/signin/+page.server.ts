import { AuthError, CredentialsSignin } from '@auth/sveltekit';
import { fail, redirect } from '@sveltejs/kit';
import { safeLocalPath } from '$lib/safe-redirect';
import { signIn } from '$lib/server/auth';
import { readWebConfig } from '$lib/server/config';
import type { Actions, PageServerLoad } from './$types';

/** Messages for a refused sign-in (the `code` of Auth.js's CredentialsSignin, or `?code=` after SSO). */
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
  const oidc = readWebConfig().oidc;
  return {
    callbackUrl,
    error: error
      ? (MESSAGES[code ?? ''] ?? (error === 'CredentialsSignin' ? MESSAGES.credentials : 'Sign-in failed. Try again.'))
      : null,
    sso: oidc ? { name: oidc.name } : null,
  };
};

export const actions: Actions = {
  /**
   * Auth.js signs in (Credentials → the gateway's /auth/password, or the OIDC redirect). A
   * refused password comes back as a CredentialsSignin error: answer with the form again.
   */
  default: async (event) => {
    const form = await event.request.clone().formData();
    const username = String(form.get('username') ?? '').slice(0, 200);
    try {
      await signIn(event);
    } catch (error) {
      if (error instanceof CredentialsSignin) return fail(400, { username, error: MESSAGES[error.code] ?? MESSAGES.credentials });
      if (error instanceof AuthError) return fail(400, { username, error: 'Sign-in failed. Try again.' });
      throw error;
    }
  },
};
