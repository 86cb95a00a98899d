import { renderGraphiQLPage } from '$lib/server/graphiql-page';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
  new Response(renderGraphiQLPage({ query: url.searchParams.get('query'), variables: url.searchParams.get('variables') }), {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
