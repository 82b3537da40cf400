import { metrics, type Counter } from '@opentelemetry/api';
import type { ConsumerWatch } from './consumer-watch.ts';

/**
 * The bus's OpenTelemetry metrics: relay lag and throughput, consumer-group lag per topic, dead
 * letters. Instruments are made on first use (after a service's `main.ts` started the metrics
 * provider); until then, and in tests without one, they are no-ops.
 */
const meter = () => metrics.getMeter('@siks/bus');

/** Seconds the oldest event of each relay's last published page had waited (0 once caught up). */
const relayLag = new Map<string, { topic: string; seconds: number }>();
let relayInstruments: { published: Counter } | undefined;

function relayMetrics(): { published: Counter } {
  if (relayInstruments) return relayInstruments;
  const m = meter();
  const lag = m.createObservableGauge('siks.relay.lag', {
    description:
      'How long the oldest event of a relay’s last published page had waited since its append (0 when caught up)',
    unit: 's',
  });
  lag.addCallback((result) => {
    for (const [relay, { topic, seconds }] of relayLag)
      result.observe(seconds, { relay, 'messaging.destination.name': topic });
  });
  relayInstruments = {
    published: m.createCounter('siks.relay.published_events', {
      description: 'Events a relay published to its topic',
      unit: '{event}',
    }),
  };
  return relayInstruments;
}

/** After a relay's round: `oldestRecordedAt` of the page it published, none when it found nothing. */
export function recordRelayRound(relayId: string, topic: string, published: number, oldestRecordedAt?: string): void {
  const instruments = relayMetrics();
  if (published > 0) instruments.published.add(published, { relay: relayId, 'messaging.destination.name': topic });
  const seconds = oldestRecordedAt ? Math.max(0, (Date.now() - Date.parse(oldestRecordedAt)) / 1000) : 0;
  relayLag.set(relayId, { topic, seconds });
}

export function forgetRelay(relayId: string): void {
  relayLag.delete(relayId);
}

let deadLetterCounter: Counter | undefined;
const deadLetters = (): Counter =>
  (deadLetterCounter ??= meter().createCounter('siks.bus.dead_letters', {
    description: 'Messages moved to a dead-letter topic after their handler failed on them too often',
    unit: '{message}',
  }));

/** A message moved to its dead-letter topic. */
export function recordDeadLetter(topic: string, groupId: string): void {
  deadLetters().add(1, { 'messaging.destination.name': topic, 'messaging.consumer.group.name': groupId });
}

/** A series at 0 for each topic of a group that starts, so alerts on its increase work from the start. */
export function startDeadLetterSeries(groupId: string, topics: readonly string[]): void {
  for (const topic of topics) {
    deadLetters().add(0, { 'messaging.destination.name': topic, 'messaging.consumer.group.name': groupId });
  }
}

/**
 * Consumer-group lag per topic of the groups `watch` sees running in this process, read from
 * the bus when metrics are collected (a scrape, an OTLP export).
 */
export function observeConsumerLag(watch: ConsumerWatch): void {
  const lag = meter().createObservableGauge('siks.consumer.lag', {
    description: 'Messages on a topic a consumer group has not committed yet',
    unit: '{message}',
  });
  lag.addCallback(async (result) => {
    for (const progress of await watch.sample().catch(() => [])) {
      result.observe(progress.lag, {
        'messaging.consumer.group.name': progress.groupId,
        'messaging.destination.name': progress.topic,
      });
    }
  });
}
