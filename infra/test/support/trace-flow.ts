/**
 * One proposal, followed through every service by its spans: it is handed in (and submitted)
 * through the gateway, and the spans the services export to `collector` must show one trace from
 * the gateway's request through intake, the relay, verification, registry and reporting — and
 * no personal data in any span attribute.
 */
import { generateHouseholds } from '@siks/testing/generate';
import type { UserRole } from '@siks/service-kit';
import { expect } from 'vitest';
import { toHouseholdData } from './households.ts';
import { call, eventually } from './http.ts';
import type { CollectedSpan, OtlpCollector } from './otlp-collector.ts';

// In Nusa Tenggara Timur (53): a province the pipeline flow's reporting counts do not look at.
const VILLAGE = '53.07.01.2021';
const SERVER = 2; // SpanKind.SERVER in OTLP

export interface TraceFlowTarget {
  api: string;
  token(role: UserRole, region: string, userId?: string): Promise<string>;
  today: string;
  collector: OtlpCollector;
  /** Instrumentation scopes whose spans must appear (e.g. kafkajs on Kafka). */
  scopes: readonly string[];
}

/** A NIK or KK number: 16 digits not part of a longer run of digits or hex. */
const NIK_SHAPED = /(?<![\da-f])\d{16}(?![\da-f])/i;

export async function followOneProposal(target: TraceFlowTarget): Promise<CollectedSpan[]> {
  const { api, collector } = target;
  const [generated] = generateHouseholds({ seed: 'trace-one', count: 1, villages: [VILLAGE], today: target.today });
  const household = toHouseholdData(generated!);
  const created = await call<{ proposalId: string; status: string }>(`${api}/v1/intake/proposals`, {
    token: await target.token('operator_desa', VILLAGE, `op-trace`),
    body: { proposal: { type: 'new_household', household }, submit: true },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);

  // The gateway's server span of that request starts the trace.
  const root = await eventually(
    async () =>
      collector
        .spans()
        .find(
          (span) =>
            span.service === 'gateway' &&
            span.kind === SERVER &&
            span.parentSpanId === '' &&
            /POST/.test(`${span.name} ${String(span.attributes['http.request.method'] ?? '')}`) &&
            String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '') === '/v1/intake/proposals',
        ),
    'the gateway span of the submission',
  );
  const inTrace = (): CollectedSpan[] => collector.spans().filter((span) => span.traceId === root.traceId);
  const services = ['gateway', 'intake', 'verification', 'registry', 'reporting'];
  const spans = await eventually(async () => {
    const found = inTrace();
    const consumed = (service: string) => found.some((span) => span.service === service && / process$/.test(span.name));
    const relayed = found.some((span) => span.service === 'intake' && span.name === 'intake.proposals.v1 publish');
    // Auto-instrumentation works under the services' ES modules: pg inside the request's trace,
    // the other scopes anywhere (kafkajs's own spans start traces of their own and link).
    const scoped =
      found.some((span) => span.service === 'intake' && span.scope === '@opentelemetry/instrumentation-pg') &&
      target.scopes.every((scope) => collector.spans().some((span) => span.scope === scope));
    return relayed && scoped && ['verification', 'registry', 'reporting'].every(consumed) ? found : undefined;
  }, `spans of gateway, intake, relay, verification, registry and reporting in trace ${root.traceId}`).catch(
    (error: Error) => {
      const seen = inTrace().map((span) => `${span.service}: ${span.name} (${span.scope})`);
      throw new Error(`${error.message}; the trace has ${[...new Set(seen)].join('; ')}`);
    },
  );
  expect([...new Set(spans.map((span) => span.service))]).toEqual(expect.arrayContaining(services));
  // The relay's publish span is a child of intake's request; the consumers' spans of its message.
  const publish = spans.find((span) => span.name === 'intake.proposals.v1 publish')!;
  expect(spans.some((span) => span.spanId === publish.parentSpanId && span.service === 'intake')).toBe(true);
  expect(
    spans.some(
      (span) => span.service === 'verification' && span.parentSpanId === publish.spanId && / process$/.test(span.name),
    ),
  ).toBe(true);

  // No personal data in any attribute of any span any service exported.
  const personal = [household.kkNumber, ...household.members.flatMap((member) => [member.nik, member.name])].filter(
    (value): value is string => typeof value === 'string' && value.length > 3,
  );
  for (const span of collector.spans()) {
    for (const [key, value] of Object.entries(span.attributes)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      expect(NIK_SHAPED.test(text), `${span.service} ${span.name} ${key}`).toBe(false);
      for (const data of personal) expect(text.includes(data), `${span.service} ${span.name} ${key}`).toBe(false);
    }
  }
  return spans;
}
