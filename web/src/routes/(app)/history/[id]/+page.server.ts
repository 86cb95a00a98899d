import { WebDistrictByIdDocument, WebRunDocument, WebToolsDocument } from '@cdt/schema';
import { error } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import type { DistrictChoice } from '$lib/types';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const [result, tools] = await Promise.all([
    locals.gateway.query(WebRunDocument, { id: params.id }).toPromise(),
    locals.gateway.query(WebToolsDocument, {}).toPromise(),
  ]);
  if (result.error && !result.data?.run) error(502, describeGraphQLError(result.error) ?? 'The gateway did not answer.');
  const run = result.data?.run;
  if (!run) error(404, `There is no run #${params.id} in the history.`);
  let district: DistrictChoice | null = null;
  if (run.districtId && run.environment) {
    const found = (
      await locals.gateway.query(WebDistrictByIdDocument, { id: run.districtId, environment: run.environment }).toPromise()
    ).data?.district;
    if (found) {
      district = {
        id: found.id,
        name: found.name,
        environment: found.environment,
        state: found.state,
        sisProvider: found.sisProvider,
        sourceKind: found.customer?.sourceKind ?? null,
      };
    }
  }
  return { run, district, tools: tools.data?.tools ?? [] };
};
