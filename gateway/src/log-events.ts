/**
 * The log events other systems read: CloudWatch metric filters (infra/lib/log-events.ts)
 * count the lines whose `event` is one of these and read their fields. This file is the one
 * definition of the names and fields; it imports nothing, so the CDK app can use it offline.
 *
 * ```json
 * {"level":30,"event":"tool.run","tool":"studentMismatch","status":"ISSUE_IN_SOURCE","durationMs":812,"requestId":"…"}
 * {"level":50,"event":"tool.failed","tool":"missingData","durationMs":15003,"code":"SOURCE_UNAVAILABLE","requestId":"…"}
 * {"level":40,"event":"source.error","source":"ftp","customerId":"acme","districtId":"1001","code":"SOURCE_UNAVAILABLE","requestId":"…"}
 * {"level":40,"event":"rate_limited","system":"hubspot","retryAfterMs":10000,"requestId":"…"}
 * ```
 *
 * Fields are ids, codes and numbers only: never names, emails or what a user typed.
 */
export const LOG_EVENTS = {
  /** A diagnostic tool gave a verdict (any status). */
  toolRun: 'tool.run',
  /** A diagnostic tool run ended in an error instead of a verdict. */
  toolFailed: 'tool.failed',
  /** Reading a district's SIS data failed (CSV bundle, FTP, OneRoster REST, ClassLink). */
  sourceError: 'source.error',
  /** A request refused by our own budgets, or an HTTP 429 from HubSpot or a SIS API. */
  rateLimited: 'rate_limited',
} as const;

export type LogEventName = (typeof LOG_EVENTS)[keyof typeof LOG_EVENTS];

/** The fields each event's line carries (besides `event`, `level`, `time` and `requestId`). */
export interface LogEventFields {
  'tool.run': {
    tool: string;
    /** The verdict: FOUND, ISSUE_IN_SOURCE, … */
    status: string;
    durationMs: number;
    districtId: string;
    environment: string;
  };
  'tool.failed': {
    tool: string;
    durationMs: number;
    /** The AppError code (BAD_USER_INPUT, SOURCE_UNAVAILABLE, …), or ERROR for an unexpected failure. */
    code: string;
    districtId?: string;
    environment?: string;
  };
  'source.error': {
    /** The source kind from the customer's settings: upload, csv, ftp, oneroster-api, classlink. */
    source: string;
    customerId: string | null;
    districtId: string;
    code: string;
    /** The connector's own failure kind when it has one (TIMEOUT, UNAUTHORIZED, …). */
    failure?: string;
    /** The roster read that failed: `readerFor` (opening the source) or a reader method. */
    operation: string;
  };
  rate_limited: {
    /** `gateway` for our own budgets; `hubspot`, or the SIS API's name, for a vendor's 429. */
    system: string;
    /** How long the refused caller is asked to wait, when known. */
    retryAfterMs: number | null;
    /** Which of our budgets refused (security/rate-limits.ts), for `gateway`. */
    limit?: string;
    customerId?: string;
    /** HTTP status the vendor answered (429). */
    status?: number;
  };
}

/** Each event's pino level: what is counted is also what an on-call engineer filters by. */
export const LOG_EVENT_LEVELS = {
  'tool.run': 'info',
  'tool.failed': 'error',
  'source.error': 'warn',
  rate_limited: 'warn',
} as const satisfies Record<LogEventName, 'info' | 'warn' | 'error'>;

/** One event's line (`{ event, ...fields }`), for connectors that log through the logger they are given. */
export function eventLine<Event extends LogEventName>(event: Event, fields: LogEventFields[Event]) {
  return { event, ...fields };
}
