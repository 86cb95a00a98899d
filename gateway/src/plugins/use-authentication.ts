import type { Plugin } from 'graphql-yoga';
import type { SqlClient } from '../db/sql-client';
import { AppError } from '../errors';
import { logger } from '../logger';
import { type AuthenticatedRequest, authenticateRequest } from '../security/authenticate';

/**
 * Authenticates every request to the GraphQL endpoint before yoga parses or validates it.
 * Yoga builds the context only after validation, so authenticating there would let a
 * stranger learn the schema from validation errors ("Cannot query field … Did you mean …")
 * and run introspection's validation; here an unauthenticated request ends with 401 before
 * its document is read. The context factory picks the result up with `authenticatedRequest`.
 */
const byRequest = new WeakMap<Request, AuthenticatedRequest>();

export const authenticatedRequest = (request: Request) => byRequest.get(request);

export interface AuthenticationOptions {
  db: SqlClient;
  webSessionSecret?: string;
  graphqlEndpoint: string;
  now?: () => Date;
}

const json = (status: number, message: string, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

export function useAuthentication(options: AuthenticationOptions): Plugin {
  const isGraphQLPath = (path: string) => path === options.graphqlEndpoint || path === `${options.graphqlEndpoint}/`;
  return {
    async onRequest({ request, url, endResponse }) {
      if (!isGraphQLPath(url.pathname)) return;
      try {
        byRequest.set(
          request,
          await authenticateRequest({
            db: options.db,
            header: request.headers.get('authorization'),
            webSessionSecret: options.webSessionSecret,
            now: options.now?.(),
          }),
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
          endResponse(json(401, error.message, error.code, { 'www-authenticate': 'Bearer realm="customer-data-tools"' }));
          return;
        }
        logger.error({ err: error }, 'could not authenticate a request');
        endResponse(
          json(503, 'The gateway could not check your credentials. Try again in a minute.', 'AUTHENTICATION_UNAVAILABLE'),
        );
      }
    },
  };
}

/**
 * GraphiQL's HTML only for a request that authenticates (a browser tab never sends an
 * Authorization header, so in production the signed-in GraphiQL is the web app's /graphiql),
 * or in the local demo, whose page carries the demo's own token.
 */
export function graphiqlGate<Options>(options: {
  db: SqlClient;
  webSessionSecret?: string;
  demo: boolean;
  graphiql: Options;
}): (request: Request) => Promise<Options | false> {
  return async (request) => {
    if (options.demo) return options.graphiql;
    try {
      await authenticateRequest({
        db: options.db,
        header: request.headers.get('authorization'),
        webSessionSecret: options.webSessionSecret,
      });
      return options.graphiql;
    } catch {
      return false;
    }
  };
}
