import { inScope, notFound, ProblemError, requireRole, toEventActor, type ZodTypeProvider } from '@siks/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { addUser, NewUser, publicUser } from './new-user.ts';
import { disableAndRecord } from './changes.ts';
import { findUserById, listUsers } from './store.ts';

/** Who administers users: a regency admin within the regency, a province admin, the national centre. */
const admins = requireRole('admin_kabkota', 'admin_provinsi', 'pusdatin');

/** `GET/POST /v1/admin/users`, `POST /v1/admin/users/:id/disable` (out of scope: 404). */
export function userAdminRoutes(ctx: GatewayContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/v1/admin/users',
      { preHandler: admins, schema: { summary: 'Users within the caller’s scope', tags: ['admin'] } },
      async (request, reply) => {
        const users = await listUsers(ctx.pool, request.actor.regionCode);
        return reply.header('cache-control', 'no-store').send({ users: users.map(publicUser) });
      },
    );

    app.post(
      '/v1/admin/users',
      {
        preHandler: admins,
        schema: { body: NewUser, summary: 'Create a user (password generated when omitted)', tags: ['admin'] },
      },
      async (request, reply) => {
        if (!inScope(request.actor, request.body.regionCode)) throw notFound();
        const { user, generatedPassword } = await addUser(
          {
            db: ctx.pool,
            log: ctx.userLog,
            regions: ctx.regions,
            now: ctx.now,
            ...(ctx.scrypt ? { scrypt: ctx.scrypt } : {}),
          },
          request.body,
          { actor: toEventActor(request.actor), channel: 'operator' },
        );
        request.log.info({ userId: user.id, role: user.role }, 'user created');
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .header('location', `/v1/admin/users/${user.id}`)
          .send({ user: publicUser(user), ...(generatedPassword ? { password: generatedPassword } : {}) });
      },
    );

    app.post(
      '/v1/admin/users/:id/disable',
      {
        preHandler: admins,
        schema: {
          params: z.object({ id: z.string().max(64) }),
          // Why, for the event log (optional: the console sends no body).
          body: z.preprocess(
            (body) => body ?? {},
            z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }),
          ),
          summary: 'Disable a user',
          tags: ['admin'],
        },
      },
      async (request, reply) => {
        const user = await findUserById(ctx.pool, request.params.id);
        if (!user || !inScope(request.actor, user.regionCode)) throw notFound();
        if (user.id === request.actor.userId) throw new ProblemError({ status: 409, code: 'cannot_disable_self' });
        const by = { actor: toEventActor(request.actor), channel: 'operator' as const, reason: request.body.reason };
        const disabled = (await disableAndRecord(ctx.pool, ctx.userLog, user, ctx.now(), by)) ?? user;
        request.log.info({ userId: user.id }, 'user disabled');
        return reply.header('cache-control', 'no-store').send({ user: publicUser(disabled) });
      },
    );
  };
}
