import { LOG_EVENTS, type LogEventFields, type LogEventName } from '@cdt/gateway/log-events';
import { captureLogs, logEvent } from '@cdt/gateway/logger';
import { describe, expect, it } from 'vitest';
import { exampleTemplate, resourcesOf } from './example-app';

/**
 * The metric filters against what the gateway really writes: each event is logged through the
 * gateway's own logger (redaction, request-id mixin and all), and each filter pattern and value
 * path of the synthesized template is evaluated on those lines as CloudWatch would.
 */
const SAMPLE_FIELDS: { [Event in LogEventName]: LogEventFields[Event] } = {
  'tool.run': { tool: 'studentSearch', status: 'NO_ISSUE', durationMs: 812, districtId: '1001', environment: 'staging' },
  'tool.failed': { tool: 'missingData', durationMs: 15_003, code: 'SOURCE_UNAVAILABLE' },
  'source.error': {
    source: 'ftp',
    customerId: 'lakeside-isd',
    districtId: '1001',
    code: 'SOURCE_UNAVAILABLE',
    failure: 'TIMEOUT',
    operation: 'readerFor',
  },
  rate_limited: { system: 'hubspot', retryAfterMs: 10_000, status: 429 },
};

/** The gateway's JSON line for each event. */
function gatewayLines(): Record<string, unknown>[] {
  const capture = captureLogs();
  try {
    for (const event of Object.values(LOG_EVENTS)) logEvent(event, SAMPLE_FIELDS[event] as never);
  } finally {
    capture.stop();
  }
  return capture.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `$.a.b` in a parsed line. */
function at(line: Record<string, unknown>, jsonPath: string): unknown {
  return jsonPath
    .replace(/^\$\./, '')
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], line);
}

/** CloudWatch's `{ $.field = "value" }`, the only form observability.ts writes. */
function matches(pattern: string, line: Record<string, unknown>): boolean {
  const parsed = /^\{\s*(\$\.[\w.]+)\s*=\s*"([^"]*)"\s*\}$/.exec(pattern);
  if (!parsed) throw new Error(`Unexpected filter pattern ${pattern}: expected { $.field = "value" }`);
  const [, path = '', value] = parsed;
  return at(line, path) === value;
}

interface MetricFilterProperties {
  FilterPattern: string;
  MetricTransformations: { MetricName: string; MetricValue: string }[];
}

describe('metric filters against the gateway’s log lines', () => {
  const lines = gatewayLines();
  const filters = Object.values(resourcesOf(exampleTemplate(), 'AWS::Logs::MetricFilter')).map(
    (resource) => resource.Properties as unknown as MetricFilterProperties,
  );

  it('the gateway writes one JSON line per event, with the event name and its fields', () => {
    expect(lines.map((line) => line.event)).toEqual(Object.values(LOG_EVENTS));
  });

  it('every filter matches exactly one event line, and every value path is a number on it', () => {
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) {
      const matched = lines.filter((line) => matches(filter.FilterPattern, line));
      const metric = filter.MetricTransformations[0];
      expect(matched.length, `${metric?.MetricName}: ${filter.FilterPattern}`).toBe(1);
      const value = metric?.MetricValue ?? '';
      if (value.startsWith('$.')) expect(typeof at(matched[0] ?? {}, value), `${metric?.MetricName}: ${value}`).toBe('number');
      else expect(value).toBe('1');
    }
  });

  it('every event the gateway declares is counted by some filter', () => {
    for (const line of lines) {
      expect(
        filters.some((filter) => matches(filter.FilterPattern, line)),
        String(line.event),
      ).toBe(true);
    }
  });
});
