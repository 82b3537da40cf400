/**
 * An OTLP/HTTP receiver in the test process that keeps in memory what the services export
 * (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`): the in-memory exporter of tests whose services
 * run as processes of their own. Spans and metric points are flattened for assertions.
 */
import { createServer, type Server } from 'node:http';

export interface CollectedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

export interface CollectedPoint {
  service: string;
  metric: string;
  attributes: Record<string, unknown>;
  /** The value of a sum or gauge point, the count of a histogram point. */
  value: number;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

const attributesOf = (list: OtlpAttribute[] | undefined): Record<string, unknown> =>
  Object.fromEntries((list ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));

export interface OtlpCollector {
  /** `OTEL_*` variables that point a service at this receiver. */
  env: Record<string, string>;
  spans(): CollectedSpan[];
  points(): CollectedPoint[];
  close(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- OTLP/JSON as it comes off the wire */
function collectSpans(body: any, into: CollectedSpan[]): void {
  for (const resourceSpans of body.resourceSpans ?? []) {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        into.push({
          service,
          scope: String(scopeSpans.scope?.name ?? ''),
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? '',
          name: span.name,
          kind: span.kind,
          attributes: attributesOf(span.attributes),
          links: (span.links ?? []).map((link: any) => ({ traceId: link.traceId, spanId: link.spanId })),
        });
      }
    }
  }
}

function collectPoints(body: any, into: CollectedPoint[]): void {
  for (const resourceMetrics of body.resourceMetrics ?? []) {
    const service = String(attributesOf(resourceMetrics.resource?.attributes)['service.name'] ?? '');
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      for (const metric of scopeMetrics.metrics ?? []) {
        const data = metric.sum ?? metric.gauge ?? metric.histogram;
        for (const point of data?.dataPoints ?? []) {
          const value = Number(point.asDouble ?? point.asInt ?? point.count ?? 0);
          into.push({ service, metric: metric.name, attributes: attributesOf(point.attributes), value });
        }
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const points: CollectedPoint[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (request.url === '/v1/traces') collectSpans(body, spans);
        else if (request.url === '/v1/metrics') collectPoints(body, points);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Export within a fraction of a second, so a test need not wait for the default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
    spans: () => [...spans],
    points: () => [...points],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
