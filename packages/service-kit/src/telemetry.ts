import type { Instrumentation, InstrumentationBase } from '@opentelemetry/instrumentation';
import { startMetrics } from './otel-metrics.ts';
import { samplerFromEnv, transactionControlFilter } from './trace-sampler.ts';
import {
  context,
  createNoopMeter,
  isSpanContextValid,
  SpanStatusCode,
  trace,
  TraceFlags,
  type MeterProvider,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * The auto-instrumentations the services need (http and undici in and out, pg, kafkajs; fastify
 * comes from @fastify/otel). The package's default is all ~40 of them, each hooking module loads.
 * `OTEL_NODE_ENABLED_INSTRUMENTATIONS`, when set, replaces this list (the package's own variable).
 */
const INSTRUMENTATIONS = 'http,undici,pg,kafkajs';

/**
 * The instrumentations' own metrics (http's `http.server.request.duration`, pg's per-query
 * `db.client.operation.duration` and pool counters) duplicate the service-kit's and
 * @siks/pg's (docs/observability.md) under the same names, and cost a histogram record per
 * request and per query: a CPU profile of `bench:intake` with tracing on put them beside span
 * export among the SDK's costs. Spans only, then.
 */
const NO_METRICS: MeterProvider = { getMeter: () => createNoopMeter() };

/**
 * Attribute values (in practice pg's `db.query.text`) are cut to this many characters. The
 * exporter's protobuf encoding walks every string character by character (`utf8ByteLength`,
 * `writeString`): with reporting's and registry's multi-line statements that encoding was the
 * largest part of tracing's CPU in `bench:pipeline`'s services. The start of a statement names
 * its operation, table and columns. `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` (or the span-only
 * variable) replaces it.
 */
const ATTRIBUTE_VALUE_LENGTH_LIMIT = 256;

/** A started (or skipped) telemetry pipeline. */
export interface Telemetry {
  /** True when an OTLP endpoint was configured and the tracing SDK runs. */
  readonly enabled: boolean;
  /** Flushes pending spans and metrics and stops the SDK. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  serviceName: string;
}

/**
 * Starts the OpenTelemetry Node SDK (traces over OTLP, auto-instrumentation of http, undici, pg,
 * kafkajs, plus @fastify/otel) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise loads
 * nothing and returns a no-op, so an idle service stays small. Call it before importing the
 * modules it should instrument (see the services' `main.ts`). Logs stay on stdout unless
 * `OTEL_LOGS_EXPORTER` says otherwise. Metrics start either way (`startMetrics`): `/metrics` serves them.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  // The SDK reads its settings (endpoint, protocol, sampler) from the standard OTEL_* variables.
  const env = process.env;
  const metrics = await startMetrics({ serviceName: options.serviceName });
  if (!env['OTEL_EXPORTER_OTLP_ENDPOINT']) return { enabled: false, shutdown: () => metrics.shutdown() };
  const [{ NodeSDK, tracing }, { getNodeAutoInstrumentations }, fastifyOtel] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/auto-instrumentations-node'),
    import('@fastify/otel'),
  ]);
  const enabledFromEnv = env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'];
  // getNodeAutoInstrumentations reads the list from the environment only; restored right after.
  env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'] = enabledFromEnv || INSTRUMENTATIONS;
  const autoInstrumentations = getNodeAutoInstrumentations({
    '@opentelemetry/instrumentation-fs': { enabled: false },
    '@opentelemetry/instrumentation-dns': { enabled: false },
    '@opentelemetry/instrumentation-net': { enabled: false },
    // prom-client's process metrics on /metrics say the same.
    '@opentelemetry/instrumentation-runtime-node': { enabled: false },
    // Log lines keep their own trace ids (see createLogger); never ship them elsewhere.
    '@opentelemetry/instrumentation-pino': { enabled: false },
    // Queries outside any span are the background loops' polls (relays, bus consumers,
    // subscriptions): hundreds a minute of traces that say nothing. Queries inside a request,
    // a relay publish or a consumer's handling are traced.
    // No span per pool checkout or connect (one more span beside nearly every query's).
    '@opentelemetry/instrumentation-pg': { requireParentSpan: true, ignoreConnectSpans: true },
    // Outgoing calls only. Every service is a fastify app, and @fastify/otel's `request` span is
    // the server span when no http span encloses it (it reads the caller's traceparent itself):
    // the http server span said the same (method, route, status) with a dozen more attributes, and
    // its wrapper of every incoming request was the largest of the SDK's costs in the profile.
    '@opentelemetry/instrumentation-http': { disableIncomingRequestInstrumentation: true },
  });
  if (enabledFromEnv === undefined) delete env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'];
  else env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'] = enabledFromEnv;
  const instrumentations = [
    ...autoInstrumentations,
    // One `request` span (kind server) per route call (the route, the status; pg spans nest in it), no span per
    // lifecycle hook or handler: those were six of the eight spans of a proposal's POST, each named
    // after its plugin's whole source text when the plugin is anonymous (~400 bytes a span). The
    // bench's tracing-overhead runs (BENCH_TRACING=compare) measure what this costs.
    new fastifyOtel.FastifyOtelInstrumentation({
      registerOnInitialization: true,
      // Probes and scrapes, every few seconds from the orchestrator and Prometheus.
      ignorePaths: ({ url }) => /^\/(health\/|metrics)/.test(url),
      instrumentHooks: false,
      instrumentHandler: false,
    }),
  ];
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    instrumentations,
    // OTEL_TRACES_SAMPLER as usual, minus the pg spans of BEGIN, COMMIT and SET (trace-sampler.ts).
    sampler: transactionControlFilter(samplerFromEnv(env, tracing), tracing),
    ...(env['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT'] || env['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT']
      ? {}
      : { spanLimits: { attributeValueLengthLimit: ATTRIBUTE_VALUE_LENGTH_LIMIT } }),
    // Metrics have a provider of their own (startMetrics), also when no collector is set.
    metricReaders: [],
    ...(env['OTEL_LOGS_EXPORTER'] ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  // After start: registering the instrumentations gave them the global (service-kit's) provider.
  for (const instrumentation of instrumentations) instrumentation.setMeterProvider(NO_METRICS);
  if (/^kafka:/i.test(env['BUS_URL'] ?? '')) await patchKafkajs(instrumentations);
  return {
    enabled: true,
    // An unreachable collector must not turn a clean shutdown into a failed one.
    shutdown: async () => {
      await Promise.all([sdk.shutdown().catch(() => undefined), metrics.shutdown()]);
    },
  };
}

/**
 * The services are ES modules; their bundles import packages by absolute file URL
 * (infra/src/bundle.ts). The SDK's hooks match a package by the name it was required or
 * imported by, so an `import` of kafkajs's file escapes them (measured: no kafkajs span at all),
 * while pg (patched through its own internal `require`s), http, undici and fastify are
 * instrumented either way (infra/test/support/trace-flow.ts checks each). So kafkajs is loaded
 * here, the same module instance the bus will import, and patched by its instrumentation.
 */
async function patchKafkajs(instrumentations: readonly Instrumentation[]): Promise<void> {
  const loaded = (await import('kafkajs')) as { default?: unknown };
  const kafkajs = loaded.default ?? loaded;
  for (const instrumentation of instrumentations) {
    const base = instrumentation as Partial<Pick<InstrumentationBase, 'getModuleDefinitions'>>;
    for (const definition of base.getModuleDefinitions?.() ?? []) {
      if (definition.name !== 'kafkajs' || !definition.patch) continue;
      definition.moduleExports = kafkajs;
      definition.patch(kafkajs, undefined);
    }
  }
}

const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/** Parses a W3C `traceparent` (version 00); undefined when absent or malformed. */
export function parseTraceparent(traceparent: string | undefined): SpanContext | undefined {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  const spanContext: SpanContext = { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Formats a span context as a W3C `traceparent`. */
export function formatTraceparent(spanContext: SpanContext): string {
  const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${sampled ? '01' : '00'}`;
}

/**
 * The `traceparent` of the active span, to store in event metadata (DESIGN.md §9); undefined
 * when no span is active (e.g. telemetry disabled).
 */
export function currentTraceparent(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : undefined;
}

/**
 * Runs `fn` inside the trace of `traceparent` (taken from an event's metadata), so spans it
 * starts — and events it appends — join the producer's trace. With `spanName`, `fn` runs in a
 * new span (e.g. `intake.proposals.v1 process`) that ends when `fn` settles.
 */
export function withTraceparent<T>(traceparent: string | undefined, fn: () => T, spanName?: string): T {
  const parent = parseTraceparent(traceparent);
  const parentContext = parent ? trace.setSpanContext(context.active(), parent) : context.active();
  if (!spanName) return parent ? context.with(parentContext, fn) : fn();
  const span = trace.getTracer('@siks/service-kit').startSpan(spanName, {}, parentContext);
  const fail = (error: unknown): void => {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  return context.with(trace.setSpan(parentContext, span), () => {
    try {
      const result = fn();
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            span.end();
            return value;
          },
          (error: unknown) => {
            fail(error);
            throw error;
          },
        ) as T;
      }
      span.end();
      return result;
    } catch (error) {
      fail(error);
      throw error;
    }
  });
}
