import { WebRemoveSourceUploadDocument, WebSourceUploadsDocument } from '@cdt/schema';
import { fail } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import { readSelection } from '$lib/selection';
import { readWebConfig } from '$lib/server/config';
import { forwardSourceUpload } from '$lib/server/source-upload';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, depends }) => {
  depends('app:selection');
  depends('app:uploads');
  const { district } = readSelection(cookies);
  if (!district) return { district: null, uploads: [], error: null };
  const result = await locals.gateway.query(WebSourceUploadsDocument, { districtId: district.id }).toPromise();
  return { district, uploads: result.data?.sourceUploads ?? [], error: describeGraphQLError(result.error) };
};

const canUpload = (role: string | undefined) => role === 'support' || role === 'admin';

export const actions: Actions = {
  /** Streams the chosen file to the gateway, which validates and stores it. */
  upload: async ({ request, locals, cookies }) => {
    const { district } = readSelection(cookies);
    if (!district) return fail(400, { problems: [], error: 'Choose a district first.' });
    if (!canUpload(locals.user?.role)) return fail(403, { problems: [], error: 'Uploading needs the support or admin role.' });
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { problems: [], error: 'Choose a .zip of OneRoster CSV files.' });
    const result = await forwardSourceUpload({
      config: readWebConfig(),
      user: locals.user,
      requestId: locals.requestId,
      stepUpAt: locals.stepUpAt(),
      districtId: district.id,
      file,
    });
    if ('error' in result) return fail(result.status, { problems: [], error: result.error });
    if (!result.answer.ok) return fail(422, { problems: result.answer.problems, error: null });
    return { uploaded: result.answer.upload, problems: [], error: null };
  },
  /** The district's settings' source applies again; the history keeps the upload. */
  remove: async ({ locals, cookies }) => {
    const { district } = readSelection(cookies);
    if (!district) return fail(400, { problems: [], error: 'Choose a district first.' });
    const result = await locals.gateway.mutation(WebRemoveSourceUploadDocument, { districtId: district.id }).toPromise();
    if (result.error)
      return fail(502, { problems: [], error: describeGraphQLError(result.error) ?? 'The gateway did not answer.' });
    return { removed: result.data?.removeSourceUpload ?? null, problems: [], error: null };
  },
};
