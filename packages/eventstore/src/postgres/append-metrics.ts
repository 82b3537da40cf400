import { metrics } from '@opentelemetry/api';
import type { EventStore } from '../port.ts';
import { categoryOfStream } from './category.ts';

type Append = EventStore['append'];

/**
 * `append` with its OpenTelemetry metrics: events appended (a counter; its rate is appends per
 * second) and the time an append call takes, by stream category (`proposal`, `case`, …) and
 * outcome. No-ops until a service's `main.ts` started the metrics provider.
 */
export function meteredAppend(append: Append): Append {
  const meter = metrics.getMeter('@siks/eventstore');
  const appended = meter.createCounter('siks.eventstore.appended_events', {
    description: 'Events appended to the event store',
    unit: '{event}',
  });
  const duration = meter.createHistogram('siks.eventstore.append.duration', {
    description: 'Time an append call takes (one stream, all its events atomically)',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
  });
  return async (streamId, events, expected) => {
    const started = performance.now();
    const category = categoryOfStream(streamId);
    try {
      const result = await append(streamId, events, expected);
      duration.record((performance.now() - started) / 1000, { category, outcome: 'ok' });
      appended.add(events.length, { category });
      return result;
    } catch (error) {
      duration.record((performance.now() - started) / 1000, { category, outcome: 'error' });
      throw error;
    }
  };
}
