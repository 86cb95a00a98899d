import { redirect } from '@sveltejs/kit';
import { readWebConfig } from '$lib/server/config';
import { proxyGraphQL } from '$lib/server/graphql-proxy';
import type { RequestHandler } from './$types';

/** The browser's GraphQL endpoint (urql, the workbench, GraphiQL): the gateway, as the signed-in user. */
export const POST: RequestHandler = ({ request, url, locals }) =>
  proxyGraphQL({
    request,
    url,
    user: locals.user,
    config: readWebConfig(),
    requestId: locals.requestId,
    stepUpAt: locals.stepUpAt(),
  });

/** A browser opening /graphql gets GraphiQL (behind sign-in), with any ?query= kept. */
export const GET: RequestHandler = ({ url }) => redirect(307, `/graphiql${url.search}`);
