import { fail } from '@sveltejs/kit';
import { collectImport } from '$lib/customer-settings';
import { importCustomers, listCustomers } from '$lib/server/customers';
import type { Actions, PageServerLoad } from './$types';

/** All uploads of one import together; settings files are a few hundred bytes each. */
const MAX_IMPORT_BYTES = 2_000_000;

export const load: PageServerLoad = async ({ locals }) => listCustomers(locals.gateway);

export const actions: Actions = {
  /** Import settings files: checked here with the gateway's schema, then by the gateway, which writes them all or none. */
  import: async ({ request, locals }) => {
    if (locals.user?.role !== 'admin') return fail(403, { importMessage: 'Only admins import settings.', importProblems: [] });
    const form = await request.formData();
    const uploads = form.getAll('upload').filter((value): value is File => value instanceof File && value.size > 0);
    const size = uploads.reduce((total, file) => total + file.size, 0);
    if (size > MAX_IMPORT_BYTES)
      return fail(413, { importMessage: 'The files are too large (at most 2 MB together).', importProblems: [] });
    const { files, problems } = collectImport(
      await Promise.all(uploads.map(async (file) => ({ name: file.name, text: await file.text() }))),
    );
    if (problems.length) return fail(400, { importMessage: 'Nothing was imported: fix these first.', importProblems: problems });
    const result = await importCustomers(locals.gateway, { files, dryRun: false });
    if (!result.ok)
      return fail(400, {
        importMessage: result.message ?? 'Nothing was imported: the gateway refused these files.',
        importProblems: result.problems,
      });
    return {
      importMessage: `Imported ${result.saved.length} customer${result.saved.length === 1 ? '' : 's'}: ${result.saved.map((c) => c.customerId).join(', ')}.`,
      importProblems: [],
      imported: true,
    };
  },
};
