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

export function toKafkaMessage(message: OutgoingMessage): Message {
  return { key: message.key, value: message.value, headers: { ...message.headers } };
}

export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): FetchedMessage {
  const millis = Number(message.timestamp);
  return {
    topic,
    partition,
    offset: message.offset,
    key: text(message.key),
    value: text(message.value),
    headers: headersOf(message.headers),
    timestamp: new Date(Number.isFinite(millis) && millis > 0 ? millis : Date.now()).toISOString(),
  };
}
