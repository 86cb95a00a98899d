import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { verifyApiToken } from './auth/api-tokens';
import { sessionTokenFromHeader, verifyDelegatedSession } from './auth/delegated-session';
import type { GatewayContext, GatewayServices, Viewer } from './context';
import { graphiqlExampleTabs } from './plugins/graphiql-examples';
import { useReadiness } from './plugins/use-readiness';
import { useWebAuth } from './plugins/use-web-auth';
import { schema } from './schema';
import { maskError } from './schema/mask-error';
import { createRequestRosters } from './services/roster-views';

export interface GatewayOptions {
  services: GatewayServices;
  /** WEB_SESSION_SECRET: enables the web server's sign-in routes and its delegated sessions. */
  webSessionSecret?: string;
  /** Role of a user created by a first OIDC sign-in. */
  oidcDefaultRole?: string;
  /** Prefilled in GraphiQL's headers editor (the demo's own token); never set in production. */
  graphiqlToken?: string;
  graphiqlExample?: { districtId: string; studentName: string };
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/**
 * Builds the gateway as a fetch-style app. `server.ts` alone listens on a port; tests call
 * `gateway.fetch(...)` directly.
 */
export function createGateway(options: GatewayOptions): YogaServerInstance<Record<string, unknown>, GatewayContext> {
  const { services } = options;
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Order: the web server's sign-in routes and the readiness probe answer before GraphQL.
    plugins: [
      useWebAuth({ db: services.appDatabase, secret: options.webSessionSecret, externalDefaultRole: options.oidcDefaultRole }),
      useReadiness(services),
    ],
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    graphiql: {
      title: 'Customer Data Tools — GraphiQL',
      defaultEditorToolsVisibility: true,
      headers: options.graphiqlToken ? JSON.stringify({ Authorization: `Bearer ${options.graphiqlToken}` }, null, 2) : undefined,
      defaultTabs: graphiqlExampleTabs(options.graphiqlExample ?? { districtId: '1001', studentName: 'Ana Lopez' }),
    },
    context: async ({ request }): Promise<GatewayContext> => {
      const viewer = await authenticate(services, request.headers.get('authorization'), options.webSessionSecret);
      return {
        requestId: request.headers.get('x-request-id') ?? randomUUID(),
        viewer,
        services,
        rosters: createRequestRosters({ bookmarked: services.bookmarked, sources: services.sources }),
      };
    },
  });
}

/** An API token (`Bearer`, automation) or a session the web server acts for (`Session`). */
async function authenticate(services: GatewayServices, header: string | null, webSessionSecret?: string): Promise<Viewer> {
  const session = sessionTokenFromHeader(header);
  if (session) {
    const viewer = verifyDelegatedSession({ token: session, secret: webSessionSecret });
    if (!viewer) throw unauthenticated('Your session has expired: sign in again.');
    return viewer;
  }
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!token) throw unauthenticated('Sign in first: send an API token as "Authorization: Bearer <token>".');
  const viewer = await verifyApiToken({ db: services.appDatabase, token });
  if (!viewer) throw unauthenticated('The API token is not valid (unknown or revoked).');
  return viewer;
}
