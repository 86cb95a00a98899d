/**
 * The one error hierarchy. Every failure a user may see is an AppError subclass with a
 * stable `code` and a message written for a support engineer: what was expected, what was
 * found, where. `toGraphQLError` (schema/mask-error.ts) maps them to GraphQL errors in one
 * place; anything else is masked, so stack traces, SQL and secrets never reach a user.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  /** Extra fields safe to show a user (never secrets). */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The caller sent something we cannot act on. */
export class InputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
}

/**
 * Production data for a web session needs a recent re-authentication (step-up: password, and
 * the authenticator code when the user enrolled one). The web app answers this code by asking
 * for them (POST /auth/step-up on the gateway) and retrying.
 */
export class StepUpRequiredError extends AppError {
  readonly code = 'STEP_UP_REQUIRED';
}

/** Too many requests of one kind from one user; `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;
  constructor(options: { message: string; retryAfterSeconds: number; limit: string }) {
    super(options.message, { retryAfterSeconds: options.retryAfterSeconds, limit: options.limit });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A production read that could not be written to the audit log is not answered. */
export class AuditUnavailableError extends AppError {
  readonly code = 'AUDIT_UNAVAILABLE';
}

export type BookmarkedFailure =
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'SCHEMA_MISMATCH'
  | 'WRITE_REFUSED'
  | 'NOT_CONFIGURED'
  | 'QUERY_FAILED';

/** The Bookmarked database of one environment could not answer. */
export class BookmarkedDatabaseError extends AppError {
  readonly code: string;
  readonly failure: BookmarkedFailure;
  constructor(options: { environment: string; failure: BookmarkedFailure; message: string; cause?: unknown }) {
    super(options.message, { environment: options.environment, failure: options.failure }, { cause: options.cause });
    this.failure = options.failure;
    this.code = `BOOKMARKED_${options.failure}`;
  }
}

/** A OneRoster CSV bundle that cannot be read. Names the file, and the line and column when known. */
export class BundleError extends AppError {
  readonly code = 'BAD_BUNDLE';
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  constructor(options: { message: string; file?: string | null; line?: number | null; column?: number | null; cause?: unknown }) {
    const where = [
      options.file ? `${options.file}` : null,
      options.line != null ? `line ${options.line}` : null,
      options.column != null ? `column ${options.column}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    super(
      where ? `${where}: ${options.message}` : options.message,
      {
        file: options.file ?? null,
        line: options.line ?? null,
        column: options.column ?? null,
      },
      { cause: options.cause },
    );
    this.file = options.file ?? null;
    this.line = options.line ?? null;
    this.column = options.column ?? null;
  }
}

/** A customer settings file that does not validate. Names the file and the field. */
export class SettingsError extends AppError {
  readonly code = 'BAD_SETTINGS';
  constructor(options: { file: string; field?: string; message: string }) {
    super(`${options.file}${options.field ? ` (${options.field})` : ''}: ${options.message}`, {
      file: options.file,
      field: options.field ?? null,
    });
  }
}

/** A secret reference (`env:NAME`, `aws-sm:ID#key`) that cannot be resolved. Never includes the secret. */
export class CredentialError extends AppError {
  readonly code = 'CREDENTIAL_UNAVAILABLE';
}

/** An external source system (FTP, OneRoster/ClassLink API) failed. Says which customer and endpoint, never secrets. */
export class SourceError extends AppError {
  readonly code = 'SOURCE_UNAVAILABLE';
}

/** The district has no usable source configured. */
export class SourceNotConfiguredError extends AppError {
  readonly code = 'SOURCE_NOT_CONFIGURED';
}
