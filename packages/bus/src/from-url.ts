import type { Pool } from '@siks/pg';
import { createKafkaBus, type KafkaBusOptions } from './kafka/bus.ts';
import type { Bus } from './port.ts';
import { tracedBus } from './traced-bus.ts';
import { createPostgresBus, type PostgresBusOptions } from './postgres/bus.ts';

export type BusTarget = { kind: 'postgres' } | { kind: 'kafka'; brokers: string[] };

/**
 * Reads `BUS_URL`: `postgres://…` (or `postgresql://…`) selects the PostgreSQL adapter,
 * `kafka://host:port,host:port` the Kafka adapter. Errors never echo the URL (it may hold a
 * password).
 */
export function parseBusUrl(url: string): BusTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return { kind: 'postgres' };
  if (scheme === 'kafka') {
    const hosts = url.slice('kafka://'.length).split(/[/?#]/)[0] ?? '';
    const brokers = hosts.split(',').map((host) => host.trim());
    if (brokers.length === 0 || brokers.some((broker) => !/^[^\s:@]+:\d{1,5}$/.test(broker))) {
      throw new Error('BUS_URL: kafka:// needs host:port[,host:port…]');
    }
    return { kind: 'kafka', brokers };
  }
  throw new Error(`BUS_URL: unsupported scheme ${scheme ? `"${scheme}"` : '(none)'}; use postgres:// or kafka://`);
}

export interface BusFromUrlOptions {
  /** Kafka client id (default "siks"). */
  clientId?: string;
  postgres?: Omit<PostgresBusOptions, 'pool'>;
  kafka?: Omit<KafkaBusOptions, 'brokers' | 'clientId'>;
}

/**
 * The bus chosen by configuration (DESIGN.md §3). With `postgres://` the bus lives in the
 * database of `pool` (run `busMigrations` there); the URL only selects the adapter.
 */
export function createBusFromUrl(url: string, pool: Pool, options: BusFromUrlOptions = {}): Bus {
  const target = parseBusUrl(url);
  switch (target.kind) {
    case 'postgres':
      return tracedBus(createPostgresBus({ pool, ...options.postgres }));
    case 'kafka':
      return tracedBus(
        createKafkaBus({ brokers: target.brokers, clientId: options.clientId ?? 'siks', ...options.kafka }),
      );
    default: {
      const never: never = target;
      throw new Error(`unknown bus target ${String(never)}`);
    }
  }
}
