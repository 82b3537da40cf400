import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { tracing } from '@opentelemetry/sdk-node';

type Sampler = tracing.Sampler;
type SamplingResult = tracing.SamplingResult;
type SdkTracing = typeof tracing;

/**
 * pg spans of transaction control and session settings: `BEGIN`, `COMMIT`, `SET …` (e.g. `SET
 * LOCAL synchronous_commit`), `SAVEPOINT`, `RELEASE`. They were 6 of the ~38 spans of a proposal
 * in `bench:pipeline` (every transaction has a BEGIN and a COMMIT) and say nothing the enclosing
 * span and its statements do not: a commit's wait shows as the time after the transaction's last
 * statement. `ROLLBACK` stays: it marks a failure.
 */
const TRANSACTION_CONTROL = /^pg\.query:(BEGIN|COMMIT|SET|SAVEPOINT|RELEASE)\b/;

/** True for a span name that `transactionControlFilter` leaves unrecorded. */
export function isTransactionControlSpan(name: string): boolean {
  return TRANSACTION_CONTROL.test(name);
}

/**
 * The configured sampler, except that transaction-control statements are not recorded (never
 * exported; a non-recording span is nearly free). This is not trace sampling: every request's
 * trace is still whole, only those statements are left out of it.
 */
export function transactionControlFilter(inner: Sampler, sdk: SdkTracing): Sampler {
  return {
    shouldSample(
      context: Context,
      traceId: string,
      spanName: string,
      spanKind: SpanKind,
      attributes: Attributes,
      links: Link[],
    ): SamplingResult {
      if (isTransactionControlSpan(spanName)) return { decision: sdk.SamplingDecision.NOT_RECORD };
      return inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    },
    toString: () => `TransactionControlFilter{${inner.toString()}}`,
  };
}

/**
 * The sampler `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` name (the SDK's own reading of
 * them is internal, and passing a sampler of our own replaces it): `parentbased_always_on` by
 * default (every trace recorded), `always_on`, `always_off`, `traceidratio`,
 * `parentbased_always_off`, `parentbased_traceidratio`. Anything else: the default, as the SDK does.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv, sdk: SdkTracing): Sampler {
  const parsed = Number(env['OTEL_TRACES_SAMPLER_ARG']);
  const ratio = Number.isFinite(parsed) && parsed >= 0 && parsed <= 1 ? parsed : 1;
  switch (env['OTEL_TRACES_SAMPLER']) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return new sdk.TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(ratio) });
    default:
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}
