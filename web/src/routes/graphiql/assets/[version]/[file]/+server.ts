import { error } from '@sveltejs/kit';
import { graphiqlAsset } from '$lib/server/graphiql-page';
import type { RequestHandler } from './$types';

// GraphiQL's bundled scripts and styles; the version is in the path, so they never change.
export const GET: RequestHandler = ({ params }) => {
  const asset = graphiqlAsset(params.version, params.file);
  if (!asset) error(404, 'Not found');
  return new Response(asset.body, {
    headers: { 'content-type': asset.contentType, 'cache-control': 'private, max-age=31536000, immutable' },
  });
};
