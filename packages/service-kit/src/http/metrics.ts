import type { FastifyInstance } from 'fastify';
import { metrics } from '@opentelemetry/api';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { serviceMetrics } from '../otel-metrics.ts';

const otelMeter = () => metrics.getMeter('@siks/service-kit');

export { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This service's Prometheus registry; add gauges (e.g. consumer lag) to it. */
    readonly metrics: Registry;
  }
}

/** A Prometheus registry labelled with the service name, with Node process metrics. */
export function createMetricsRegistry(service: string, options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** The request duration histogram (by method, route template, status) and `GET /metrics`. */
export function installMetrics(app: FastifyInstance, registry: Registry, publicRoute = true): void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.decorate('metrics', registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const requestDuration = otelMeter().createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'HTTP request duration by route template and status code',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });
  app.addHook('onResponse', async (request, reply) => {
    requestDuration.record(reply.elapsedTime / 1000, {
      'http.request.method': request.method,
      'http.route': request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched'),
      'http.response.status_code': reply.statusCode,
    });
  });
  // prom-client's registry, then the process's OpenTelemetry metrics (when main.ts started them).
  app.get('/metrics', { config: { public: publicRoute }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    const [own, otel] = await Promise.all([registry.metrics(), serviceMetrics()?.prometheusText() ?? '']);
    return otel ? `${own}\n${otel}` : own;
  });
}
