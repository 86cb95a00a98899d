import { WebDashboardDocument } from '@cdt/schema';
import { describeGraphQLError } from '$lib/graphql/client';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const result = await locals.gateway.query(WebDashboardDocument, { days: 7 }).toPromise();
  return { dashboard: result.data ?? null, error: describeGraphQLError(result.error) };
};
