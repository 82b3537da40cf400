import { inScope } from '@siks/service-kit';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.ts';
import { listColleagues } from './store.ts';

/**
 * `GET /v1/users`: who the caller's audit trails may name (id, user name, name, role, scope) for
 * any signed-in role. Events carry user ids only; this turns them into people. No password data,
 * no account state: that stays in `/v1/admin/users`. People above the caller's scope are named
 * without their user name: it is half a login, and listing it to every village operator would
 * hand a guesser the accounts worth most.
 */
export function userDirectoryRoute(ctx: GatewayContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/v1/users',
      { schema: { summary: 'The people within, or above, the caller’s scope', tags: ['users'] } },
      async (request, reply) => {
        const users = await listColleagues(ctx.pool, request.actor.regionCode);
        return reply.header('cache-control', 'private, max-age=300').send({
          users: users.map(({ id, username, name, role, regionCode }) => ({
            id,
            ...(inScope(request.actor, regionCode) ? { username } : {}),
            name,
            role,
            regionCode,
          })),
        });
      },
    );
  };
}
