import { WebCompleteHubSpotConnectionDocument } from '@cdt/schema';
import { redirect } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import { safeLocalPath } from '$lib/safe-redirect';
import type { PageServerLoad } from './$types';

/**
 * HUBSPOT_REDIRECT_URI: HubSpot sends the browser here with `code` and `state`. The code goes
 * to the gateway server-side, which checks the state and keeps the tokens; the browser never
 * sees them. On success the user goes back where they started; otherwise this page says why.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  const refused = url.searchParams.get('error');
  if (refused || !code || !state) {
    return {
      failure: refused
        ? `HubSpot did not grant access (${refused.slice(0, 80)}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')?.slice(0, 200)}` : ''}).`
        : 'HubSpot sent no authorization code back.',
    };
  }
  const result = await locals.gateway.mutation(WebCompleteHubSpotConnectionDocument, { code, state }).toPromise();
  const done = result.data?.completeHubSpotConnection;
  if (!done) return { failure: describeGraphQLError(result.error) ?? 'The gateway did not answer.' };
  const back = safeLocalPath(done.returnTo, '/accounts');
  redirect(303, back === '/accounts' ? '/accounts?hubspot=connected#hubspot' : back);
};
