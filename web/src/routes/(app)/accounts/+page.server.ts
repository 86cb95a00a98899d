import { fail } from '@sveltejs/kit';
import { loadConnections, testConnection } from '$lib/server/connections';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  try {
    return { ...(await loadConnections(locals.gateway)), error: null };
  } catch (error) {
    return { connections: [], fromGateway: false, error: (error as Error).message };
  }
};

export const actions: Actions = {
  test: async ({ request, locals }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const probe = form.get('probe') ? String(form.get('probe')) : null;
    if (!id) return fail(400, { id, status: 'FAILING' as const, message: 'Which connection?' });
    const result = await testConnection(locals.gateway, { id, probe });
    return { id, ...result, testedAt: new Date().toISOString() };
  },
};
