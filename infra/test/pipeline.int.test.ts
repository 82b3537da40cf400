/**
 * The whole pipeline as `pnpm start` runs it: every service its own process (esbuild bundles on
 * plain node), the gateway in front, real HTTP through the gateway only (support/pipeline-flow.ts).
 * It runs twice with the same assertions: once with the bus in PostgreSQL (the embedded default),
 * once on the Kafka protocol — against `KAFKA_BROKERS` when set (use a scratch broker: the topics
 * keep their names), else against librdkafka's mock cluster started here
 * (`SIKS_BUS=kafka pnpm start` does the same) — and a third time on a real Kafka broker in a
 * container where a Docker engine exists (testcontainers; skipped with the reason elsewhere).
 * The services trace to an OTLP receiver in this
 * process (support/otlp-collector.ts): first one proposal is followed by its spans through every
 * service (support/trace-flow.ts), then the whole flow runs with tracing on.
 */
import { readFile } from 'node:fs/promises';
import { mockClusterUnavailable } from '@siks/bus/kafka-peer';
import { containerRuntimeUnavailable, startKafkaContainer, type RunningContainer } from '@siks/testing/containers';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystemBus, type BusKind, type SystemBus } from '../src/bus-choice.ts';
import { busTraffic } from './support/bus-traffic.ts';
import { startOtlpCollector, type OtlpCollector } from './support/otlp-collector.ts';
import { ALWAYS_OPEN, runPipelineFlow } from './support/pipeline-flow.ts';
import { startServiceProcesses, type ServiceProcesses } from './support/service-processes.ts';
import { followOneProposal } from './support/trace-flow.ts';
import { WATCHED_METRICS } from './support/metric-names.ts';
import { eventually } from './support/http.ts';
import { prometheusUnavailable, startPrometheus } from '../src/prometheus.ts';

const kafkaUnavailable = process.env['KAFKA_BROKERS'] ? undefined : mockClusterUnavailable();
const noPrometheus = prometheusUnavailable();
const noContainers = await containerRuntimeUnavailable();

/** Service output worth seeing when a run fails (warnings and errors only). */
const printer = (label: string) => (line: string) => void process.stderr.write(`[${label}] ${line}\n`);

const runs: { kind: BusKind; container: boolean; title: string; skipped: string | undefined }[] = [
  { kind: 'postgres', container: false, title: 'the PostgreSQL bus', skipped: undefined },
  // No librdkafka here and not in CI: skipped with the reason (in CI the run fails instead).
  {
    kind: 'kafka',
    container: false,
    title: 'the Kafka protocol',
    skipped: kafkaUnavailable !== undefined && !process.env['CI'] ? kafkaUnavailable : undefined,
  },
  { kind: 'kafka', container: true, title: 'a Kafka broker (testcontainers)', skipped: noContainers },
];

