/**
 * How long a rebuild waits before it looks at its consumer group again: a third of the time the
 * remaining lag should take at the rate so far, between `minMs` and `maxMs`. Looking every few
 * milliseconds throughout a long catch-up costs the database (and the consumer it shares the
 * CPU with) a query each time; near the end the waits shrink, so the swap is not delayed.
 */
export function nextPollDelay(options: {
  lagEvents: number;
  processed: number;
  elapsedMs: number;
  minMs: number;
  maxMs: number;
}): number {
  const { lagEvents, processed, elapsedMs, minMs, maxMs } = options;
  if (processed <= 0 || elapsedMs <= 0) return minMs;
  const remainingMs = (lagEvents * elapsedMs) / processed;
  return Math.round(Math.min(maxMs, Math.max(minMs, remainingMs / 3)));
}
