import { WebDisconnectHubSpotDocument } from '@cdt/schema';
import { error, redirect } from '@sveltejs/kit';
import { describeGraphQLError } from '$lib/graphql/client';
import type { RequestHandler } from './$types';

/** "Disconnect": a form POST (SvelteKit checks its origin), then back to the accounts page. */
export const POST: RequestHandler = async ({ locals }) => {
  const result = await locals.gateway.mutation(WebDisconnectHubSpotDocument, {}).toPromise();
  if (!result.data?.disconnectHubSpot) error(502, describeGraphQLError(result.error) ?? 'The gateway did not answer.');
  redirect(303, '/accounts?hubspot=disconnected#hubspot');
};
