import { connect } from 'node:net';
import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '@siks/testing';
import { infrastructureFailure, isInfrastructureFailure } from './failure.ts';

/** A server error as node-postgres makes it from the wire. */
function databaseError(code: string, message = 'server said no'): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

/** The error of a real TCP connect to a port nobody listens on. */
async function refusedConnection(): Promise<unknown> {
  const port = await freePort();
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', resolve);
  });
}

describe('infrastructureFailure', () => {
  it('names the database unavailable by its SQLSTATE: shutdown, startup, connection loss, limits, retryable races', () => {
    expect(infrastructureFailure(databaseError('57P01'))).toBe('database shutting down (57P01)');
    expect(infrastructureFailure(databaseError('57P03'))).toBe('database not accepting connections yet (57P03)');
    expect(infrastructureFailure(databaseError('08006'))).toBe('database connection lost (08006)');
    expect(infrastructureFailure(databaseError('08P01'))).toBe('database connection lost (08P01)');
    expect(infrastructureFailure(databaseError('53300'))).toBe('too many database connections (53300)');
    expect(infrastructureFailure(databaseError('40001'))).toBe('serialization failure (retryable) (40001)');
    expect(infrastructureFailure(databaseError('40P01'))).toBe('deadlock (retryable) (40P01)');
    expect(infrastructureFailure(databaseError('25006'))).toBe('database is read-only (failover) (25006)');
  });

  it('leaves the handler’s own errors to count: constraint and data errors, bugs, timeouts of its statements', () => {
    for (const code of ['23505', '23503', '22P02', '42P01', '42703', '57014', 'P0001', '55000']) {
      expect(infrastructureFailure(databaseError(code)), code).toBeUndefined();
    }
    expect(infrastructureFailure(new TypeError("Cannot read properties of undefined (reading 'nik')"))).toBeUndefined();
    expect(infrastructureFailure(new Error('Connection refused by the rules of this domain'))).toBeUndefined();
    expect(infrastructureFailure('a string')).toBeUndefined();
    expect(infrastructureFailure(undefined)).toBeUndefined();
  });

  it('counts 55000 only when the database refuses connections (ALLOW_CONNECTIONS false)', () => {
    const refused = databaseError('55000', 'database "siks" is not currently accepting connections');
    expect(infrastructureFailure(refused)).toBe('database not accepting connections (55000)');
  });

  it('knows a refused TCP connection and node-postgres’s errors of a dead connection or an exhausted pool', async () => {
    expect(infrastructureFailure(await refusedConnection())).toBe('dependency unreachable (ECONNREFUSED)');
    expect(isInfrastructureFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureFailure(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isInfrastructureFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isInfrastructureFailure(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      true,
    );
  });

  it('looks through causes and AggregateErrors', async () => {
    const wrapped = new Error('could not save the case', { cause: databaseError('57P01') });
    expect(infrastructureFailure(wrapped)).toBe('database shutting down (57P01)');
    const aggregate = new AggregateError([new Error('first address'), await refusedConnection()], 'connect failed');
    expect(isInfrastructureFailure(aggregate)).toBe(true);
    const poison = new Error('could not save the case', { cause: databaseError('23505') });
    expect(infrastructureFailure(poison)).toBeUndefined();
    const cyclic = new Error('cycle') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(infrastructureFailure(cyclic)).toBeUndefined();
  });

  it('knows kafkajs errors of an absent or busy broker, and not its final ones', () => {
    const down = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(infrastructureFailure(down)).toBe('broker unavailable (KafkaJSConnectionError)');
    expect(
      isInfrastructureFailure(new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')),
    ).toBe(true);
    expect(isInfrastructureFailure(new KafkaJSNumberOfRetriesExceeded(down, { retryCount: 5, retryTime: 100 }))).toBe(
      true,
    );
    // kafkajs builds these from its table of broker error codes: { type, code, retriable, message }.
    const brokerError = (type: string, code: number, retriable: boolean): Error =>
      Object.assign(new Error(type), { type, code, retriable });
    const leaderless = new KafkaJSProtocolError(brokerError('LEADER_NOT_AVAILABLE', 5, true));
    expect(infrastructureFailure(leaderless)).toBe('broker busy (KafkaJSProtocolError)');
    const tooLarge = new KafkaJSProtocolError(brokerError('MESSAGE_TOO_LARGE', 10, false));
    expect(infrastructureFailure(tooLarge)).toBeUndefined();
  });

  it('names only codes and class names, never the error’s message', () => {
    const reason = infrastructureFailure(databaseError('57P01', 'NIK 5202010101010001 at fault'));
    expect(reason).not.toContain('5202');
  });
});
