import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../errors/problem.ts';

export interface RateLimitOptions {
  /** Requests per window per caller (0 = unlimited). */
  limit: number;
  windowMs?: number;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now?: () => number;
  /** Paths never limited (health checks and metrics scrapes). */
  exemptPrefixes?: readonly string[];
}

/**
 * A fixed-window limit per client address (`request.ip`: behind the gateway set `TRUST_PROXY`
 * so it is the forwarded client address). Runs before authentication, so token guessing is
 * limited too. In memory, per process: a guard against runaway clients, not a quota system.
 */
export function installRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.limit <= 0) return;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const exempt = options.exemptPrefixes ?? ['/health/', '/metrics'];
  let windowStart = 0;
  let counts = new Map<string, number>();
  app.addHook('onRequest', async (request, reply) => {
    if (exempt.some((prefix) => request.url.startsWith(prefix))) return;
    const time = now();
    if (time - windowStart >= windowMs) {
      windowStart = time - (time % windowMs);
      counts = new Map();
    }
    const key = request.ip;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    const remaining = Math.max(0, options.limit - count);
    reply.header('ratelimit-limit', options.limit).header('ratelimit-remaining', remaining);
    if (count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - time) / 1000));
      throw new ProblemError({
        status: 429,
        code: 'too_many_requests',
        params: { retryAfter },
        headers: { 'retry-after': String(retryAfter) },
      });
    }
  });
}
