import { metrics } from '@opentelemetry/api';
import type pg from 'pg';

/** Open pools: their application name and maximum. */
const pools = new Map<pg.Pool, { name: string; max: number }>();
let registered = false;

function register(): void {
  registered = true;
  const meter = metrics.getMeter('@siks/pg');
  const count = meter.createObservableUpDownCounter('db.client.connection.count', {
    description: 'Connections of a pool by state (used, idle)',
    unit: '{connection}',
  });
  const limit = meter.createObservableUpDownCounter('db.client.connection.max', {
    description: 'The most connections a pool opens',
    unit: '{connection}',
  });
  const pending = meter.createObservableUpDownCounter('db.client.connection.pending_requests', {
    description: 'Requests waiting for a connection of a full pool',
    unit: '{request}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      for (const [pool, { name, max }] of pools) {
        const attributes = { 'db.client.connection.pool.name': name };
        result.observe(count, pool.totalCount - pool.idleCount, {
          ...attributes,
          'db.client.connection.state': 'used',
        });
        result.observe(count, pool.idleCount, { ...attributes, 'db.client.connection.state': 'idle' });
        result.observe(limit, max, attributes);
        result.observe(pending, pool.waitingCount, attributes);
      }
    },
    [count, limit, pending],
  );
}

/**
 * Pool saturation as OpenTelemetry metrics (semantic-convention names): connections in use and
 * idle, the pool's maximum, and requests waiting for a connection — a pool at its maximum with
 * requests waiting is saturated. Read at each collection while the pool is open; no-ops until a
 * service's `main.ts` started the metrics provider (before it creates its pools).
 */
export function observePool(pool: pg.Pool, name: string, max: number): void {
  if (!registered) register();
  pools.set(pool, { name, max });
  const end = pool.end.bind(pool) as () => Promise<void>;
  pool.end = (() => {
    pools.delete(pool);
    return end();
  }) as typeof pool.end;
}
