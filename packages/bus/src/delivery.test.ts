import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { DeadLetterHeaders, ReplayHeaders, type BusMessage, type OutgoingMessage } from './port.ts';
import { deliverPartition, type DeliveryContext, type FetchedMessage } from './delivery.ts';

const messages = (values: string[]): FetchedMessage[] =>
  values.map((value, offset) => ({
    topic: 't',
    partition: 2,
    offset: String(offset + 10),
    key: `k${offset}`,
    value,
    headers: { h: 'v' },
    timestamp: '2025-01-01T00:00:00.000Z',
  }));

function context(handle: (batch: readonly BusMessage[]) => Promise<void>, overrides: Partial<DeliveryContext> = {}) {
  const commits: string[] = [];
  const dead: { topic: string; message: OutgoingMessage }[] = [];
  const ctx: DeliveryContext = {
    groupId: 'g',
    handle,
    maxAttempts: 3,
    maxBatchSize: 10,
    retryDelayMs: 0,
    deadLetter: async (topic, message) => void dead.push({ topic, message }),
    commit: async (offset) => void commits.push(offset),
    isActive: () => true,
    sleep: async () => undefined,
    now: () => new Date('2025-02-03T04:05:06.000Z'),
    ...overrides,
  };
  return { ctx, commits, dead };
}

describe('deliverPartition', () => {
  it('hands out batches of at most maxBatchSize and commits after each', async () => {
    const seen: string[][] = [];
    const { ctx, commits } = context(async (batch) => void seen.push(batch.map((m) => m.value)), { maxBatchSize: 2 });
    expect(await deliverPartition(messages(['a', 'b', 'c']), ctx)).toBe(3);
    expect(seen).toEqual([['a', 'b'], ['c']]);
    expect(commits).toEqual(['12', '13']);
  });

  it('narrows a failing batch to single messages and dead-letters the one that keeps failing', async () => {
    const attemptsOfPoison: number[] = [];
    const handled: string[] = [];
    const { ctx, commits, dead } = context(async (batch) => {
      for (const m of batch) if (m.value === 'poison') attemptsOfPoison.push(m.attempt);
      if (batch.some((m) => m.value === 'poison')) throw new Error('cannot handle');
      handled.push(...batch.map((m) => m.value));
    });
    expect(await deliverPartition(messages(['a', 'poison', 'c']), ctx)).toBe(3);
    expect(handled).toEqual(['a', 'c']);
    expect(attemptsOfPoison).toEqual([1, 2, 3]);
    expect(commits).toEqual(['11', '12', '13']);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.topic).toBe('t.dlq');
    expect(dead[0]!.message).toEqual({
      key: 'k1',
      value: 'poison',
      headers: {
        h: 'v',
        [DeadLetterHeaders.error]: 'Error: cannot handle',
        [DeadLetterHeaders.topic]: 't',
        [DeadLetterHeaders.partition]: '2',
        [DeadLetterHeaders.offset]: '11',
        [DeadLetterHeaders.attempts]: '3',
        [DeadLetterHeaders.groupId]: 'g',
        [DeadLetterHeaders.failedAt]: '2025-02-03T04:05:06.000Z',
      },
    });
  });

  it('retries a message that fails a few times and then succeeds, without dead-lettering it', async () => {
    let failuresLeft = 2;
    const { ctx, dead, commits } = context(async () => {
      if (failuresLeft-- > 0) throw new Error('transient');
    });
    expect(await deliverPartition(messages(['a']), ctx)).toBe(1);
    expect(dead).toEqual([]);
    expect(commits).toEqual(['11']);
  });

  it('stops without committing or dead-lettering once the member is no longer active', async () => {
    let active = true;
    const { ctx, commits, dead } = context(
      async () => {
        throw new Error('down');
      },
      { isActive: () => active, sleep: async () => void (active = false) },
    );
    expect(await deliverPartition(messages(['a', 'b']), ctx)).toBe(0);
    expect(commits).toEqual([]);
    expect(dead).toEqual([]);
  });

  it('retries a batch while the database is unavailable, with growing pauses, without counting it', async () => {
    let outage = 7;
    const attemptsSeen: number[] = [];
    const pauses: number[] = [];
    const reported: unknown[] = [];
    const shutdown = new pg.DatabaseError('terminating connection due to administrator command', 0, 'error');
    shutdown.code = '57P01';
    const { ctx, commits, dead } = context(
      async (batch) => {
        attemptsSeen.push(...batch.map((m) => m.attempt));
        if (outage-- > 0) throw shutdown;
      },
      {
        maxAttempts: 2,
        infrastructureBackoff: { initialDelayMs: 10, maxDelayMs: 40 },
        sleep: async (ms) => void pauses.push(ms),
        onInfrastructureFailure: (error) => void reported.push(error),
      },
    );
    expect(await deliverPartition(messages(['a', 'b']), ctx)).toBe(2);
    expect(dead).toEqual([]);
    // The batch stayed whole (no narrowing to find a culprit) and its attempt number stayed 1.
    expect(attemptsSeen).toEqual(Array.from({ length: 16 }, () => 1));
    expect(commits).toEqual(['12']);
    expect(reported).toHaveLength(7);
    expect(pauses).toHaveLength(7);
    const ceilings = [10, 20, 40, 40, 40, 40, 40];
    pauses.forEach((pause, i) => {
      expect(pause).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(pause).toBeLessThanOrEqual(ceilings[i]!);
    });
  });

  it('counts only the failures that are the message’s own', async () => {
    const failures = [new Error('Connection terminated unexpectedly'), new Error('bad data'), new Error('bad data')];
    const { ctx, dead } = context(
      async () => {
        throw failures.shift() ?? new Error('still bad');
      },
      { maxAttempts: 3 },
    );
    expect(await deliverPartition(messages(['x']), ctx)).toBe(1);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.message.headers![DeadLetterHeaders.attempts]).toBe('3');
    expect(dead[0]!.message.headers![DeadLetterHeaders.error]).toBe('Error: still bad');
  });

  it('commits past a message replayed for another group without handing it out', async () => {
    const seen: string[] = [];
    const { ctx, commits } = context(async (batch) => void seen.push(...batch.map((m) => m.value)));
    const [a, b, c] = messages(['a', 'b', 'c']);
    b!.headers = { ...b!.headers, [ReplayHeaders.group]: 'other' };
    c!.headers = { ...c!.headers, [ReplayHeaders.group]: 'g' };
    expect(await deliverPartition([a!, b!, c!], ctx)).toBe(3);
    expect(seen).toEqual(['a', 'c']);
    expect(commits).toEqual(['13']);
  });
});
