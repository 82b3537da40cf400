import { describe, expect, it } from 'vitest';
import { parseBusUrl } from './from-url.ts';

describe('parseBusUrl', () => {
  it('selects PostgreSQL for postgres:// and postgresql://', () => {
    expect(parseBusUrl('postgres://u:secret@db:5432/siks')).toEqual({ kind: 'postgres' });
    expect(parseBusUrl('postgresql://db/siks')).toEqual({ kind: 'postgres' });
  });

  it('selects Kafka with its brokers for kafka://host:port,host:port', () => {
    expect(parseBusUrl('kafka://k1:9092,k2:9093')).toEqual({ kind: 'kafka', brokers: ['k1:9092', 'k2:9093'] });
    expect(parseBusUrl('kafka://127.0.0.1:9092/')).toEqual({ kind: 'kafka', brokers: ['127.0.0.1:9092'] });
  });

  it('rejects other schemes and broker lists without ports, never echoing the URL', () => {
    expect(() => parseBusUrl('amqp://user:secret@mq')).toThrow(/unsupported scheme "amqp"/);
    expect(() => parseBusUrl('amqp://user:secret@mq')).not.toThrow(/secret/);
    expect(() => parseBusUrl('kafka://k1')).toThrow(/host:port/);
    expect(() => parseBusUrl('not a url')).toThrow(/\(none\)/);
  });
});
