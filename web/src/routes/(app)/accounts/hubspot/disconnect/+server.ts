import { WebDisconnectHubSpotDocument } from '@cdt/schema';
import { error, redirect } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import type { RequestHandler } from './$types';

/**
 * "Disconnect": a form POST (SvelteKit checks its origin), then back to the accounts page,
 * which says whether HubSpot revoked the connection too (`revoked=1`), or could not be told (`revoked=0`).
 */
export const POST: RequestHandler = async ({ locals }) => {
  const result = await locals.gateway.mutation(WebDisconnectHubSpotDocument, {}).toPromise();
  const done = result.data?.disconnectHubSpot;
  if (!done) error(502, describeGraphQLError(result.error) ?? 'The gateway did not answer.');
  const revoked =
    done.revokedAtHubSpot === null || done.revokedAtHubSpot === undefined ? '' : `&revoked=${done.revokedAtHubSpot ? 1 : 0}`;
  redirect(303, `/accounts?hubspot=disconnected${revoked}#hubspot`);
};
