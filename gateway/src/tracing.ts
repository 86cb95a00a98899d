import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { AxiosInstance } from 'axios';
import { currentTraceContext, type TraceContextHeaders, traceIdOf } from './request-context';

/**
 * OpenTelemetry tracing, off by default. The code opens spans through `@opentelemetry/api`
 * only (`withSpan`): with no SDK registered they cost nothing and go nowhere. `startTracing`,
 * called once at startup (server.ts), registers the Node SDK with the OTLP/HTTP exporter when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set or CDT_TRACING=on.
 *
 * Spans carry ids, names of operations and tools, counts and codes: never documents,
 * variables, SQL parameters, records or error messages (they may quote people).
 *
 * W3C trace context works with or without the SDK: a caller's `traceparent` (kept in the
 * request scope by use-request-id.ts) is the parent of the operation span and is sent on to
 * sources (`forwardTraceContext`), and its trace id goes into every log line.
 */
export const TRACER_NAME = 'cdt-gateway';
/** Where the OTLP/HTTP exporter sends when CDT_TRACING=on names no endpoint (a local collector). */
export const DEFAULT_OTLP_TRACES_URL = 'http://localhost:4318/v1/traces';

/** Asked for at each span, not kept: a tracer kept from before `stop()` would go on feeding the stopped SDK. */
const tracer = () => trace.getTracer(TRACER_NAME);

/**
 * Runs `work` in a span that is the parent of every span `work` opens (and the child of the
 * active span, else of the request's caller); the span ends when `work` settles, marked as an
 * error (with the error's `code`, not its message) if it throws.
 */
export function withSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, options, continuedContext(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      const code = errorCode(error);
      span.setAttribute('error.type', code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Wraps a phase that reports through a callback (yoga's instrumentation): the span is active
 * while it runs, as a child of `parent` (by default the active context).
 */
export function inSpan<T>(name: string, options: SpanOptions, wrapped: () => T, parent: Context = context.active()): T {
  const span = tracer().startSpan(name, options, parent);
  const end = () => span.end();
  try {
    const result = context.with(trace.setSpan(parent, span), wrapped);
    // Yoga's phases may return a promise-like of their own rather than a Promise.
    const pending = result as { then?: PromiseLike<unknown>['then'] } | null;
    if (typeof pending?.then === 'function') {
      pending.then(end, (error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) });
        end();
      });
    } else end();
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) });
    end();
    throw error;
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'ERROR';
}

/**
 * W3C Trace Context (`traceparent`, `tracestate`), used as is rather than through the global
 * `propagation` API: that one does nothing until an SDK registers, and the gateway carries a
 * caller's trace into its logs and on to the sources with tracing off too.
 */
const w3c = new W3CTraceContextPropagator();

const headersGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

function traceHeadersOf(from: Context): TraceContextHeaders | undefined {
  const carrier: Partial<TraceContextHeaders> = {};
  w3c.inject(from, carrier, defaultTextMapSetter);
  return carrier.traceparent ? { ...carrier, traceparent: carrier.traceparent } : undefined;
}

/**
 * The caller's trace context from a request's `traceparent` and `tracestate`, re-written by the
 * propagator (so only a well-formed one is kept, and logged); undefined when none or malformed.
 */
export function traceContextFrom(headers: Headers): TraceContextHeaders | undefined {
  return traceHeadersOf(w3c.extract(ROOT_CONTEXT, headers, headersGetter));
}

/**
 * The context the gateway's work continues: the active one when it holds a span (tracing on,
 * inside the operation), else the request's caller as a remote parent, so the operation span
 * is the child of the web server's (or a script's) span.
 */
export function continuedContext(): Context {
  const active = context.active();
  const span = trace.getSpanContext(active);
  if (span && isSpanContextValid(span)) return active;
  const caller = currentTraceContext();
  return caller ? w3c.extract(active, caller, defaultTextMapGetter) : active;
}

/** The trace id the current log line belongs to: the active span's, else the caller's; undefined outside a trace. */
export function currentTraceId(): string | undefined {
  const active = trace.getSpanContext(context.active());
  if (active && isSpanContextValid(active)) return active.traceId;
  const caller = currentTraceContext();
  return caller ? traceIdOf(caller.traceparent) : undefined;
}

/**
 * Sends `traceparent` (and `tracestate`) on every call of an HTTP client: the active span as
 * the parent when tracing is on (the `source.http` attempt), else the caller's context as it
 * came, so a source's own tracing joins the same trace. Calls outside a traced request go
 * without it.
 */
export function forwardTraceContext(client: AxiosInstance): AxiosInstance {
  client.interceptors.request.use((config) => {
    const headers = traceHeadersOf(continuedContext());
    if (headers) for (const [name, value] of Object.entries(headers)) config.headers.set(name, value);
    return config;
  });
  return client;
}

export interface TracingSettings {
  enabled: boolean;
  /** The OTLP/HTTP traces URL (ending in /v1/traces). */
  url: string;
  serviceName: string;
}

/**
 * What the environment asks for: on when an OTLP endpoint is set or CDT_TRACING=on; off when
 * CDT_TRACING=off or OTEL_SDK_DISABLED=true, whatever else is set.
 */
export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const switched = env.CDT_TRACING?.trim().toLowerCase();
  const disabled = switched === 'off' || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  // The OTLP convention: the signal's own variable is the whole URL; the general one is a base.
  const url = tracesEndpoint || (endpoint ? `${endpoint.replace(/\/+$/, '')}/v1/traces` : DEFAULT_OTLP_TRACES_URL);
  return {
    enabled: !disabled && (switched === 'on' || Boolean(tracesEndpoint || endpoint)),
    url,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'cdt-gateway',
  };
}

export interface TracingHandle {
  settings: TracingSettings;
  /** Sends the spans still buffered. */
  flush(): Promise<void>;
  /** Flushes, stops the exporter and unregisters the SDK (spans are no-ops again). */
  stop(): Promise<void>;
}

/**
 * Registers the Node SDK (OTLP/HTTP, JSON) when the environment turns tracing on; null
 * otherwise. The SDK is imported only then, so a gateway without tracing never loads it.
 */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<TracingHandle | null> {
  const settings = tracingSettings(env);
  if (!settings.enabled) return null;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.url }))],
  });
  // The async-hooks context manager (parents follow awaits) and W3C trace-context propagation.
  provider.register();
  return {
    settings,
    flush: () => provider.forceFlush(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
