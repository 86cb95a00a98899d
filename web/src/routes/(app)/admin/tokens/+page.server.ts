import { WebApiTokensDocument, WebCreateApiTokenDocument, WebRevokeApiTokenDocument } from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { isRole, needsStepUp } from '$lib/admin';
import { describeGraphQLError } from '$lib/graphql/client';
import { adminActions, assertAdmin, field, gatewayFailure, requireStepUp } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  assertAdmin(locals);
  const result = await locals.gateway.query(WebApiTokensDocument, {}).toPromise();
  return { tokens: result.data?.apiTokens ?? null, error: describeGraphQLError(result.error) };
};

export const actions: Actions = adminActions({
  /**
   * The token is in this answer only (the page shows it once; it is never stored in the web
   * app). A support or admin token reads production with no step-up, so creating one needs one.
   */
  create: async (event) => {
    const form = await event.request.formData();
    const name = field(form, 'name', 100);
    const role = field(form, 'role', 20);
    if (!name || !isRole(role))
      return fail(400, { action: 'create' as const, name, message: 'Give the token a name and a role.' });
    if (needsStepUp({ kind: 'create-token', role })) {
      const stepUp = await requireStepUp(event, `create a token that can read production`);
      if (stepUp) return stepUp;
    }
    const result = await event.locals.gateway.mutation(WebCreateApiTokenDocument, { name, role }).toPromise();
    const created = result.data?.createApiToken;
    if (!created) return gatewayFailure(result.error);
    return {
      ok: true,
      action: 'create' as const,
      created: { token: created.token, id: created.info.id, name: created.info.name },
    };
  },
  revoke: async (event) => {
    const form = await event.request.formData();
    const id = field(form, 'id', 20);
    if (!/^\d{1,18}$/.test(id)) return fail(400, { action: 'revoke' as const, message: 'Which token?' });
    const result = await event.locals.gateway.mutation(WebRevokeApiTokenDocument, { id }).toPromise();
    if (result.data?.revokeApiToken === undefined) return gatewayFailure(result.error);
    return {
      ok: true,
      action: 'revoke' as const,
      message: result.data.revokeApiToken ? 'Token revoked: it stops working at once.' : 'That token was already revoked.',
    };
  },
});
