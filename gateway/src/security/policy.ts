import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { GatewayContext, Role, Viewer } from '../context';
import { ForbiddenError, StepUpRequiredError } from '../errors';
import { type Authentication, requestSecurity } from './request-security';

/**
 * Who may do what. The gateway enforces this whatever the client (web app, GraphiQL, curl):
 *
 * | role    | staging data, tools, comparisons | production data, tools, comparisons | settings, credentials, users, tokens, audit |
 * |---------|----------------------------------|--------------------------------------|---------------------------------------------|
 * | viewer  | read                             | no                                   | no                                          |
 * | support | read                             | read (web sessions: step-up)         | no                                          |
 * | admin   | read                             | read (web sessions: step-up)         | yes                                         |
 *
 * Step-up: a web session reads production only within STEP_UP_MAX_AGE_SECONDS of re-entering
 * its password (and its authenticator code, when the user enrolled one). API tokens are
 * automation: no step-up, but the role rule holds.
 */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, support: 1, admin: 2 };
export const STEP_UP_MAX_AGE_SECONDS = 15 * 60;
/** The least role that reads production. */
export const PRODUCTION_ROLE: Role = 'support';

export const hasRole = (viewer: Pick<Viewer, 'role'>, role: Role) => ROLE_RANK[viewer.role] >= ROLE_RANK[role];

/** Throws ForbiddenError unless the viewer has `role` or a higher one. */
export function assertRole(viewer: Viewer, role: Role, what: string): true {
  if (hasRole(viewer, role)) return true;
  throw new ForbiddenError(`${what} needs the ${role} role; you are signed in as ${viewer.role}.`, { requiredRole: role });
}

/** When the session's step-up stops counting (Unix seconds), or null when there is none. */
export function stepUpExpiresAt(authentication: Authentication): number | null {
  return authentication.stepUpAt === null ? null : authentication.stepUpAt + STEP_UP_MAX_AGE_SECONDS;
}

export type ProductionAccess =
  | { allowed: true }
  | { allowed: false; reason: 'ROLE' | 'STEP_UP'; error: ForbiddenError | StepUpRequiredError };

/** Whether the viewer may read production right now, and why not. */
export function productionAccess(viewer: Viewer, authentication: Authentication, now: Date): ProductionAccess {
  if (!hasRole(viewer, PRODUCTION_ROLE)) {
    return {
      allowed: false,
      reason: 'ROLE',
      error: new ForbiddenError(
        `Production data needs the support or admin role; you are signed in as ${viewer.role}. Use STAGING, or ask an admin for the support role.`,
        { requiredRole: PRODUCTION_ROLE },
      ),
    };
  }
  if (authentication.method === 'token') return { allowed: true };
  const expiresAt = stepUpExpiresAt(authentication);
  if (expiresAt !== null && expiresAt > now.getTime() / 1000) return { allowed: true };
  return {
    allowed: false,
    reason: 'STEP_UP',
    error: new StepUpRequiredError(
      `Production data needs a recent re-authentication: confirm your password${authentication.totpEnrolled ? ' and your authenticator code' : ''}, then try again. It lasts ${STEP_UP_MAX_AGE_SECONDS / 60} minutes.`,
      { totpRequired: authentication.totpEnrolled, stepUpMaxAgeSeconds: STEP_UP_MAX_AGE_SECONDS },
    ),
  };
}

/** Throws unless the request may read this environment (staging: anyone signed in). */
export function assertEnvironment(context: GatewayContext, environment: BookmarkedEnvironment): true {
  if (environment !== 'production') return true;
  const security = requestSecurity(context);
  const access = productionAccess(context.viewer, security.authentication, security.services.now());
  if (!access.allowed) throw access.error;
  return true;
}

/**
 * Admin changes that widen access (a support or admin role or token, a vault credential) need
 * the same recent re-authentication as production when they come from a web session; API
 * tokens are automation and are not asked.
 */
export function assertRecentStepUp(context: GatewayContext, what: string): true {
  const security = requestSecurity(context);
  const { authentication } = security;
  if (authentication.method === 'token') return true;
  const expiresAt = stepUpExpiresAt(authentication);
  if (expiresAt !== null && expiresAt > security.services.now().getTime() / 1000) return true;
  throw new StepUpRequiredError(
    `${what} needs a recent re-authentication: confirm your password${authentication.totpEnrolled ? ' and your authenticator code' : ''}, then try again. It lasts ${STEP_UP_MAX_AGE_SECONDS / 60} minutes.`,
    { totpRequired: authentication.totpEnrolled, stepUpMaxAgeSeconds: STEP_UP_MAX_AGE_SECONDS },
  );
}

/** Whether the request may read this environment, without throwing (for fields that hide rather than fail). */
export function canReadEnvironment(context: GatewayContext, environment: BookmarkedEnvironment | string | null): boolean {
  if (environment === 'staging') return true;
  const security = requestSecurity(context);
  return productionAccess(context.viewer, security.authentication, security.services.now()).allowed;
}

/** Session-only features (TOTP enrolment, sign-out everywhere) belong to a person, not a token. */
export function assertSessionUser(viewer: Viewer, what: string): string {
  const match = viewer.kind === 'session' ? /^user:(\d{1,18})$/.exec(viewer.id) : null;
  if (!match) throw new ForbiddenError(`${what} is for people signed in to the web app, not API tokens.`);
  return match[1] as string;
}
