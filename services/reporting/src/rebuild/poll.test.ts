import { describe, expect, it } from 'vitest';
import { nextPollDelay } from './poll.ts';

const limits = { minMs: 25, maxMs: 250 };

describe('nextPollDelay', () => {
  it('looks often until the rebuild has made progress', () => {
    expect(nextPollDelay({ lagEvents: 100_000, processed: 0, elapsedMs: 300, ...limits })).toBe(25);
  });

  it('waits a third of the remaining time at the rate so far, within the limits', () => {
    // 10,000 events in 1 s: 3,000 left take 300 ms, so look again in 100 ms.
    expect(nextPollDelay({ lagEvents: 3_000, processed: 10_000, elapsedMs: 1_000, ...limits })).toBe(100);
    expect(nextPollDelay({ lagEvents: 90_000, processed: 10_000, elapsedMs: 1_000, ...limits })).toBe(250);
    expect(nextPollDelay({ lagEvents: 100, processed: 10_000, elapsedMs: 1_000, ...limits })).toBe(25);
  });
});
