import type { Bus } from './port.ts';
import { traceDelivery } from './tracing.ts';

/**
 * `bus` with every consumer's handling of a delivery in a span of the trace its messages carry
 * (`traceDelivery`), whichever adapter and whichever consumer (event consumers, projections).
 */
export function tracedBus(bus: Bus): Bus {
  return {
    get handlerMayCommitAsynchronously() {
      return bus.handlerMayCommitAsynchronously;
    },
    ensureTopics: (topics) => bus.ensureTopics(topics),
    publish: (topic, messages) => bus.publish(topic, messages),
    consume: (options) =>
      bus.consume({
        ...options,
        handle: (messages) => traceDelivery(options.groupId, messages, () => options.handle(messages)),
      }),
    lag: (groupId, topics) => bus.lag(groupId, topics),
    close: () => bus.close(),
  };
}