for (const { kind, container, title, skipped } of runs) {
  describe.skipIf(skipped !== undefined)(
    `the pipeline on ${title}, submit to reporting${skipped ? ` (skipped: ${skipped})` : ''}`,
    () => {
      let databaseUrl = '';
      let bus: SystemBus | undefined;
      let broker: (RunningContainer & { brokers: string[] }) | undefined;
      let processes: ServiceProcesses | undefined;
      let collector: OtlpCollector | undefined;

      beforeAll(async () => {
        databaseUrl = await useTestDatabase(`pipeline_${kind}${container ? '_container' : ''}`);
        broker = container ? await startKafkaContainer() : undefined;
        bus = await startSystemBus(
          kind,
          databaseUrl,
          broker ? { ...process.env, KAFKA_BROKERS: broker.brokers.join(',') } : process.env,
        );
        collector = await startOtlpCollector();
        processes = await startServiceProcesses({
          databaseUrl,
          busUrl: bus.url,
          gateway: true,
          env: { ...bus.env, ...collector.env, PROPOSAL_WINDOWS: ALWAYS_OPEN },
          print: printer(kind),
        });
      }, 240_000);

      afterAll(async () => {
        await processes?.close();
        await bus?.stop();
        await broker?.stop();
        await collector?.close();
      }, 120_000);

      it('follows one proposal in one trace from the gateway through every service, without personal data', async () => {
        await followOneProposal({
          api: processes!.urls.gateway!,
          token: (role, region, userId) => processes!.token(role, region, userId),
          today: new Date().toISOString().slice(0, 10),
          collector: collector!,
          scopes: [
            '@opentelemetry/instrumentation-pg',
            // The server spans are @fastify/otel's; the gateway's proxying is undici's.
            '@fastify/otel',
            '@opentelemetry/instrumentation-undici',
            ...(kind === 'kafka' ? ['@opentelemetry/instrumentation-kafkajs'] : []),
          ],
        });
      }, 120_000);

      it('exports each watched metric over OTLP and serves it on /metrics', async () => {
        // After the proposal above: every metric reached the collector from the service that owns it…
        await eventually(
          async () => {
            const points = collector!.points();
            return WATCHED_METRICS.every(({ metric, service }) =>
              points.some((point) => point.metric === metric && point.service === service),
            );
          },
          `the watched metrics: ${WATCHED_METRICS.map(({ metric }) => metric).join(', ')}`,
        ).catch((error: Error) => {
          const seen = new Set(collector!.points().map((point) => `${point.service}:${point.metric}`));
          const missing = WATCHED_METRICS.filter(({ metric, service }) => !seen.has(`${service}:${metric}`));
          throw new Error(`${error.message}; missing ${missing.map((m) => `${m.service}:${m.metric}`).join(', ')}`);
        });
        const points = collector!.points();
        const lag = points.filter((point) => point.metric === 'siks.consumer.lag' && point.service === 'verification');
        expect(lag.map((point) => point.attributes['messaging.destination.name'])).toContain('intake.proposals.v1');
        expect(
          points.some(
            (point) =>
              point.metric === 'siks.eventstore.appended_events' &&
              point.attributes['category'] === 'proposal' &&
              point.value >= 1,
          ),
        ).toBe(true);
        // …and /metrics serves the same in Prometheus text (the gateway's needs a token: it is the public edge).
        const scraped = WATCHED_METRICS.filter((entry) => entry.service !== 'gateway');
        const texts = new Map(
          await Promise.all(
            [...new Set(scraped.map((entry) => entry.service))].map(
              async (service) =>
                [service, await (await fetch(`${processes!.urls[service as 'intake']}/metrics`)).text()] as const,
            ),
          ),
        );
        for (const { service, prometheus } of scraped) {
          expect(texts.get(service), `${service} /metrics`).toMatch(
            new RegExp(`^${prometheus}(_count|_total)?\\{`, 'm'),
          );
        }
      }, 60_000);

      // The embedded default's bus only (the smoke test of what a Prometheus sees, not of the bus).
      it.skipIf(kind !== 'postgres' || noPrometheus !== undefined)(
        `is scraped by Prometheus: every service a target, up, its lag metrics present${noPrometheus ? ` (skipped: ${noPrometheus})` : ''}`,
        async () => {
          const urls = processes!.urls;
          const admin = await processes!.token('admin_provinsi', '52', 'prometheus');
          const prometheus = await startPrometheus(
            Object.entries(urls).map(([job, url]) => ({
              job,
              address: new URL(url).host,
              ...(job === 'gateway' ? { bearer: admin } : {}),
            })),
          );
          try {
            const expected = {
              gateway: ['up'],
              intake: ['siks_relay_lag', 'siks_consumer_lag'],
              document: ['siks_consumer_lag'],
              verification: ['siks_relay_lag', 'siks_consumer_lag'],
              registry: ['siks_relay_lag', 'siks_consumer_lag'],
              reporting: ['siks_consumer_lag', 'siks_projection_lag', 'reporting_projection_lag_events'],
            };
            await eventually(
              async () => {
                const up = await prometheus.query('up == 1');
                return Object.keys(urls).every((job) => up.some((sample) => sample.metric['job'] === job));
              },
              'every service up in Prometheus',
              30_000,
            );
            // Every series compose's Grafana dashboard draws exists under that name.
            const dashboard = await readFile(
              new URL('../compose/grafana/dashboards/siks.json', import.meta.url),
              'utf8',
            );
            const drawn = new Set([...dashboard.matchAll(/([a-z_]+)\{job=/g)].map((match) => match[1]!));
            expect(drawn.size).toBeGreaterThan(8);
            for (const name of drawn) {
              expect((await prometheus.query(`${name}`)).length, `dashboard series ${name}`).toBeGreaterThan(0);
            }
            for (const [job, names] of Object.entries(expected)) {
              for (const name of names) {
                const found = await prometheus.query(`${name}{job="${job}"}`);
                expect(found.length, `${name} of ${job}`).toBeGreaterThan(0);
              }
            }
          } finally {
            await prometheus.stop();
          }
        },
        60_000,
      );

      it('takes proposals of three villages in two regencies through every service', async () => {
        await runPipelineFlow({
          api: processes!.urls.gateway!,
          token: (role, region, userId) => processes!.token(role, region, userId),
          today: new Date().toISOString().slice(0, 10),
        });
        // The events went over the bus under test, and only over it.
        const traffic = await busTraffic(databaseUrl, bus!.url);
        if (kind === 'postgres') expect(traffic).toEqual({ postgres: expect.any(Number), kafka: 0 });
        else expect(traffic).toEqual({ postgres: 0, kafka: expect.any(Number) });
        expect(traffic[kind]).toBeGreaterThan(20);
      }, 300_000); // the whole chain, on a machine other suites share
    },
  );
}
