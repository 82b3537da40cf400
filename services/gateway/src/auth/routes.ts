import { ProblemError, toEventActor, unauthorized, ValidationProblem, type ZodTypeProvider } from '@siks/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { setPasswordAndRecord } from '../users/changes.ts';
import {
  findUserById,
  findUserByUsername,
  normalizeUsername,
  revokeSessionsOf,
  setPasswordHash,
  type User,
} from '../users/store.ts';
import { clearedCookies, parseCookies, REFRESH_COOKIE, secureCookies, sessionCookies } from './cookies.ts';
import { assertCsrfToken, assertSameOrigin } from './csrf.ts';
import type { TokenIssuer } from './issuer.ts';
import { DEFAULT_SCRYPT, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, verifyPassword } from './password.ts';
import { endSession, rotateSession, startSession, type SessionTokens } from './sessions.ts';
import { beginAttempt, clearFailures, failureDelayMs, policyOf, type ThrottlePolicy } from './throttle.ts';

const LoginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(500),
  /** The current code of the second factor, when the user has one (or must enrol one). */
  totp: z.string().max(20).optional(),
});

const PasswordChange = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(500),
});

const UserView = (user: Pick<User, 'id' | 'username' | 'name' | 'role' | 'regionCode'>) => ({
  id: user.id,
  username: user.username,
  name: user.name,
  role: user.role,
  regionCode: user.regionCode,
});

export const locked = (retryAfter: number): ProblemError =>
  new ProblemError({
    status: 423,
    code: 'account_locked',
    params: { retryAfter },
    extensions: { retryAfter },
    headers: { 'retry-after': String(retryAfter) },
  });

const sessionExpired = (): ProblemError =>
  new ProblemError({ status: 401, code: 'session_expired', headers: { 'www-authenticate': 'Bearer' } });

