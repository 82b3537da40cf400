import httpProxy from '@fastify/http-proxy';
import { ProblemError } from '@siks/service-kit';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerBase,
  RequestGenericInterface,
  RouteGenericInterface,
} from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingHttpHeaders as Http2IncomingHttpHeaders } from 'node:http2';
import type { Config } from '../config.ts';

/** A path prefix the gateway forwards, as is, to one service. */
export interface Upstream {
  prefix: string;
  service: string;
  url: string;
  /** The path the service knows the prefix by (default: the prefix itself). */
  rewritePrefix?: string;
}

/** `/v1/<prefix>…` → service (docs: console contract). */
export function upstreamsOf(config: Config): Upstream[] {
  return [
    { prefix: '/v1/intake', service: 'intake', url: config.INTAKE_URL },
    { prefix: '/v1/documents', service: 'document', url: config.DOCUMENT_URL },
    { prefix: '/v1/verification', service: 'verification', url: config.VERIFICATION_URL },
    { prefix: '/v1/registry', service: 'registry', url: config.REGISTRY_URL },
    { prefix: '/v1/reports', service: 'reporting', url: config.REPORTING_URL },
    // The audit log's signed checkpoints and proofs: public (no login), served by reporting.
    { prefix: '/v1/audit', service: 'reporting', url: config.REPORTING_URL },
    // The citizens' status check (no account) is the registry's.
    {
      prefix: '/v1/public/status',
      service: 'registry',
      url: config.REGISTRY_URL,
      rewritePrefix: '/v1/registry/public/status',
    },
  ];
}

/**
 * What the service receives: the client's headers (Authorization unchanged) without cookies
 * (the console's cookies are the gateway's business), plus who asked and the request id.
 */
function forwardedHeaders(
  request: FastifyRequest<RequestGenericInterface, RawServerBase>,
  headers: IncomingHttpHeaders | Http2IncomingHttpHeaders,
): IncomingHttpHeaders {
  const { cookie: _cookie, 'x-csrf-token': _csrf, ...rest } = headers as IncomingHttpHeaders;
  return {
    ...rest,
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
    'x-request-id': request.id,
  };
}

/**
 * Streams requests and answers between the client and the services (bodies are not parsed
 * here: a multipart upload flows through at the document service's own limit). A service that
 * is down or breaks the connection gives 502 problem+json; one that is too slow 504.
 */
export function proxyRoutes(upstreams: readonly Upstream[], timeoutMs: number) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const upstream of upstreams) {
      const onError = (
        reply: FastifyReply<RouteGenericInterface, RawServerBase>,
        { error }: { error: Error },
      ): void => {
        const timedOut = (error as Error & { code?: string }).code === 'FST_REPLY_FROM_GATEWAY_TIMEOUT';
        void reply.send(
          new ProblemError({
            status: timedOut ? 504 : 502,
            code: timedOut ? 'gateway_timeout' : 'bad_gateway',
            params: { service: upstream.service },
            cause: error,
          }),
        );
      };
      await app.register(httpProxy, {
        upstream: upstream.url,
        prefix: upstream.prefix,
        rewritePrefix: upstream.rewritePrefix ?? upstream.prefix,
        // Services check the token themselves; a token sent here is still verified first.
        config: { public: true },
        disableRequestLogging: true,
        undici: { connections: 64, pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
        replyOptions: {
          rewriteRequestHeaders: forwardedHeaders,
          onError,
          // Never replay a request on its own (a POST must not run twice).
          retryDelay: () => null,
        },
      });
    }
  };
}
