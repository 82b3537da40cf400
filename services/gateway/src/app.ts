import type { Pool } from '@siks/pg';
import { checkPostgres, createServiceApp, type Logger, type ServiceApp, type TokenVerifier } from '@siks/service-kit';
import { loadRegions, type Regions } from '@siks/wilayah';
import type { TokenIssuer } from './auth/issuer.ts';
import type { ScryptParams } from './auth/password.ts';
import { authRoutes } from './auth/routes.ts';
import { createSecondFactor } from './auth/totp/second-factor.ts';
import { totpRoutes } from './auth/totp/routes.ts';
import { defaultConsoleDir, type Config } from './config.ts';
import type { GatewayContext } from './context.ts';
import { consoleRoutes } from './http/console.ts';
import { proxyRoutes, upstreamsOf } from './http/proxy.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { gatewayMessages } from './messages.ts';
import { regionRoutes } from './regions/routes.ts';
import { userDirectoryRoute } from './users/directory-route.ts';
import { userAdminRoutes } from './users/routes.ts';
import type { UserLog } from './users/user-log.ts';

/** Everything the gateway service needs, created by `main.ts` (or a test) and passed in. */
export interface Deps {
  config: Config;
  pool: Pool;
  /** Verifies bearer tokens (the gateway's own, from the issuer's public key). */
  verifier: TokenVerifier;
  /** Signs access tokens; without it login answers 503 and there is no JWKS. */
  issuer?: TokenIssuer | undefined;
  logger?: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  regions?: () => Promise<Regions>;
  scrypt?: ScryptParams;
  /** Records user administration in the event store (`eventStoreUserLog`). */
  userLog: UserLog;
}

const wait = (ms: number): Promise<void> =>
  ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));

/** The composition root of the gateway service (the one public entry: web console, login, reverse proxy to the services). Creates nothing at import time. */
export function build(deps: Deps): ServiceApp {
  const now = deps.now ?? (() => new Date());
  const ctx: GatewayContext = {
    config: deps.config,
    pool: deps.pool,
    issuer: deps.issuer,
    now,
    sleep: deps.sleep ?? wait,
    regions: deps.regions ?? loadRegions,
    scrypt: deps.scrypt,
    userLog: deps.userLog,
    secondFactor: createSecondFactor(deps.config, deps.pool, deps.userLog),
  };
  const app: ServiceApp = createServiceApp({
    name: 'gateway',
    config: deps.config,
    auth: deps.verifier,
    messages: gatewayMessages,
    // The public edge: metrics and the API description only for signed-in callers.
    publicSystemRoutes: false,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ready: async () => [
      await checkPostgres(deps.pool, 'database', {
        onFailure: (error) => app.log.warn({ err: error }, 'database check failed'),
      }),
    ],
  });
  installSecurityHeaders(app, deps.config.NODE_ENV === 'production');
  void app.register(authRoutes(ctx));
  void app.register(totpRoutes(ctx));
  void app.register(userAdminRoutes(ctx));
  void app.register(userDirectoryRoute(ctx));
  void app.register(regionRoutes(ctx));
  void app.register(proxyRoutes(upstreamsOf(deps.config), deps.config.PROXY_TIMEOUT_MS));
  void app.register(consoleRoutes(deps.config.CONSOLE_DIR ?? defaultConsoleDir()));
  return app;
}
