import { SourceError } from '../../errors';

/**
 * What went wrong with a OneRoster or ClassLink call, so callers (test connection, the
 * provider) can react without parsing messages.
 */
export type OneRosterFailure =
  /** No HTTP answer: DNS, refused connection, reset. */
  | 'UNREACHABLE'
  | 'TIMEOUT'
  /** 401: credentials or signature refused, token expired. */
  | 'UNAUTHORIZED'
  /** 403: authenticated but not allowed (a missing OAuth scope, an app without access to the district). */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  /** Another 4xx: the server did not accept the request (an unsupported filter, say). */
  | 'REJECTED'
  /** A 2xx answer we cannot read: not JSON (often cut off), or not the OneRoster shape. */
  | 'BAD_RESPONSE';

/**
 * A failed call to a OneRoster REST or ClassLink API. The message names the customer, the
 * system, the endpoint and what the server answered; it never carries secrets or tokens
 * (they travel in headers, which are never quoted, and known secrets are redacted from
 * quoted answers).
 */
export class OneRosterApiError extends SourceError {
  readonly failure: OneRosterFailure;
  /** HTTP status, when the server answered. */
  readonly status: number | null;
  /** Path and query under the API's base URL, e.g. `/users?filter=…`. */
  readonly endpoint: string;
  readonly customerId: string;

  constructor(options: {
    message: string;
    failure: OneRosterFailure;
    status: number | null;
    endpoint: string;
    customerId: string;
    attempts: number;
    cause?: unknown;
  }) {
    super(
      options.message,
      {
        customerId: options.customerId,
        endpoint: options.endpoint,
        status: options.status,
        failure: options.failure,
        attempts: options.attempts,
      },
      { cause: options.cause },
    );
    this.failure = options.failure;
    this.status = options.status;
    this.endpoint = options.endpoint;
    this.customerId = options.customerId;
  }
}
