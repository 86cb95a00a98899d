import { WebDistrictByIdDocument, WebToolDocument } from '@cdt/schema';
import { error } from '@sveltejs/kit';
import { describeGraphQLError, stepUpRequired } from '$lib/graphql/client';
import { parseEnvironment, readSelection } from '$lib/selection';
import { prefillValues } from '$lib/tool-form';
import type { DistrictChoice } from '$lib/types';
import type { PageServerLoad } from './$types';

/**
 * A tool page: `/tools/<name>?district=<id>&environment=<staging|production>&<field>=<value>…`.
 * The district and environment come from the link (else the remembered selection); any other
 * parameter named like an input field pre-fills it (ticket recommendations, re-runs).
 */
export const load: PageServerLoad = async ({ params, url, cookies, locals }) => {
  const selection = readSelection(cookies);
  const environment = parseEnvironment(url.searchParams.get('environment')) ?? selection.environment;
  const districtId =
    url.searchParams.get('district') ?? (selection.district?.environment === environment ? selection.district.id : null);

  const [toolResult, districtResult] = await Promise.all([
    locals.gateway.query(WebToolDocument, { name: params.tool, districtId, environment }).toPromise(),
    districtId && /^\d{1,19}$/.test(districtId)
      ? locals.gateway.query(WebDistrictByIdDocument, { id: districtId, environment }).toPromise()
      : Promise.resolve(null),
  ]);
  const tool = toolResult.data?.tool;
  if (!tool) {
    if (toolResult.error) error(502, describeGraphQLError(toolResult.error) ?? 'The gateway did not answer.');
    error(404, `There is no tool named "${params.tool}".`);
  }
  const found = districtResult?.data?.district;
  const needsStepUp = stepUpRequired(districtResult?.error);
  const district: DistrictChoice | null = found
    ? {
        id: found.id,
        name: found.name,
        environment: found.environment,
        state: found.state,
        sisProvider: found.sisProvider,
        sourceKind: found.customer?.sourceKind ?? null,
      }
    : null;
  return {
    tool,
    environment,
    district,
    stepUpRequired: needsStepUp,
    districtError:
      districtId && !found && !needsStepUp
        ? (describeGraphQLError(districtResult?.error) ?? `No district has id ${districtId} in ${environment.toLowerCase()}.`)
        : null,
    prefill: prefillValues(tool.fields, url.searchParams),
  };
};
