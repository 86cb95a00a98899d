import { env } from '$env/dynamic/private';

/** How the web server reaches the gateway and signs for its users; read at request time. */
export interface WebServerConfig {
  /** The gateway's GraphQL endpoint (GATEWAY_URL). */
  gatewayUrl: string;
  /** The gateway's origin, for its /auth/* routes. */
  gatewayOrigin: string;
  /** WEB_SESSION_SECRET: shared with the gateway; signs delegated sessions and sign-in calls. */
  sessionSecret: string | undefined;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
}

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
export const MIN_SECRET_LENGTH = 32;

export function readWebConfig(source: Record<string, string | undefined> = env): WebServerConfig {
  const gatewayUrl = source.GATEWAY_URL?.trim() || DEFAULT_GATEWAY_URL;
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = source;
  return {
    gatewayUrl,
    gatewayOrigin: new URL(gatewayUrl).origin,
    sessionSecret:
      source.WEB_SESSION_SECRET && source.WEB_SESSION_SECRET.length >= MIN_SECRET_LENGTH ? source.WEB_SESSION_SECRET : undefined,
    oidc:
      OIDC_ISSUER && OIDC_CLIENT_ID && OIDC_CLIENT_SECRET
        ? {
            issuer: OIDC_ISSUER,
            clientId: OIDC_CLIENT_ID,
            clientSecret: OIDC_CLIENT_SECRET,
            name: source.OIDC_NAME?.trim() || 'Company SSO',
          }
        : null,
  };
}
