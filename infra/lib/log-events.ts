/**
 * The contract between the gateway's JSON log lines (pino, one object per line) and the
 * CloudWatch metric filters in observability.ts. The gateway writes these fields; the
 * filters turn matching lines into metrics. Change both sides together.
 *
 * ```json
 * {"level":30,"event":"tool.run","tool":"studentMismatch","status":"ISSUE_IN_SOURCE","durationMs":812,"requestId":"…"}
 * {"level":50,"event":"tool.failed","tool":"missingData","durationMs":15003,"code":"SOURCE_UNAVAILABLE","requestId":"…"}
 * {"level":40,"event":"source.error","source":"ftp","code":"SOURCE_UNAVAILABLE","districtId":"1001","requestId":"…"}
 * {"level":40,"event":"rate_limited","system":"hubspot","retryAfterMs":10000,"requestId":"…"}
 * ```
 */
export const METRIC_NAMESPACE = 'CustomerDataTools';

export interface LogEventMetric {
  /** Value of the line's `event` field. */
  event: string;
  metricName: string;
  /** JSON path of the metric value; unset, each matching line counts 1. */
  valueField?: string;
  unit: 'Count' | 'Milliseconds';
  description: string;
}

export const LOG_EVENT_METRICS = {
  toolDuration: {
    event: 'tool.run',
    metricName: 'ToolDuration',
    valueField: '$.durationMs',
    unit: 'Milliseconds',
    description: 'Duration of each completed diagnostic tool run (any status).',
  },
  toolRuns: { event: 'tool.run', metricName: 'ToolRuns', unit: 'Count', description: 'Completed diagnostic tool runs.' },
  toolFailures: {
    event: 'tool.failed',
    metricName: 'ToolFailures',
    unit: 'Count',
    description: 'Tool runs that ended in an error instead of a verdict.',
  },
  sourceErrors: {
    event: 'source.error',
    metricName: 'SourceErrors',
    unit: 'Count',
    description: "Failures reading a district's SIS data (CSV bundle, FTP, OneRoster REST, ClassLink).",
  },
  rateLimitHits: {
    event: 'rate_limited',
    metricName: 'RateLimitHits',
    unit: 'Count',
    description: 'HTTP 429 answers from HubSpot or a SIS API (each wait before a retry).',
  },
} as const satisfies Record<string, LogEventMetric>;
