import type { GatewayContext } from '../context';
import { AuditTrail } from './audit-trail';
import { type CredentialVault, createCredentialVault } from './credential-vault';
import { createRateLimits, type RateLimits } from './rate-limits';

/** How the viewer of a request proved who they are, beyond the Viewer itself. */
export interface Authentication {
  /** token: an API token (automation); session: a web session the web server acts for. */
  method: 'token' | 'session';
  /** Unix seconds: when the user signed in to the web app (the session's `authAt` claim); null for tokens. */
  authAt: number | null;
  /** Unix seconds: the session's last step-up (password and TOTP), confirmed by the gateway's own record; null when none. */
  stepUpAt: number | null;
  /** Whether the user enrolled an authenticator app (TOTP); it is then part of every step-up. */
  totpEnrolled: boolean;
}

/** Long-lived security services, built once by createGateway. */
export interface SecurityServices {
  vault: CredentialVault;
  limits: RateLimits;
  /** WEB_SESSION_SECRET: the web server's sign-in and step-up routes are only served with it. */
  webSessionSecret?: string;
  now: () => Date;
}

/** Per request: how the viewer authenticated, what the request read, and the security services. */
export interface RequestSecurity {
  authentication: Authentication;
  trail: AuditTrail;
  services: SecurityServices;
}

// Kept on the context under a symbol rather than as a GatewayContext field: the domain's
// context stays as it is, envelop's context merging (object spread) carries symbol keys
// along, and a context built elsewhere (specs running tools in-process) still gets the safe
// defaults below.
const REQUEST_SECURITY = Symbol('cdt.requestSecurity');
type WithSecurity = GatewayContext & { [REQUEST_SECURITY]?: RequestSecurity };

export function attachRequestSecurity<Context extends GatewayContext>(context: Context, security: RequestSecurity): Context {
  (context as WithSecurity)[REQUEST_SECURITY] = security;
  return context;
}

let fallbackServices: SecurityServices | null = null;

/**
 * The request's security facts. A context the gateway did not build (a spec's fake context)
 * gets the strictest reading of its viewer: a session without step-up, no vault key.
 */
export function requestSecurity(context: GatewayContext): RequestSecurity {
  let security = (context as WithSecurity)[REQUEST_SECURITY];
  if (!security) {
    fallbackServices ??= { vault: createCredentialVault({ key: null }), limits: createRateLimits(), now: () => new Date() };
    security = {
      authentication: { method: context.viewer.kind, authAt: null, stepUpAt: null, totpEnrolled: false },
      trail: new AuditTrail(),
      services: fallbackServices,
    };
    attachRequestSecurity(context, security);
  }
  return security;
}
