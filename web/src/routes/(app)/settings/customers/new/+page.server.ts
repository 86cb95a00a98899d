import { fail, redirect } from '@sveltejs/kit';
import { validateSettingsFile } from '$lib/customer-settings';
import { problemsByField, saveCustomer } from '$lib/server/customers';
import type { Actions } from './$types';

export const actions: Actions = {
  save: async ({ request, locals }) => {
    if (locals.user?.role !== 'admin') return fail(403, { errors: { file: 'Only admins change customer settings.' } });
    let file: Record<string, unknown>;
    try {
      file = JSON.parse(String((await request.formData()).get('file') ?? '{}'));
    } catch {
      return fail(400, { errors: { file: 'The form sent no settings.' } });
    }
    const errors = validateSettingsFile(file);
    if (Object.keys(errors).length) return fail(400, { errors });
    const saved = await saveCustomer(locals.gateway, { file });
    if (!saved.ok) return fail(400, { errors: saved.message ? { file: saved.message } : problemsByField(saved.problems) });
    redirect(303, `/settings/customers/${encodeURIComponent(saved.customerId)}?saved=1`);
  },
};
