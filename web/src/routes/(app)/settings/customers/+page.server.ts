import { fail } from '@sveltejs/kit';
import { parseImport, validateSettingsFile } from '$lib/customer-settings';
import { importCustomers, listCustomers } from '$lib/server/customers';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => listCustomers(locals.gateway);

export const actions: Actions = {
  /** Import settings files: checked here with the gateway's schema, then by the gateway, which writes them. */
  import: async ({ request, locals }) => {
    if (locals.user?.role !== 'admin') return fail(403, { importMessage: 'Only admins import settings.', importProblems: [] });
    const form = await request.formData();
    const upload = form.get('upload');
    const text = upload instanceof File && upload.size ? await upload.text() : String(form.get('json') ?? '');
    if (text.length > 2_000_000) return fail(413, { importMessage: 'The file is too large (at most 2 MB).', importProblems: [] });
    const parsed = parseImport(text);
    if (!parsed.ok) return fail(400, { importMessage: parsed.message, importProblems: [] });
    const problems = parsed.files.flatMap((file, index) =>
      Object.entries(validateSettingsFile(file)).map(([field, message]) => ({
        file: String(file.customer_id || `#${index + 1}`),
        field,
        message,
      })),
    );
    if (problems.length) return fail(400, { importMessage: 'Nothing was imported: fix these first.', importProblems: problems });
    const result = await importCustomers(locals.gateway, { files: parsed.files, dryRun: false });
    if (!result.ok)
      return fail(400, { importMessage: result.message ?? 'The gateway refused the import.', importProblems: result.problems });
    return {
      importMessage: `Imported ${result.saved.length} customer${result.saved.length === 1 ? '' : 's'}.`,
      importProblems: [],
      imported: true,
    };
  },
};
