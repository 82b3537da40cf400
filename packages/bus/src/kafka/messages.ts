import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { FetchedMessage } from '../delivery.ts';
import type { OutgoingMessage } from '../port.ts';

const text = (value: Buffer | string | null | undefined): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : value.toString('utf8');

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? text(value[value.length - 1]) : text(value);
  }
  return result;
}

/**
 * A copy of the `traceparent` header that OpenTelemetry's kafkajs instrumentation leaves alone:
 * it overwrites `traceparent` with its own send span, a child of whatever context is active at
 * `send` — one context for a whole relay batch of events from many requests. The bus port's
 * `traceparent` (the relay's publish span of that one event) comes back from this copy.
 */
const TRACEPARENT_COPY = 'siks-traceparent';

export function toKafkaMessage(message: OutgoingMessage): Message {
  const headers = { ...message.headers };
  if (headers['traceparent']) headers[TRACEPARENT_COPY] = headers['traceparent'];
  return { key: message.key, value: message.value, headers };
}

function restoreTraceparent(headers: Record<string, string>): Record<string, string> {
  const copy = headers[TRACEPARENT_COPY];
  if (copy === undefined) return headers;
  delete headers[TRACEPARENT_COPY];
  headers['traceparent'] = copy;
  return headers;
}

export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): FetchedMessage {
  const millis = Number(message.timestamp);
  return {
    topic,
    partition,
    offset: message.offset,
    key: text(message.key),
    value: text(message.value),
    headers: restoreTraceparent(headersOf(message.headers)),
    timestamp: new Date(Number.isFinite(millis) && millis > 0 ? millis : Date.now()).toISOString(),
  };
}
