import { startKafkaPeer } from '@siks/bus/kafka-peer';
import { topicSpecs } from '@siks/platform';

/** Which bus the launcher, the end-to-end tests and the pipeline bench give the services. */
export type BusKind = 'postgres' | 'kafka';

type Env = Readonly<Record<string, string | undefined>>;

/** `SIKS_BUS`: `postgres` (default: the bus in PostgreSQL) or `kafka` (the Kafka protocol). */
export function busKindOf(env: Env): BusKind {
  const value = (env['SIKS_BUS'] ?? 'postgres').trim().toLowerCase();
  if (value === 'postgres' || value === 'kafka') return value;
  throw new Error(`SIKS_BUS must be postgres or kafka, not "${value}"`);
}

export interface SystemBus {
  kind: BusKind;
  /** Every service's `BUS_URL`. */
  url: string;
  /** Variables every service gets besides `BUS_URL`. */
  env: Record<string, string>;
  /** One line for the operator: where the bus is. */
  description: string;
  stop(): Promise<void>;
}

/**
 * librdkafka's mock cluster answers an empty fetch only when its wait is over, not when a message
 * arrives meanwhile (a broker answers at once): with the default 5 s wait every hop of the
 * pipeline could take 5 s. It also waits (session timeout - 1 s) for members in a rebalance.
 */
const MOCK_TUNING = { KAFKA_FETCH_MAX_WAIT_MS: '100', KAFKA_SESSION_TIMEOUT_MS: '6000' };

/**
 * The bus of a whole system. PostgreSQL: the services' `BUS_URL` is the database they share.
 * Kafka: `KAFKA_BROKERS` when set, else librdkafka's mock cluster started here with every topic
 * of the system (a protocol peer for trying and testing the Kafka path: in memory, one broker,
 * gone when it stops — not a broker for production).
 */
export async function startSystemBus(kind: BusKind, databaseUrl: string, env: Env = process.env): Promise<SystemBus> {
  if (kind === 'postgres') {
    return {
      kind,
      url: databaseUrl,
      env: {},
      description: 'bus: PostgreSQL (schema bus)',
      stop: async () => undefined,
    };
  }
  const peer = await startKafkaPeer(topicSpecs, env);
  const where = peer.brokers.join(',');
  return {
    kind,
    url: peer.url,
    env: peer.kind === 'mock' ? MOCK_TUNING : {},
    description:
      peer.kind === 'mock'
        ? `bus: Kafka protocol, librdkafka's mock cluster at ${where} (in memory; not a production broker)`
        : `bus: Kafka at ${where} (KAFKA_BROKERS)`,
    stop: () => peer.stop(),
  };
}
