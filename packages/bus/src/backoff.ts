/** Exponential backoff for retries while a dependency is away. */
export interface Backoff {
  /** Delay before the first retry (default 100 ms). */
  initialDelayMs?: number;
  /** Longest delay (default 5000 ms): how late, at worst, a consumer notices the dependency is back. */
  maxDelayMs?: number;
}

export const backoffDefaults = { initialDelayMs: 100, maxDelayMs: 5_000 } as const;

/**
 * The pause before retry number `retry` (from 1): the delay doubles from `initialDelayMs` up to
 * `maxDelayMs`, and the pause is half of it plus a random part of the other half ("equal
 * jitter"), so the consumers of many services do not all knock at once when the database comes
 * back, and no pause is ever near zero (no busy loop against a dead server).
 */
export function backoffDelay(retry: number, backoff: Backoff = {}, random: () => number = Math.random): number {
  const initial = Math.max(1, backoff.initialDelayMs ?? backoffDefaults.initialDelayMs);
  const max = Math.max(initial, backoff.maxDelayMs ?? backoffDefaults.maxDelayMs);
  const exponent = Math.min(Math.max(retry, 1) - 1, 30);
  const ceiling = Math.min(max, initial * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
