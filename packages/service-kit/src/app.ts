import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { LevelWithSilent } from 'pino';
import type { Registry } from 'prom-client';
import type { TokenVerifier } from './auth/verifier.ts';
import type { HttpConfig } from './config-schema.ts';
import { extendCatalogue, type MessageCatalogue } from './errors/messages.ts';
import { installAuth } from './http/auth.ts';
import { installErrorHandling } from './http/errors.ts';
import { installHealthRoutes, type HealthCheck } from './http/health.ts';
import { createMetricsRegistry, installMetrics } from './http/metrics.ts';
import { collectOpenApi, docsPage } from './http/openapi.ts';
import { installRateLimit } from './http/rate-limit.ts';
import { installZodSchemas, type ZodTypeProvider } from './http/zod-schemas.ts';
import { createLogger, type Logger } from './logger.ts';

/** A service's fastify instance: zod-typed routes, auth, problem+json errors, health, metrics, docs. */
export type ServiceApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface ServiceAppOptions {
  /** Service name: log field, metrics label, OpenAPI title. */
  name: string;
  version?: string;
  /** Limits (DESIGN.md §8) and log level, usually the service's whole loaded config. */
  config: HttpConfig & { LOG_LEVEL?: LevelWithSilent };
  /** Defaults to `createLogger({ service: name, level: config.LOG_LEVEL })`. */
  logger?: Logger;
  /** Verifies bearer tokens; every route needs one unless it has `config: { public: true }`. */
  auth: TokenVerifier;
  /** Readiness checks run by `GET /health/ready` (e.g. `checkPostgres(pool)`). */
  ready: () => Promise<HealthCheck[]>;
  /** A registry to use (defaults to a new one with process metrics). */
  metrics?: Registry;
  /** Service-specific problem and field messages, merged over the defaults. */
  messages?: Partial<MessageCatalogue>;
  /**
   * Whether `/metrics` and `/docs` answer without a token (default true: the services sit behind
   * the gateway; the gateway, the public edge, sets false).
   */
  publicSystemRoutes?: boolean;
  /** Request ids when the caller sent no usable `X-Request-Id` (default: random UUIDs). */
  generateRequestId?: () => string;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** `TRUST_PROXY` for fastify; a hop count becomes the function proxy-addr would make of it. */
function trustProxyOption(
  trust: boolean | number | string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * The app factory every service's `build(deps)` calls. Creates nothing global: the logger,
 * metrics registry and verifier are the caller's or made here per app.
 */
export function createServiceApp(options: ServiceAppOptions): ServiceApp {
  const { config } = options;
  const logger = options.logger ?? createLogger({ service: options.name, level: config.LOG_LEVEL ?? 'info' });
  const newRequestId = options.generateRequestId ?? randomUUID;
  const catalogue = extendCatalogue(options.messages ?? {});
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    pluginTimeout: 10_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    exposeHeadRoutes: false,
    requestIdHeader: false,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes and scrapes every few seconds would drown the log.
      disableRequestLogging: (request) => request.url.startsWith('/health/') || request.url === '/metrics',
    }),
    // A request's child logger costs a redaction pass over its bindings (pino redacts every
    // child's bindings); when nothing is written, the app's logger serves every request.
    childLoggerFactory: (parent, bindings, childOptions) =>
      parent.level === 'silent' ? parent : parent.child(bindings, childOptions),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newRequestId();
    },
  });

  // Only JSON bodies by default: text/plain would otherwise reach handlers as a string (415 instead).
  app.removeContentTypeParser('text/plain');
  installZodSchemas(app);
  const openApi = collectOpenApi(app, { title: `SIKS ${options.name}`, version: options.version ?? '0.1.0' });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installRateLimit(app, { limit: config.HTTP_RATE_LIMIT_PER_MINUTE });
  installAuth(app, options.auth);
  installErrorHandling(app, catalogue, config.HTTP_BODY_LIMIT_BYTES);
  const systemPublic = options.publicSystemRoutes ?? true;
  installMetrics(app, options.metrics ?? createMetricsRegistry(options.name), systemPublic);
  installHealthRoutes(app, options.ready, catalogue);

  const system = { config: { public: systemPublic }, schema: { hide: true } } as const;
  app.get('/docs/openapi.json', system, async () => openApi.document());
  app.get('/docs', system, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPage(`SIKS ${options.name}`, openApi)),
  );
  return app.withTypeProvider<ZodTypeProvider>();
}
