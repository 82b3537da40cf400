/**
 * Why a handler failed: because a dependency is unavailable (the database restarts, the broker
 * is away, a transaction lost a serialization race), or because of the message itself. Only the
 * second counts towards the dead-letter limit; the first is retried until the dependency returns
 * (an outage must not turn good messages into dead letters).
 *
 * The reason returned names only codes and error class names, never the error's message, so it
 * can be logged as it is.
 */

/** Socket errors of a peer that is down, restarting or unreachable (Node's `error.code`). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that say "not now" rather than "not this message": connection exceptions
 * (class 08), too many connections, disk full, the server shutting down or starting up, a
 * standby reached during a failover (read-only), and serialization failures and deadlocks,
 * which PostgreSQL documents as retryable.
 */
const SQLSTATES: Record<string, string> = {
  '25006': 'database is read-only (failover)',
  '40001': 'serialization failure (retryable)',
  '40P01': 'deadlock (retryable)',
  '53100': 'database disk full',
  '53300': 'too many database connections',
  '57P01': 'database shutting down',
  '57P02': 'database crashed',
  '57P03': 'database not accepting connections yet',
  '57P05': 'database session timed out',
};

/** node-postgres errors without a code: the connection died, or the pool had none to give. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Query read timeout/,
];

/** kafkajs (and KafkaJS-compatible) errors of a broker that is away or busy. */
const KAFKA_UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSLockTimeout',
  'KafkaJSNoBrokerAvailableError',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function ownReason(error: ErrorLike): string | undefined {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined) {
    if (NETWORK_CODES.has(code)) return `dependency unreachable (${code})`;
    if (code.startsWith('08') && code.length === 5) return `database connection lost (${code})`;
    const known = SQLSTATES[code];
    if (known) return `${known} (${code})`;
    // Connecting to a database with ALLOW_CONNECTIONS false (maintenance): 55000 is otherwise
    // a plain "object not in prerequisite state", which is the handler's own doing.
    if (code === '55000' && /not currently accepting connections/.test(String(error.message))) {
      return `database not accepting connections (${code})`;
    }
  }
  const name = typeof error.name === 'string' ? error.name : '';
  if (KAFKA_UNAVAILABLE.has(name)) return `broker unavailable (${name})`;
  if (name === 'KafkaJSProtocolError' && error.retriable === true) return `broker busy (${name})`;
  if (code === undefined && typeof error.message === 'string') {
    if (PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message as string))) {
      return 'database connection lost';
    }
  }
  return undefined;
}

/**
 * The reason `error` is an infrastructure failure (to retry without counting it), or undefined
 * when it is the message's own failure. Looks through `cause` chains (an error wrapped by a
 * handler or by kafkajs's retrier) and AggregateErrors (Node's connect to several addresses).
 */
export function infrastructureFailure(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const errorLike = next as ErrorLike;
    const reason = ownReason(errorLike);
    if (reason) return reason;
    if (errorLike.cause !== undefined) queue.push(errorLike.cause);
    if (Array.isArray(errorLike.errors)) queue.push(...(errorLike.errors as unknown[]));
  }
  return undefined;
}

export const isInfrastructureFailure = (error: unknown): boolean => infrastructureFailure(error) !== undefined;
