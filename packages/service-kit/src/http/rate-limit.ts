import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../errors/problem.ts';

export interface RateLimitOptions {
  /** Requests per window per caller (0 = unlimited). */
  limit: number;
  windowMs?: number;
  /** Paths never limited (health checks and metrics scrapes). */
  exemptPrefixes?: readonly string[];
}

/** The 429 every limit answers: a problem with `Retry-After`, in the caller's language. */
export function tooManyRequests(ttlMs: number): ProblemError {
  const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
  return new ProblemError({
    status: 429,
    code: 'too_many_requests',
    params: { retryAfter },
    headers: { 'retry-after': String(retryAfter) },
  });
}

/**
 * Limits per client address with `@fastify/rate-limit` (the one mechanism of every service):
 * a limit on every request (`limit` per window; behind a proxy set `TRUST_PROXY` to its hop
 * count or addresses, so `request.ip` is the client's and one client's flood does not use up
 * the others' budget), and routes may add their own with `config: { rateLimit: {...} }`.
 * Runs before authentication, so token guessing is limited too. Counters are in memory, per
 * process (the plugin's local store): a guard against runaway clients, not a quota system;
 * limits that must hold across processes are kept in PostgreSQL by the services (the
 * gateway's per-account login back-off, intake's complaint form).
 */
export function installRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  const exempt = options.exemptPrefixes ?? ['/health/', '/metrics'];
  void app.register(rateLimit, {
    // Routes are declared before this plugin loads: the hook below applies the global limit.
    global: false,
    hook: 'onRequest',
    keyGenerator: (request) => request.ip,
    enableDraftSpec: true,
    addHeadersOnExceeding: { 'ratelimit-limit': true, 'ratelimit-remaining': true, 'ratelimit-reset': false },
    addHeaders: { 'ratelimit-limit': true, 'ratelimit-remaining': true, 'ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_request, context) => tooManyRequests(context.ttl),
  });
  if (options.limit <= 0) return;
  // `createRateLimit` (not `rateLimit`): a route's own limit must still run after this one.
  let limiter: ReturnType<FastifyInstance['createRateLimit']> | undefined;
  app.after(() => {
    limiter = app.createRateLimit({ max: options.limit, timeWindow: options.windowMs ?? 60_000 });
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!limiter || exempt.some((prefix) => request.url.startsWith(prefix))) return;
    const state = await limiter(request);
    if (state.isAllowed) return;
    reply.header('ratelimit-limit', state.max).header('ratelimit-remaining', state.remaining);
    if (state.isExceeded) throw tooManyRequests(state.ttl);
  });
}
