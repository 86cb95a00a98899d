import { WebToolsDocument } from '@cdt/schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const tools = await locals.gateway.query(WebToolsDocument, {}).toPromise();
  return { tools: tools.data?.tools ?? [] };
};