/** Login, refresh, logout, me and the JWKS (see README: sessions). */
export function authRoutes(ctx: GatewayContext) {
  const policy: ThrottlePolicy = policyOf(ctx.config);
  const allowedOrigins = ctx.config.ALLOWED_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  // An unknown user name costs the same scrypt work as a known one (no timing oracle).
  let dummyHash: Promise<string> | undefined;
  const dummy = (): Promise<string> => (dummyHash ??= hashPassword('no such user', ctx.scrypt));

  const requireIssuer = (): TokenIssuer => {
    if (!ctx.issuer) throw new ProblemError({ status: 503, code: 'login_unavailable' });
    return ctx.issuer;
  };

  const answerSession = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    tokens: SessionTokens,
    now: Date,
  ) => {
    const { accessToken, expiresIn } = await requireIssuer().issue(user, now);
    return reply
      .header('cache-control', 'no-store')
      .header('set-cookie', sessionCookies(tokens, now, secureCookies(request, ctx.config.NODE_ENV)))
      .send({ accessToken, expiresIn, csrfToken: tokens.csrfToken, user: UserView(user) });
  };

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    // Per client address, by the service kit's @fastify/rate-limit (in memory, per process); the
    // per-account back-off below is in PostgreSQL and holds across gateway processes.
    const perMinute = ctx.config.LOGIN_RATE_LIMIT_PER_MINUTE;

    app.post(
      '/v1/auth/login',
      {
        config: { public: true, ...(perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {}) },
        schema: { body: LoginBody, summary: 'Sign in: access token + refresh cookie', tags: ['auth'] },
      },
      async (request, reply) => {
        requireIssuer();
        assertSameOrigin(request, allowedOrigins);
        const username = normalizeUsername(request.body.username);
        const now = ctx.now();
        const start = await beginAttempt(ctx.pool, username, now, policy);
        // A name that must wait answers the same whatever the password (it is not even checked).
        if (start.locked) throw locked(start.retryAfter);
        const user = await findUserByUsername(ctx.pool, username);
        const matches = user
          ? await verifyPassword(request.body.password, user.passwordHash)
          : await verifyPassword(request.body.password, await dummy()).then(() => false);
        if (!user || !matches || user.disabledAt) {
          request.log.info({ failures: start.attempt }, 'login failed');
          await ctx.sleep(failureDelayMs(start.attempt));
          throw new ProblemError({ status: 401, code: 'invalid_credentials' });
        }
        // The second factor, after the password only (its answers must not tell a guesser which
        // names have one). A missing or wrong code stays counted in the name's back-off.
        const factor = await ctx.secondFactor.atLogin(user, request.body.totp, now);
        if (factor.outcome === 'refused') {
          request.log.info({ failures: start.attempt, reason: factor.problem.code }, 'login second factor refused');
          await ctx.sleep(failureDelayMs(start.attempt));
          throw factor.problem;
        }
        await clearFailures(ctx.pool, username);
        // Hashes of an older, cheaper cost are re-made now that the password is at hand.
        if (needsRehash(user.passwordHash, ctx.scrypt ?? DEFAULT_SCRYPT))
          await setPasswordHash(ctx.pool, user.id, await hashPassword(request.body.password, ctx.scrypt));
        const tokens = await startSession(ctx.pool, user.id, now, ctx.config.REFRESH_TOKEN_TTL_SECONDS);
        request.log.info({ userId: user.id }, 'login');
        return answerSession(request, reply, user, tokens, now);
      },
    );

    app.post(
      '/v1/auth/refresh',
      { config: { public: true }, schema: { summary: 'New access token; rotates the refresh cookie', tags: ['auth'] } },
      async (request, reply) => {
        requireIssuer();
        assertSameOrigin(request, allowedOrigins);
        const csrfToken = assertCsrfToken(request);
        const refreshToken = parseCookies(request.headers.cookie).get(REFRESH_COOKIE);
        const secure = secureCookies(request, ctx.config.NODE_ENV);
        const now = ctx.now();
        const result = refreshToken ? await rotateSession(ctx.pool, refreshToken, csrfToken, now) : undefined;
        if (result?.ok) {
          const user = await findUserById(ctx.pool, result.userId);
          if (user) return answerSession(request, reply, user, result.tokens, now);
        }
        if (result && !result.ok && result.reason === 'csrf') {
          throw new ProblemError({ status: 403, code: 'csrf_failed' });
        }
        if (result && !result.ok && result.reason === 'reused') {
          request.log.warn('refresh token reused: session family revoked');
        }
        reply.header('set-cookie', clearedCookies(secure));
        throw sessionExpired();
      },
    );

    app.post(
      '/v1/auth/logout',
      {
        config: { public: true },
        schema: { summary: 'Sign out: ends the session, clears the cookies', tags: ['auth'] },
      },
      async (request, reply) => {
        assertSameOrigin(request, allowedOrigins);
        const csrfToken = assertCsrfToken(request);
        const refreshToken = parseCookies(request.headers.cookie).get(REFRESH_COOKIE);
        if (refreshToken) await endSession(ctx.pool, refreshToken, csrfToken, ctx.now());
        return reply
          .code(204)
          .header('cache-control', 'no-store')
          .header('set-cookie', clearedCookies(secureCookies(request, ctx.config.NODE_ENV)))
          .send();
      },
    );

    app.post(
      '/v1/auth/password',
      {
        ...(perMinute > 0 ? { config: { rateLimit: { max: perMinute, timeWindow: 60_000 } } } : {}),
        schema: {
          body: PasswordChange,
          summary: 'Change one’s own password; every other session ends, this one gets fresh tokens',
          tags: ['auth'],
        },
      },
      async (request, reply) => {
        requireIssuer();
        const now = ctx.now();
        const found = await findUserById(ctx.pool, request.actor.userId);
        if (!found || found.disabledAt) throw unauthorized();
        // The current password is a guess like any login: the same per-name back-off applies.
        const start = await beginAttempt(ctx.pool, found.username, now, policy);
        if (start.locked) throw locked(start.retryAfter);
        const user = await findUserByUsername(ctx.pool, found.username);
        if (!user || !(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
          await ctx.sleep(failureDelayMs(start.attempt));
          throw new ProblemError({ status: 401, code: 'invalid_credentials' });
        }
        await clearFailures(ctx.pool, user.username);
        if (request.body.newPassword === request.body.currentPassword)
          throw new ValidationProblem([{ path: 'newPassword', code: 'password_unchanged' }]);
        await setPasswordAndRecord(
          ctx.pool,
          ctx.userLog,
          user.id,
          await hashPassword(request.body.newPassword, ctx.scrypt),
          { actor: toEventActor(request.actor), channel: 'operator' },
          (client) => revokeSessionsOf(client, user.id, now, 'password_changed'),
        );
        const tokens = await startSession(ctx.pool, user.id, now, ctx.config.REFRESH_TOKEN_TTL_SECONDS);
        request.log.info({ userId: user.id }, 'password changed');
        return answerSession(request, reply, user, tokens, now);
      },
    );

    app.get('/v1/auth/me', { schema: { summary: 'The signed-in user', tags: ['auth'] } }, async (request, reply) => {
      const user = await findUserById(ctx.pool, request.actor.userId);
      if (!user || user.disabledAt) throw unauthorized();
      return reply.header('cache-control', 'no-store').send(UserView(user));
    });

    app.get(
      '/.well-known/jwks.json',
      { config: { public: true }, schema: { summary: 'Public keys that verify the access tokens', tags: ['auth'] } },
      async (_request, reply) => {
        if (!ctx.issuer) throw new ProblemError({ status: 404, code: 'not_found' });
        return reply.header('cache-control', 'public, max-age=300').send(ctx.issuer.jwks);
      },
    );
  };
}
