import { WebBeginHubSpotConnectionDocument } from '@cdt/schema';
import { error, redirect } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import { safeLocalPath } from '$lib/safe-redirect';
import type { RequestHandler } from './$types';

/**
 * "Connect HubSpot": the gateway stores a one-time state for this user and answers HubSpot's
 * consent URL; the browser goes there, and HubSpot sends it back to ../callback. `returnTo`
 * (a run page, say) is where the user lands once connected, so a reconnect loses nothing.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const returnTo = safeLocalPath(url.searchParams.get('returnTo'), '/accounts');
  const result = await locals.gateway.mutation(WebBeginHubSpotConnectionDocument, { returnTo }).toPromise();
  const authorizeUrl = result.data?.beginHubSpotConnection.authorizeUrl;
  if (!authorizeUrl) error(502, describeGraphQLError(result.error) ?? 'The gateway did not answer.');
  redirect(303, authorizeUrl);
};
