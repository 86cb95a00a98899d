import { WebSignOutEverywhereDocument } from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import { signOut } from '$lib/server/auth';
import { loadConnections, loadCredentials, testConnection, testVaultCredential } from '$lib/server/connections';
import { clearStepUp } from '$lib/server/step-up';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const credentials = locals.user?.role === 'admin' ? await loadCredentials(locals.gateway) : null;
  try {
    return { ...(await loadConnections(locals.gateway)), credentials, error: null };
  } catch (error) {
    return { connections: [], fromGateway: false, credentials, error: (error as Error).message };
  }
};

export const actions: Actions = {
  test: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const probe = form.get('probe') ? String(form.get('probe')) : null;
    if (!id) return fail(400, { id, status: 'FAILING' as const, message: 'Which connection?' });
    const result = id.startsWith('vault:')
      ? await testVaultCredential(locals.gateway, id.slice('vault:'.length))
      : await testConnection(locals.gateway, { id, probe });
    return { id, ...result, testedAt: new Date().toISOString() };
  },
  /** Ends every session of this user on every device (the gateway refuses older sessions), then this one. */
  signOutEverywhere: async (event) => {
    const result = await event.locals.gateway.mutation(WebSignOutEverywhereDocument, {}).toPromise();
    if (!result.data?.signOutEverywhere)
      return fail(502, {
        id: '',
        status: 'FAILING' as const,
        message: describeGraphQLError(result.error) ?? 'The gateway did not answer.',
      });
    clearStepUp(event.cookies);
    return signOut(event);
  },
};
