import { metrics } from '@opentelemetry/api';

/**
 * The OpenTelemetry metrics of a service process (DESIGN.md §9): one MeterProvider, global, so
 * the packages record through `@opentelemetry/api` (bus lag and dead letters, appends, relay,
 * pools, projections). It is read two ways: pulled into `GET /metrics` beside the prom-client
 * registry (always: scrapers and the embedded default need no collector), and pushed over OTLP
 * when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (unless `OTEL_METRICS_EXPORTER=none`), every
 * `OTEL_METRIC_EXPORT_INTERVAL` ms (default 60 000).
 */
export interface ServiceMetrics {
  /** The OpenTelemetry metrics in Prometheus text, for `GET /metrics`. */
  prometheusText(): Promise<string>;
  shutdown(): Promise<void>;
}

let current: ServiceMetrics | undefined;

/** The process's metrics once `startMetrics` ran (the services' `main.ts`); undefined in tests that did not. */
export const serviceMetrics = (): ServiceMetrics | undefined => current;

export async function startMetrics(options: { serviceName: string }): Promise<ServiceMetrics> {
  if (current) return current;
  const env = process.env;
  const [{ MeterProvider, PeriodicExportingMetricReader }, { PrometheusExporter, PrometheusSerializer }, resources] =
    await Promise.all([
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/exporter-prometheus'),
      import('@opentelemetry/resources'),
    ]);
  const pull = new PrometheusExporter({ preventServerStart: true });
  const readers: InstanceType<typeof PeriodicExportingMetricReader>[] = [];
  if (env['OTEL_EXPORTER_OTLP_ENDPOINT'] && env['OTEL_METRICS_EXPORTER'] !== 'none') {
    const { OTLPMetricExporter } =
      env['OTEL_EXPORTER_OTLP_PROTOCOL'] === 'grpc'
        ? await import('@opentelemetry/exporter-metrics-otlp-grpc')
        : env['OTEL_EXPORTER_OTLP_PROTOCOL'] === 'http/protobuf'
          ? await import('@opentelemetry/exporter-metrics-otlp-proto')
          : await import('@opentelemetry/exporter-metrics-otlp-http');
    const interval = Number(env['OTEL_METRIC_EXPORT_INTERVAL'] ?? 60_000);
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: interval,
        // A collection reads consumer lag from the bus (a broker round trip per group on Kafka).
        exportTimeoutMillis: Math.min(interval, Number(env['OTEL_METRIC_EXPORT_TIMEOUT'] ?? 30_000)),
      }),
    );
  }
  const provider = new MeterProvider({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName }),
    readers: [pull, ...readers],
  });
  metrics.setGlobalMeterProvider(provider);
  // The service name as a label of every series (as prom-client's registry labels its own), no
  // target_info or scope series.
  const serializer = new PrometheusSerializer(undefined, false, /^service\.name$/, true, true);
  current = {
    async prometheusText() {
      const { resourceMetrics } = await pull.collect();
      return serializer.serialize(resourceMetrics);
    },
    shutdown: async () => {
      current = undefined;
      await provider.shutdown().catch(() => undefined);
      metrics.disable();
    },
  };
  return current;
}
