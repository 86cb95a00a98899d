import {
  WebResetUserTotpDocument,
  WebSetUserDisabledDocument,
  WebSetUserRoleDocument,
  WebSignOutUserEverywhereDocument,
  WebUsersDocument,
} from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { isRole, needsStepUp, ROLE_OPTIONS } from '$lib/admin';
import { describeGraphQLError } from '$lib/graphql/client';
import { adminActions, assertAdmin, field, gatewayFailure, requireStepUp } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  assertAdmin(locals);
  const result = await locals.gateway.query(WebUsersDocument, {}).toPromise();
  return { users: result.data?.users ?? null, error: describeGraphQLError(result.error) };
};

const userIdOf = (form: FormData) => {
  const id = field(form, 'userId', 20);
  return /^\d{1,18}$/.test(id) ? id : null;
};

export const actions: Actions = adminActions({
  /** A support or admin role opens production to that user: it needs a recent step-up. */
  role: async (event) => {
    const form = await event.request.formData();
    const userId = userIdOf(form);
    const role = field(form, 'role', 20);
    if (!userId || !isRole(role)) return fail(400, { userId, message: 'Pick a user and one of the roles.' });
    if (needsStepUp({ kind: 'set-role', role })) {
      const label = ROLE_OPTIONS.find((option) => option.value === role)?.label.toLowerCase();
      const stepUp = await requireStepUp(event, `give someone the ${label} role`);
      if (stepUp) return stepUp;
    }
    const result = await event.locals.gateway.mutation(WebSetUserRoleDocument, { userId, role }).toPromise();
    const user = result.data?.setUserRole;
    if (!user) return gatewayFailure(result.error);
    return { ok: true, userId, message: `${user.displayName} is now ${user.role.toLowerCase()}.` };
  },
  disable: async (event) => {
    const form = await event.request.formData();
    const userId = userIdOf(form);
    if (!userId) return fail(400, { userId, message: 'Which user?' });
    const disabled = field(form, 'disabled', 5) === 'true';
    const result = await event.locals.gateway.mutation(WebSetUserDisabledDocument, { userId, disabled }).toPromise();
    const user = result.data?.setUserDisabled;
    if (!user) return gatewayFailure(result.error);
    return {
      ok: true,
      userId,
      message: user.disabled
        ? `${user.displayName} is disabled: they cannot sign in, and their sessions have ended.`
        : `${user.displayName} can sign in again.`,
    };
  },
  signOut: async (event) => {
    const form = await event.request.formData();
    const userId = userIdOf(form);
    if (!userId) return fail(400, { userId, message: 'Which user?' });
    const result = await event.locals.gateway.mutation(WebSignOutUserEverywhereDocument, { userId }).toPromise();
    if (result.data?.signOutUserEverywhere === undefined) return gatewayFailure(result.error);
    return { ok: true, userId, message: 'Every session of this user has ended, on every device.' };
  },
  resetTotp: async (event) => {
    const form = await event.request.formData();
    const userId = userIdOf(form);
    if (!userId) return fail(400, { userId, message: 'Which user?' });
    const result = await event.locals.gateway.mutation(WebResetUserTotpDocument, { userId }).toPromise();
    if (result.data?.resetUserTotp === undefined) return gatewayFailure(result.error);
    return {
      ok: true,
      userId,
      message: result.data.resetUserTotp
        ? 'Their authenticator is removed: they can enrol a new one on their Security page.'
        : 'They had no authenticator.',
    };
  },
});
