import { startOtlpReceiver, type OtlpCounts } from '@siks/testing/tracing';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry, withTraceparent } from '../src/index.ts';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

// The benches' "local collector" (BENCH_TRACING, @siks/testing/tracing) against the services'
// own tracing SDK: the spans it counts are the spans exported. This file runs in its own process.
describe('the local OTLP receiver of the benches', () => {
  afterAll(() => {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  });

  it('takes the SDK’s protobuf exports and counts their spans, and those that start a trace', async () => {
    const receiver = await startOtlpReceiver();
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.url;
    const telemetry = await startTelemetry({ serviceName: 'otlp-receiver-test' });
    expect(telemetry.enabled).toBe(true);
    for (let index = 0; index < 3; index += 1) await withTraceparent(PARENT, async () => index, `work ${index}`);
    await withTraceparent(undefined, async () => 'no parent', 'root work');
    await telemetry.shutdown(); // flushes the batch span processor
    const counts: OtlpCounts = receiver.counts();
    await receiver.stop();
    expect(counts.requests['traces']).toBeGreaterThanOrEqual(1);
    expect(counts.spans).toBe(4);
    // Spans without a parent start traces of their own: the receiver names them apart.
    expect(counts.rootSpansByName).toEqual({ 'root work': 1 });
    expect(counts.bytes).toBeGreaterThan(0);
  });
});
