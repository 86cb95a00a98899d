import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import { JSONResolver } from 'graphql-scalars';
import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { GatewayContext, Role } from '../context';
import { ForbiddenError } from '../errors';
import { assertEnvironment, hasRole } from '../security/policy';

/**
 * The one Pothos builder: plugins, context and scalars. It defines no types; each domain
 * type lives in its own file under ./types and registers itself on this builder.
 *
 * Fields are non-null by default: a list or record the gateway returns is always there
 * unless a field says otherwise (a lookup that may find nothing is `nullable: true`).
 *
 * Authorization (security/policy.ts) is scope-auth, checked before a resolver runs:
 * - `role: 'support' | 'admin'` — the viewer's role or a higher one;
 * - `environment: 'staging' | 'production'` — the data of that environment (production: the
 *   support role, and a recent step-up for web sessions);
 * - `sessionUser` — a person signed in to the web app, not an API token.
 * Every request is authenticated before parsing (plugins/use-authentication.ts), so a field
 * without scopes is for any signed-in viewer. The loaders throw the policy's own errors, so
 * the caller reads why (FORBIDDEN or STEP_UP_REQUIRED) rather than a generic refusal.
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    /** A file of a GraphQL multipart request (yoga parses the spec natively). */
    File: { Input: File; Output: never };
  };
  AuthScopes: {
    role: Role;
    environment: BookmarkedEnvironment;
    sessionUser: boolean;
  };
}>({
  // scope-auth first: no other plugin's wrapper runs before authorization.
  plugins: [ScopeAuthPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      role: (role) => hasRole(context.viewer, role),
      environment: (environment) => assertEnvironment(context, environment),
      sessionUser: context.viewer.kind === 'session',
    }),
    unauthorizedError: (_parent, context, info, result) =>
      new ForbiddenError(refusal(`${info.parentType.name}.${info.fieldName}`, context, result.failure)),
  },
});

/** Why a field was refused, from the scope that failed. */
function refusal(field: string, context: GatewayContext, failure: AuthFailure): string {
  if (failure.kind === AuthScopeFailureType.AuthScope && failure.scope === 'role') {
    return `${field} needs the ${String(failure.parameter)} role; you are signed in as ${context.viewer.role}.`;
  }
  if (failure.kind === AuthScopeFailureType.AuthScope && failure.scope === 'sessionUser') {
    return `${field} is for people signed in to the web app, not API tokens.`;
  }
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    const first = failure.failures[0];
    if (first) return refusal(field, context, first);
  }
  return `${field} is not available to you (${context.viewer.role}).`;
}

builder.addScalarType('JSON', JSONResolver);
builder.scalarType('File', {
  description: 'A file sent with the GraphQL multipart request spec (input only).',
  serialize: () => {
    throw new Error('File is an input-only scalar.');
  },
});

builder.queryType({});
// The Mutation root is declared with the first mutation (the diagnostics): an empty root type is invalid GraphQL.
