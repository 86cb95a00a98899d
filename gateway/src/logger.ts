import pino from 'pino';
import { eventLine, LOG_EVENT_LEVELS, type LogEventFields, type LogEventName } from './log-events';
import { currentRequestId } from './request-context';
import { currentTraceId } from './tracing';

/**
 * Structured JSON logs, ids only: never student or parent names, emails, documents,
 * variables or secrets. Log lines carry request ids, viewer ids, record ids, codes and
 * durations; what a user asked and got lives in the audit log (security/audit-log.ts).
 *
 * Three nets under that policy:
 * - `redact` removes the values of keys that hold people or secrets, wherever a caller puts them;
 * - errors are serialised without what they quote: quoted text and emails in a message are
 *   replaced (a driver's "invalid input syntax for type bigint: \"Ana\"" keeps its shape,
 *   not the value), and no `details`;
 * - yoga's own logger goes through the same serialiser (`yogaLogger`).
 *
 * Every line written while a request is served carries its `requestId` (the `mixin` reads
 * the request scope, request-context.ts), including lines from connectors, which never see
 * the request, and its W3C `traceId` when it has one (the web server always sends one), so
 * the gateway's and the web server's log groups join on either.
 */
const SENSITIVE_KEYS = [
  'password',
  'token',
  'authorization',
  'cookie',
  'secret',
  'value',
  'email',
  'emails',
  'parentEmail',
  'name',
  'names',
  'givenName',
  'familyName',
  'displayName',
  'username',
  'studentName',
  'query',
  'variables',
  'document',
  'input',
  'totp',
  'otpauthUri',
  'connectionString',
];

/**
 * Keys whose value is kept in shape only: a source API's endpoint (`/users/<what was looked
 * up>?filter=…`) may hold a typed name, so only its first segment stays (`/users/…`).
 */
const SHAPED_KEYS = ['endpoint'];

/** pino's redact paths for each key at the top level and two levels down. */
export const REDACT_PATHS = [...SENSITIVE_KEYS, ...SHAPED_KEYS].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** `/users/Ana Lopez?limit=5` → `/users/…`: the resource, never what was asked of it. */
export function endpointShape(endpoint: string): string {
  const [path = ''] = endpoint.split('?', 1);
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) return '/…';
  const bare = segments.length === 1 && path.length === endpoint.length;
  return bare ? `/${segments[0]}` : `/${segments[0]}/…`;
}

function censor(value: unknown, path: string[]): unknown {
  return SHAPED_KEYS.includes(path.at(-1) ?? '') && typeof value === 'string' ? endpointShape(value) : '[redacted]';
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const QUOTED = /"[^"\n]*"|'[^'\n]*'|“[^”\n]*”/g;

/** A message with what it quotes (values, names) and any email replaced. */
export const scrubMessage = (message: string) => message.replace(EMAIL, '[email]').replace(QUOTED, '"[…]"').slice(0, 500);

/** Endpoints an error (or the GraphQL error wrapping it) names, longest first: they may quote what was looked up. */
function endpointsOf(error: Error): string[] {
  const wrapper = error as Error & {
    endpoint?: unknown;
    originalError?: { endpoint?: unknown };
    extensions?: { endpoint?: unknown };
  };
  const found = [wrapper.endpoint, wrapper.originalError?.endpoint, wrapper.extensions?.endpoint];
  return [...new Set(found.filter((value): value is string => typeof value === 'string' && value.length > 1))].sort(
    (a, b) => b.length - a.length,
  );
}

function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubMessage(String(error)) };
  const withCode = error as Error & { code?: unknown; failure?: unknown };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const message = endpointsOf(error).reduce(
    (text, endpoint) => text.split(endpoint).join(endpointShape(endpoint)),
    error.message,
  );
  return {
    type: error.name,
    code: typeof withCode.code === 'string' ? withCode.code : undefined,
    failure: typeof withCode.failure === 'string' ? withCode.failure : undefined,
    message: scrubMessage(message),
    stack: frames.slice(0, 12).join('\n'),
    ...(error.cause ? { cause: serializeError(error.cause) } : {}),
  };
}

const sinks = new Set<(line: string) => void>();
let muted = false;
const stdout = pino.destination({ dest: 1, sync: false });
const destination = {
  write(line: string) {
    if (!muted) stdout.write(line);
    for (const sink of sinks) sink(line);
  },
};

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'cdt-gateway' },
    redact: { paths: REDACT_PATHS, censor },
    serializers: { err: serializeError, error: serializeError },
    mixin: () => {
      const requestId = currentRequestId();
      if (!requestId) return {};
      const traceId = currentTraceId();
      return traceId ? { requestId, traceId } : { requestId };
    },
  },
  destination,
);

/**
 * Writes one of the events the metric filters count (log-events.ts), at its level, with
 * exactly its fields: `{"event":"tool.run","tool":…,"status":…,"durationMs":…}`.
 */
export function logEvent<Event extends LogEventName>(event: Event, fields: LogEventFields[Event], message: string = event) {
  const line: object = eventLine(event, fields);
  logger[LOG_EVENT_LEVELS[event]](line, message);
}

/** Yoga's logger: the same redaction and error serialisation as ours. */
export const yogaLogger = {
  debug: (...args: unknown[]) => logArgs('debug', args),
  info: (...args: unknown[]) => logArgs('info', args),
  warn: (...args: unknown[]) => logArgs('warn', args),
  error: (...args: unknown[]) => logArgs('error', args),
};

function logArgs(level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) {
  const error = args.find((arg) => arg instanceof Error);
  const text = args.filter((arg) => typeof arg === 'string').join(' ');
  if (error) logger[level]({ err: error, source: 'yoga' }, scrubMessage(text || 'yoga'));
  else logger[level]({ source: 'yoga' }, scrubMessage(text));
}

/**
 * Captures every log line (at every level) until `stop()`, without printing them: tests
 * grep what the gateway would have logged.
 */
export function captureLogs(): { lines: string[]; text(): string; stop(): void } {
  const lines: string[] = [];
  const sink = (line: string) => lines.push(line);
  const previousLevel = logger.level;
  sinks.add(sink);
  muted = true;
  logger.level = 'trace';
  return {
    lines,
    text: () => lines.join(''),
    stop() {
      sinks.delete(sink);
      muted = sinks.size > 0;
      logger.level = previousLevel;
    },
  };
}
