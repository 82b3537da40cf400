import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { describe, expect, it } from 'vitest';
import { isTransactionControlSpan, samplerFromEnv, transactionControlFilter } from './trace-sampler.ts';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const decide = (sampler: tracing.Sampler, name: string) =>
  sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, name, SpanKind.CLIENT, {}, []).decision;

describe('trace sampler', () => {
  it('leaves out BEGIN, COMMIT, SET, SAVEPOINT and RELEASE, and nothing else', () => {
    for (const name of ['pg.query:BEGIN db', 'pg.query:COMMIT db', 'pg.query:SET db', 'pg.query:RELEASE db'])
      expect(isTransactionControlSpan(name), name).toBe(true);
    for (const name of ['pg.query:ROLLBACK db', 'pg.query:SELECT db', 'pg.query:SETUP db', 'BEGIN', 'request'])
      expect(isTransactionControlSpan(name), name).toBe(false);
  });

  it('asks the configured sampler about every other span', () => {
    const on = transactionControlFilter(samplerFromEnv({}, tracing), tracing);
    expect(decide(on, 'pg.query:COMMIT db')).toBe(tracing.SamplingDecision.NOT_RECORD);
    expect(decide(on, 'pg.query:INSERT db')).toBe(tracing.SamplingDecision.RECORD_AND_SAMPLED);
    const off = transactionControlFilter(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }, tracing), tracing);
    expect(decide(off, 'pg.query:INSERT db')).toBe(tracing.SamplingDecision.NOT_RECORD);
    expect(off.toString()).toContain('AlwaysOff');
  });

  it('reads OTEL_TRACES_SAMPLER and its ratio as the SDK does', () => {
    const none = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, tracing);
    expect(decide(none, 'request')).toBe(tracing.SamplingDecision.NOT_RECORD);
    const all = samplerFromEnv(
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' },
      tracing,
    );
    expect(decide(all, 'request')).toBe(tracing.SamplingDecision.RECORD_AND_SAMPLED);
    expect(samplerFromEnv({}, tracing).toString()).toMatch(/ParentBased.*AlwaysOn/);
  });
});
