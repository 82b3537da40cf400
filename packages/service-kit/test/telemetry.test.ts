import { createServer, type Server } from 'node:http';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTraceparent, startTelemetry, withTraceparent, type Telemetry } from '../src/index.ts';
import { memoryLogger } from './helpers.ts';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('telemetry disabled', () => {
  it('is a no-op without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    const telemetry = await startTelemetry({ serviceName: 'test' });
    expect(telemetry.enabled).toBe(false);
    await telemetry.shutdown();
  });
});

describe('telemetry enabled', () => {
  let telemetry: Telemetry;
  let collector: Server;
  const exports: { path: string; bytes: number }[] = [];

  beforeAll(async () => {
    // A stand-in OTLP/HTTP collector that accepts everything. This file runs in its own process.
    collector = createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        exports.push({ path: request.url ?? '', bytes });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const address = collector.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = `http://127.0.0.1:${port}`;
    telemetry = await startTelemetry({ serviceName: 'test' });
  });
  afterAll(async () => {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    await new Promise((resolve) => collector.close(resolve));
  });

  it('carries a traceparent from event metadata into the work it starts', () => {
    expect(telemetry.enabled).toBe(true);
    expect(currentTraceparent()).toBeUndefined();
    expect(withTraceparent(PARENT, () => currentTraceparent())).toBe(PARENT);
    expect(withTraceparent('garbage', () => currentTraceparent())).toBeUndefined();
  });

  it('starts a child span in the same trace when given a span name, also for async work', async () => {
    const inner = await withTraceparent(PARENT, async () => currentTraceparent(), 'test process');
    expect(inner).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[\da-f]{16}-01$/);
    expect(inner).not.toBe(PARENT);
  });

  it('records no span for transaction control statements, and every other query', () => {
    const tracer = trace.getTracer('telemetry-test');
    const recorded = (name: string) => {
      const span = tracer.startSpan(name);
      const recording = span.isRecording();
      span.end();
      return recording;
    };
    // pg's span names: `pg.query:<first word of the statement> <database>`.
    for (const name of ['pg.query:BEGIN siks', 'pg.query:COMMIT siks', 'pg.query:SET siks', 'pg.query:SAVEPOINT siks'])
      expect(recorded(name), name).toBe(false);
    for (const name of ['pg.query:INSERT siks', 'pg.query:ROLLBACK siks', 'pg.query:SETTLE siks', 'request'])
      expect(recorded(name), name).toBe(true);
  });

  it('cuts long attribute values (a statement’s text) to 256 characters', () => {
    const span = trace.getTracer('telemetry-test').startSpan('pg.query:SELECT siks');
    span.setAttribute('db.query.text', `SELECT ${'x, '.repeat(500)}1`);
    const { attributes } = span as unknown as { attributes: Record<string, unknown> };
    span.end();
    expect(String(attributes['db.query.text'])).toHaveLength(256);
  });

  it('puts the trace id on log lines', () => {
    const { logger, lines } = memoryLogger();
    withTraceparent(PARENT, () => logger.info('inside'));
    expect(JSON.parse(lines()[0] ?? '{}')).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    });
  });

  it('exports ended spans over OTLP when shut down', async () => {
    await telemetry.shutdown();
    expect(exports.some((entry) => entry.path === '/v1/traces' && entry.bytes > 0)).toBe(true);
  });
});
