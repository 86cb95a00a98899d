import { error, fail } from '@sveltejs/kit';
import { validateSettingsFile } from '$lib/customer-settings';
import { getCustomer, problemsByField, saveCustomer } from '$lib/server/customers';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const { customer, forbidden, error: problem } = await getCustomer(locals.gateway, params.customerId);
  if (forbidden) error(403, problem ?? 'Customer settings are for the support and admin roles.');
  if (!customer) error(problem ? 502 : 404, problem ?? `There is no customer "${params.customerId}".`);
  return { customer, saved: url.searchParams.get('saved') === '1' };
};

export const actions: Actions = {
  save: async ({ request, locals, params }) => {
    if (locals.user?.role !== 'admin')
      return fail(403, { errors: { file: 'Only admins change customer settings.' }, saved: false });
    let file: Record<string, unknown>;
    try {
      file = JSON.parse(String((await request.formData()).get('file') ?? '{}'));
    } catch {
      return fail(400, { errors: { file: 'The form sent no settings.' }, saved: false });
    }
    const errors = validateSettingsFile(file);
    if (Object.keys(errors).length) return fail(400, { errors, saved: false });
    // The customer's own file, even when the edit changes its customer_id.
    const current = await getCustomer(locals.gateway, params.customerId);
    const saved = await saveCustomer(locals.gateway, { file, fileName: current.customer?.fileName ?? null });
    if (!saved.ok)
      return fail(400, { errors: saved.message ? { file: saved.message } : problemsByField(saved.problems), saved: false });
    return { errors: {}, saved: true };
  },
};
