import { ProblemError } from '@siks/service-kit';
import { describe, expect, it } from 'vitest';
import { createWindowLimiter } from './limiter.ts';

describe('createWindowLimiter', () => {
  it('lets `limit` attempts per client through each window, then answers 429 with Retry-After', () => {
    let now = 3_600_000 * 10 + 60_000;
    const limiter = createWindowLimiter({ limit: 2, windowMs: 3_600_000, now: () => now });
    limiter.take('a');
    limiter.take('a');
    limiter.take('b');
    let refused: unknown;
    try {
      limiter.take('a');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 429, headers: { 'retry-after': '3540' } });
    now += 3_540_000;
    expect(() => limiter.take('a')).not.toThrow();
  });
});
