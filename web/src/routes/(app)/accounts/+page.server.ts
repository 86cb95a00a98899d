import { WebSignOutEverywhereDocument } from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import { signOut } from '$lib/server/auth';
import { loadConnections, loadCredentials, testConnection, testVaultCredential } from '$lib/server/connections';
import { clearStepUp } from '$lib/server/step-up';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const [connections, credentials] = await Promise.all([
    loadConnections(locals.gateway),
    locals.user?.role === 'admin' ? loadCredentials(locals.gateway) : null,
  ]);
  return { ...connections, credentials };
};

export const actions: Actions = {
  test: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    if (!id) return fail(400, { id, status: 'FAILING' as const, message: 'Which connection?' });
    if (locals.user?.role !== 'admin')
      return fail(403, { id, status: 'FAILING' as const, message: 'Only admins test connections.' });
    const result = id.startsWith('vault:')
      ? await testVaultCredential(locals.gateway, id.slice('vault:'.length))
      : await testConnection(locals.gateway, id);
    return { id, status: result.status, message: result.message, testedAt: new Date().toISOString() };
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
