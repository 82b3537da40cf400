import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** What a local OTLP receiver took in since it started. */
export interface OtlpCounts {
  /** Export requests by signal (`traces`, `metrics`, `logs`). */
  requests: Record<string, number>;
  /** Bytes received (as sent, before decompression). */
  bytes: number;
  /** Spans in the trace exports (protobuf or JSON bodies). */
  spans: number;
  /** Spans by name (`pg.query:INSERT …`, `POST /v1/…`, …): which instrumentation makes the most. */
  spansByName: Record<string, number>;
  /**
   * Spans without a parent, by name: each starts a trace. A relay's `publish` or a query here
   * means a request's context was lost on the way (its trace breaks in two).
   */
  rootSpansByName: Record<string, number>;
}

export interface OtlpReceiver {
  /** The base URL, for `OTEL_EXPORTER_OTLP_ENDPOINT` (signals are posted to `/v1/<signal>`). */
  url: string;
  counts(): OtlpCounts;
  stop(): Promise<void>;
}

/**
 * A minimal OTLP/HTTP receiver on 127.0.0.1: the "local collector" of the tracing-overhead runs
 * of the benches. It answers every export at once with success (an empty response message,
 * valid in protobuf and JSON) and keeps nothing but counts, so what a run measures is the
 * services' side of tracing — creating, batching, serialising and sending spans — not a
 * collector's processing.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const counts: OtlpCounts = { requests: {}, bytes: 0, spans: 0, spansByName: {}, rootSpansByName: {} };
  const server = createServer((request, response) => {
    void readBody(request).then(
      (body) => {
        const signal = /^\/v1\/(traces|metrics|logs)$/.exec(request.url ?? '')?.[1] ?? 'other';
        counts.requests[signal] = (counts.requests[signal] ?? 0) + 1;
        counts.bytes += body.length;
        const json = (request.headers['content-type'] ?? '').includes('json');
        if (signal === 'traces') {
          for (const { name, root } of spanNames(inflated(body, request), json)) {
            counts.spans += 1;
            counts.spansByName[name] = (counts.spansByName[name] ?? 0) + 1;
            if (root) counts.rootSpansByName[name] = (counts.rootSpansByName[name] ?? 0) + 1;
          }
        }
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        response.end(json ? '{}' : '');
      },
      () => {
        response.writeHead(400);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({
      ...counts,
      requests: { ...counts.requests },
      spansByName: { ...counts.spansByName },
      rootSpansByName: { ...counts.rootSpansByName },
    }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function inflated(body: Buffer, request: IncomingMessage): Buffer {
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/**
 * Span names in an ExportTraceServiceRequest (resource_spans (1) → scope_spans (2) → spans (2) →
 * name (5)), and whether each is a root (no parent_span_id (4)).
 */
function spanNames(body: Buffer, json: boolean): { name: string; root: boolean }[] {
  const names: { name: string; root: boolean }[] = [];
  if (json) {
    const parsed = JSON.parse(body.toString('utf8')) as {
      resourceSpans?: { scopeSpans?: { spans?: { name?: string; parentSpanId?: string }[] }[] }[];
    };
    for (const resource of parsed.resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? []) names.push({ name: span.name ?? '', root: !span.parentSpanId });
    return names;
  }
  for (const resource of fields(body, 1))
    for (const scope of fields(resource, 2))
      for (const span of fields(scope, 2)) {
        const name = fields(span, 5)[0]?.toString('utf8') ?? '';
        names.push({ name, root: (fields(span, 4)[0]?.length ?? 0) === 0 });
      }
  return names;
}

/** The length-delimited fields numbered `wanted` of a protobuf message (others skipped). */
function fields(message: Buffer, wanted: number): Buffer[] {
  const found: Buffer[] = [];
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = message[offset++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (offset < message.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else if (wire === 2) {
      const length = varint();
      if (Math.floor(key / 8) === wanted) found.push(message.subarray(offset, offset + length));
      offset += length;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return found;
}
