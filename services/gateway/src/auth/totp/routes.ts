import { withTransaction } from '@siks/pg';
import {
  inScope,
  notFound,
  ProblemError,
  requireRole,
  toEventActor,
  unauthorized,
  type ZodTypeProvider,
} from '@siks/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../../context.ts';
import { findUserById } from '../../users/store.ts';
import { locked } from '../routes.ts';
import { beginAttempt, clearFailures, failureDelayMs, policyOf } from '../throttle.ts';
import { TOTP_ROLES, totpProblem } from './second-factor.ts';
import { activateTotp, removeTotp } from './store.ts';

const CodeBody = z.strictObject({ code: z.string().min(1).max(20) });

/**
 * The second factor of administrators (docs/security.md): status, enrol (the secret shown once),
 * confirm, disable with a current code, and an administrator's reset of another user's.
 */
export function totpRoutes(ctx: GatewayContext) {
  const policy = policyOf(ctx.config);
  const totp = ctx.secondFactor;
  const admins = requireRole(...TOTP_ROLES);
  const perMinute = ctx.config.LOGIN_RATE_LIMIT_PER_MINUTE;
  const limited = perMinute > 0 ? { config: { rateLimit: { max: perMinute, timeWindow: 60_000 } } } : {};

  /** The signed-in user, whose code is a guess like a password: the name's back-off applies. */
  const checkOwnCode = async (request: FastifyRequest, code: string, state: 'pending' | 'active') => {
    const user = await findUserById(ctx.pool, request.actor.userId);
    if (!user || user.disabledAt) throw unauthorized();
    const now = ctx.now();
    const start = await beginAttempt(ctx.pool, user.username, now, policy);
    if (start.locked) throw locked(start.retryAfter);
    if (!(await totp.useCode(user.id, code, now, state))) {
      await ctx.sleep(failureDelayMs(start.attempt));
      throw totpProblem(401, 'totp_invalid');
    }
    await clearFailures(ctx.pool, user.username);
    return { user, now };
  };

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/v1/auth/totp',
      { schema: { summary: 'Whether the signed-in user has, may have or must have a second factor', tags: ['auth'] } },
      async (request, reply) => {
        const status = await totp.status({ id: request.actor.userId, role: request.actor.role });
        return reply.header('cache-control', 'no-store').send({ ...status, available: totp.available });
      },
    );

    app.post(
      '/v1/auth/totp/enrol',
      {
        preHandler: admins,
        schema: { summary: 'Start a second factor: its secret and otpauth URI, shown once', tags: ['auth'] },
      },
      async (request, reply) => {
        const user = await findUserById(ctx.pool, request.actor.userId);
        if (!user || user.disabledAt) throw unauthorized();
        const enrolment = await totp.enrol(user, ctx.now());
        request.log.info({ userId: user.id }, 'second factor enrolment started');
        return reply.header('cache-control', 'no-store').send(enrolment);
      },
    );

    app.post(
      '/v1/auth/totp/confirm',
      {
        preHandler: admins,
        ...limited,
        schema: { body: CodeBody, summary: 'Switch the enrolled second factor on with a valid code', tags: ['auth'] },
      },
      async (request, reply) => {
        const { user, now } = await checkOwnCode(request, request.body.code, 'pending');
        await withTransaction(ctx.pool, async (client) => {
          if (await activateTotp(client, user.id, now))
            await ctx.userLog.record(
              'UserTotpEnabled',
              { userId: user.id, via: 'confirm' },
              { actor: toEventActor(request.actor), channel: 'operator' },
            );
        });
        request.log.info({ userId: user.id }, 'second factor on');
        return reply.header('cache-control', 'no-store').send({ active: true });
      },
    );

    app.post(
      '/v1/auth/totp/disable',
      {
        ...limited,
        schema: { body: CodeBody, summary: 'Switch one’s own second factor off with a current code', tags: ['auth'] },
      },
      async (request, reply) => {
        if (totp.requiredForAdmins && TOTP_ROLES.includes(request.actor.role))
          throw new ProblemError({ status: 409, code: 'totp_required_by_policy' });
        const { user } = await checkOwnCode(request, request.body.code, 'active');
        await withTransaction(ctx.pool, async (client) => {
          if (await removeTotp(client, user.id))
            await ctx.userLog.record(
              'UserTotpDisabled',
              { userId: user.id },
              { actor: toEventActor(request.actor), channel: 'operator' },
            );
        });
        request.log.info({ userId: user.id }, 'second factor off');
        return reply.header('cache-control', 'no-store').send({ active: false });
      },
    );

    app.post(
      '/v1/admin/users/:id/totp/reset',
      {
        preHandler: requireRole('admin_kabkota', 'admin_provinsi', 'pusdatin'),
        schema: {
          params: z.object({ id: z.string().max(64) }),
          body: z.preprocess(
            (body) => body ?? {},
            z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }),
          ),
          summary: 'Remove another user’s second factor (lost phone); they enrol again',
          tags: ['admin'],
        },
      },
      async (request, reply) => {
        const user = await findUserById(ctx.pool, request.params.id);
        if (!user || !inScope(request.actor, user.regionCode)) throw notFound();
        // One's own goes through disable, which asks for a current code.
        if (user.id === request.actor.userId) throw new ProblemError({ status: 409, code: 'cannot_reset_own_totp' });
        const by = { actor: toEventActor(request.actor), channel: 'operator' as const, reason: request.body.reason };
        const wasActive = await withTransaction(ctx.pool, async (client) => {
          const removed = await removeTotp(client, user.id);
          if (removed) await ctx.userLog.record('UserTotpReset', { userId: user.id }, by);
          return removed;
        });
        request.log.info({ userId: user.id, wasActive }, 'second factor reset');
        return reply.header('cache-control', 'no-store').send({ active: false, wasActive });
      },
    );
  };
}
