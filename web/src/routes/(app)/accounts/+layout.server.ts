import { WebHubSpotConnectionDocument } from '@cdt/schema';
import type { LayoutServerLoad } from './$types';

/** The viewer's HubSpot connection, for the HubSpot card on the accounts page and its routes. */
export const load: LayoutServerLoad = async ({ locals }) => {
  const result = await locals.gateway.query(WebHubSpotConnectionDocument, {}).toPromise();
  return { hubspotConnection: result.data?.hubspotConnection ?? null };
};
