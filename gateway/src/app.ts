import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { verifyApiToken } from './auth/api-tokens';
import type { GatewayContext, GatewayServices, Viewer } from './context';
import { graphiqlExampleTabs } from './plugins/graphiql-examples';
import { useReadiness } from './plugins/use-readiness';
import { schema } from './schema';
import { maskError } from './schema/mask-error';
import { createRequestRosters } from './services/roster-views';

export interface GatewayOptions {
  services: GatewayServices;
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
    plugins: [useReadiness(services)],
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    graphiql: {
      title: 'Customer Data Tools — GraphiQL',
      defaultEditorToolsVisibility: true,
      headers: options.graphiqlToken ? JSON.stringify({ Authorization: `Bearer ${options.graphiqlToken}` }, null, 2) : undefined,
      defaultTabs: graphiqlExampleTabs(options.graphiqlExample ?? { districtId: '1001', studentName: 'Ana Lopez' }),
    },
    context: async ({ request }): Promise<GatewayContext> => {
      const viewer = await authenticate(services, request.headers.get('authorization'));
      return {
        requestId: request.headers.get('x-request-id') ?? randomUUID(),
        viewer,
        services,
        rosters: createRequestRosters({ bookmarked: services.bookmarked, sources: services.sources }),
      };
    },
  });
}

async function authenticate(services: GatewayServices, header: string | null): Promise<Viewer> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!token) throw unauthenticated('Sign in first: send an API token as "Authorization: Bearer <token>".');
  const viewer = await verifyApiToken({ db: services.appDatabase, token });
  if (!viewer) throw unauthenticated('The API token is not valid (unknown or revoked).');
  return viewer;
}
