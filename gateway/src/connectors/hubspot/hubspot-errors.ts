import { AppError } from '../../errors';

/** What HubSpot said about a failed call, taken from its error body; every field optional. */
export interface HubSpotAnswer {
  /** HTTP status, or null when HubSpot never answered. */
  status: number | null;
  message: string | null;
  category: string | null;
  correlationId: string | null;
  /** Rate-limit policy of a 429 (`TEN_SECONDLY_ROLLING`, `DAILY`). */
  policyName: string | null;
}

/**
 * Any failed HubSpot call. The message says which call and what HubSpot answered; it never
 * holds a token, because request headers and bodies are not part of it.
 */
export class HubSpotError extends AppError {
  readonly code: string = 'HUBSPOT_UNAVAILABLE';
  readonly answer: HubSpotAnswer;

  constructor(message: string, answer: Partial<HubSpotAnswer> = {}, details: Record<string, unknown> = {}) {
    const full: HubSpotAnswer = {
      status: answer.status ?? null,
      message: answer.message ?? null,
      category: answer.category ?? null,
      correlationId: answer.correlationId ?? null,
      policyName: answer.policyName ?? null,
    };
    // Shown to users as GraphQL error extensions: what HubSpot said, for a support request to HubSpot.
    super(message, {
      hubspotStatus: full.status,
      hubspotCategory: full.category,
      hubspotCorrelationId: full.correlationId,
      ...details,
    });
    this.answer = full;
  }
}

/** HubSpot refused our credentials (401, or a refused OAuth grant): the user must reconnect HubSpot. */
export class HubSpotAuthError extends HubSpotError {
  override readonly code: string = 'HUBSPOT_RECONNECT_REQUIRED';
}

/**
 * HubSpot's rate limit stopped a call and waiting inside the request is not sensible. The
 * extensions carry `retryAfterSeconds` (null for the daily cap, which is not worth retrying
 * until it resets), `retryInSeconds` (the same, the older name) and `resetsAt` when known.
 */
export class HubSpotRateLimitError extends HubSpotError {
  override readonly code: string = 'HUBSPOT_RATE_LIMITED';
  /** When to try again, if HubSpot said or the policy implies it; null for the daily cap. */
  readonly retryInSeconds: number | null;

  constructor(
    message: string,
    answer: Partial<HubSpotAnswer>,
    retryInSeconds: number | null,
    /** When the daily cap resets (ISO 8601), when HubSpot said (Retry-After). */
    resetsAt: string | null = null,
  ) {
    super(message, answer, {
      policyName: answer.policyName ?? null,
      retryAfterSeconds: retryInSeconds,
      retryInSeconds,
      resetsAt,
    });
    this.retryInSeconds = retryInSeconds;
  }
}

/** Ticket lookups were asked for but the gateway has no HubSpot connection configured. */
export class HubSpotNotConfiguredError extends AppError {
  readonly code = 'HUBSPOT_NOT_CONFIGURED';
}
