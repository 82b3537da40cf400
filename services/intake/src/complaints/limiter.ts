import { ProblemError } from '@siks/service-kit';

export interface WindowLimiter {
  /** Counts one attempt of `client`; throws 429 once it is over the limit for the window. */
  take(client: string): void;
}

/**
 * A fixed-window limit per client address, stricter than the service-wide one: for the public
 * complaint form (no token), so one address cannot flood village queues. In memory, per process.
 */
export function createWindowLimiter(options: { limit: number; windowMs: number; now: () => number }): WindowLimiter {
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    take(client) {
      if (options.limit <= 0) return;
      const time = options.now();
      if (time - windowStart >= options.windowMs) {
        windowStart = time - (time % options.windowMs);
        counts = new Map();
      }
      const count = (counts.get(client) ?? 0) + 1;
      counts.set(client, count);
      if (count > options.limit) {
        const retryAfter = Math.max(1, Math.ceil((windowStart + options.windowMs - time) / 1000));
        throw new ProblemError({
          status: 429,
          code: 'complaints_rate_limited',
          params: { retryAfter },
          headers: { 'retry-after': String(retryAfter) },
        });
      }
    },
  };
}
