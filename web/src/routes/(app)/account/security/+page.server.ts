import {
  WebBeginTotpEnrollmentDocument,
  WebConfirmTotpEnrollmentDocument,
  WebDisableTotpDocument,
  WebSignOutEverywhereDocument,
  WebViewerSecurityDocument,
} from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { normaliseTotpCode } from '$lib/account-security';
import { describeGraphQLError } from '$lib/graphql/client';
import { signOut } from '$lib/server/auth';
import { clearStepUp } from '$lib/server/step-up';
import { otpauthQrSvg } from '$lib/server/totp-qr';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user's own security (every role): the authenticator app and their sessions. */
export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:security');
  const result = await locals.gateway.query(WebViewerSecurityDocument, {}).toPromise();
  return { security: result.data?.viewerSecurity ?? null, error: describeGraphQLError(result.error) };
};

const codeOf = async (request: Request) => normaliseTotpCode(String((await request.formData()).get('code') ?? '').slice(0, 20));

export const actions: Actions = {
  /** The secret and URI are in this answer only, for the authenticator app; the gateway keeps them sealed. */
  beginTotp: async ({ locals }) => {
    const result = await locals.gateway.mutation(WebBeginTotpEnrollmentDocument, {}).toPromise();
    const enrollment = result.data?.beginTotpEnrollment;
    if (!enrollment) return fail(400, { action: 'begin' as const, message: describeGraphQLError(result.error) ?? 'No answer.' });
    return {
      ok: true,
      action: 'begin' as const,
      enrollment: { ...enrollment, qrSvg: await otpauthQrSvg(enrollment.otpauthUri) },
    };
  },
  confirmTotp: async ({ locals, request }) => {
    const code = await codeOf(request);
    if (!code) return fail(400, { action: 'confirm' as const, message: 'Enter the 6-digit code your app shows.' });
    const result = await locals.gateway.mutation(WebConfirmTotpEnrollmentDocument, { code }).toPromise();
    if (result.data?.confirmTotpEnrollment === undefined)
      return fail(400, { action: 'confirm' as const, message: describeGraphQLError(result.error) ?? 'No answer.' });
    if (!result.data.confirmTotpEnrollment)
      return fail(400, {
        action: 'confirm' as const,
        message: "That code does not match: check the app's clock and enter the current code.",
      });
    return {
      ok: true,
      action: 'confirm' as const,
      message: 'Authenticator enrolled: production step-ups now ask for a code from it.',
    };
  },
  disableTotp: async ({ locals, request }) => {
    const code = await codeOf(request);
    if (!code) return fail(400, { action: 'disable' as const, message: 'Enter the current 6-digit code from your app.' });
    const result = await locals.gateway.mutation(WebDisableTotpDocument, { code }).toPromise();
    if (result.data?.disableTotp === undefined)
      return fail(400, { action: 'disable' as const, message: describeGraphQLError(result.error) ?? 'No answer.' });
    if (!result.data.disableTotp) return fail(400, { action: 'disable' as const, message: 'That code does not match.' });
    return { ok: true, action: 'disable' as const, message: 'Authenticator removed.' };
  },
  /** Every session of this user on every device ends (the gateway refuses older sessions), then this one. */
  signOutEverywhere: async (event) => {
    const result = await event.locals.gateway.mutation(WebSignOutEverywhereDocument, {}).toPromise();
    if (!result.data?.signOutEverywhere)
      return fail(502, {
        action: 'signOut' as const,
        message: describeGraphQLError(result.error) ?? 'The gateway did not answer.',
      });
    clearStepUp(event.cookies);
    return signOut(event);
  },
};
