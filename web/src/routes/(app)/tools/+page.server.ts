import { WebToolsDocument } from '@cdt/schema';
import { describeGraphQLError } from '$lib/graphql/client';
import { readSelection } from '$lib/selection';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, depends }) => {
  depends('app:selection');
  const selection = readSelection(cookies);
  const result = await locals.gateway
    .query(WebToolsDocument, { districtId: selection.district?.id ?? null, environment: selection.environment })
    .toPromise();
  return { tools: result.data?.tools ?? [], toolsError: describeGraphQLError(result.error) };
};
