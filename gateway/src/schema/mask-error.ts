import { GraphQLError } from 'graphql';
import { AppError, RateLimitedError } from '../errors';

const HTTP_STATUS_BY_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STEP_UP_REQUIRED: 403,
  RATE_LIMITED: 429,
  AUDIT_UNAVAILABLE: 503,
};

/** The HTTP part of an AppError's extensions (yoga sets the status and headers from it, then drops it). */
function httpExtension(error: AppError): { status: number; headers?: Record<string, string> } | undefined {
  const status = HTTP_STATUS_BY_CODE[error.code];
  if (!status) return undefined;
  if (error instanceof RateLimitedError) return { status, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  return { status };
}

/**
 * The one place errors become GraphQL errors. AppErrors keep their message (written for a
 * support engineer) and code; anything else — driver errors, bugs — becomes a generic
 * message, so no stack trace, SQL or secret reaches a user.
 */
export function maskError(error: unknown, fallbackMessage: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof AppError) {
    const http = httpExtension(original);
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...original.details, ...(http ? { http } : {}) },
    });
  }
  // Errors GraphQL itself raised (validation, bad variables) are safe and useful as they are.
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) return error.originalError;
  return new GraphQLError(fallbackMessage, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
