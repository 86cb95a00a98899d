import { LOG_EVENTS, type LogEventFields, type LogEventName } from '@cdt/gateway/log-events';

/**
 * The CloudWatch metrics read from the gateway's JSON log lines (pino, one object per line).
 * The event names and their fields are defined once, where the gateway writes them
 * (gateway/src/log-events.ts, imported here; it imports nothing, so `cdk synth` stays
 * offline); the filters in observability.ts match `$.event` and read the value field named
 * here. test/log-events.spec.ts checks both against lines the gateway's logger writes.
 *
 * ```json
 * {"level":30,"event":"tool.run","tool":"studentMismatch","status":"ISSUE_IN_SOURCE","durationMs":812,"requestId":"…"}
 * {"level":50,"event":"tool.failed","tool":"missingData","durationMs":15003,"code":"SOURCE_UNAVAILABLE","requestId":"…"}
 * {"level":40,"event":"source.error","source":"ftp","customerId":"acme","districtId":"1001","code":"SOURCE_UNAVAILABLE","requestId":"…"}
 * {"level":40,"event":"rate_limited","system":"hubspot","retryAfterMs":10000,"requestId":"…"}
 * ```
 */
export const METRIC_NAMESPACE = 'CustomerDataTools';

/** A numeric field of any event, as a JSON path: `$.durationMs`. */
type NumericFieldPath = {
  [Event in LogEventName]: {
    [Field in keyof LogEventFields[Event]]-?: LogEventFields[Event][Field] extends number ? `$.${Field & string}` : never;
  }[keyof LogEventFields[Event]];
}[LogEventName];

export interface LogEventMetric {
  /** Value of the line's `event` field. */
  event: LogEventName;
  metricName: string;
  /** JSON path of the metric value (a number the event carries); unset, each matching line counts 1. */
  valueField?: NumericFieldPath;
  unit: 'Count' | 'Milliseconds';
  description: string;
}

export const LOG_EVENT_METRICS = {
  toolDuration: {
    event: LOG_EVENTS.toolRun,
    metricName: 'ToolDuration',
    valueField: '$.durationMs',
    unit: 'Milliseconds',
    description: 'Duration of each completed diagnostic tool run (any status).',
  },
  toolRuns: { event: LOG_EVENTS.toolRun, metricName: 'ToolRuns', unit: 'Count', description: 'Completed diagnostic tool runs.' },
  toolFailures: {
    event: LOG_EVENTS.toolFailed,
    metricName: 'ToolFailures',
    unit: 'Count',
    description: 'Tool runs that ended in an error instead of a verdict.',
  },
  sourceErrors: {
    event: LOG_EVENTS.sourceError,
    metricName: 'SourceErrors',
    unit: 'Count',
    description: "Failures reading a district's SIS data (CSV bundle, FTP, OneRoster REST, ClassLink).",
  },
  rateLimitHits: {
    event: LOG_EVENTS.rateLimited,
    metricName: 'RateLimitHits',
    unit: 'Count',
    description: "Requests refused by the gateway's own budgets, and HTTP 429 answers from HubSpot or a SIS API.",
  },
} as const satisfies Record<string, LogEventMetric>;
