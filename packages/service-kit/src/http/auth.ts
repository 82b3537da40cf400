import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticatedActor, UserRole } from '../auth/actor.ts';
import type { TokenVerifier } from '../auth/verifier.ts';
import { forbidden, unauthorized } from '../errors/problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller; reading it on a request without one throws 401. */
    readonly actor: AuthenticatedActor;
    /** The verified caller, or undefined (public routes that work with and without a token). */
    readonly maybeActor: AuthenticatedActor | undefined;
  }
  interface FastifyContextConfig {
    /** No token needed (health, metrics, docs, login). A token, when sent, is still verified. */
    public?: boolean;
  }
}

const BEARER = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i;

/**
 * Verifies the bearer token of every request (default deny): routes without `config.public`
 * answer 401 problem+json when it is missing, invalid or expired. Unknown routes stay 404.
 */
export function installAuth(app: FastifyInstance, verifier: TokenVerifier): void {
  const actors = new WeakMap<FastifyRequest, AuthenticatedActor>();
  app.decorateRequest('actor', {
    getter(this: FastifyRequest) {
      const actor = actors.get(this);
      if (!actor) throw unauthorized();
      return actor;
    },
  });
  app.decorateRequest('maybeActor', {
    getter(this: FastifyRequest) {
      return actors.get(this);
    },
  });
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const header = request.headers.authorization;
    const isPublic = request.routeOptions.config.public === true;
    if (header === undefined) {
      if (isPublic) return;
      throw unauthorized();
    }
    const match = BEARER.exec(header);
    if (!match?.[1]) throw unauthorized();
    actors.set(request, await verifier.verify(match[1]));
  });
}

/** A preHandler that lets only the given roles through (403 otherwise). */
export type RoleGuard = ((request: FastifyRequest) => Promise<void>) & { readonly roles: readonly UserRole[] };

/** `{ preHandler: requireRole('verifikator_kabkota', 'admin_kabkota') }` */
export function requireRole(...roles: UserRole[]): RoleGuard {
  const guard = async (request: FastifyRequest): Promise<void> => {
    if (!roles.includes(request.actor.role)) throw forbidden();
  };
  return Object.assign(guard, { roles: Object.freeze([...roles]) });
}
