import type { RequestHandler } from './$types';

/** Liveness for the container's health check: the web server answers (the gateway is not asked). */
export const GET: RequestHandler = () =>
  new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
