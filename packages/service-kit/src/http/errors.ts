import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { negotiateLanguage, type MessageCatalogue } from '../errors/messages.ts';
import { ProblemError, ValidationProblem, type FieldIssue } from '../errors/problem.ts';
import { PROBLEM_CONTENT_TYPE, renderProblem } from '../errors/render.ts';
import { fieldIssuesFromZod } from '../errors/zod-issues.ts';

const pathOf = (url: string): string => {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
};

/** Sends `problem` as `application/problem+json` in the caller's language. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemError,
  catalogue: MessageCatalogue,
): FastifyReply {
  const language = negotiateLanguage(request.headers['accept-language']);
  const document = renderProblem(problem, {
    language,
    catalogue,
    instance: pathOf(request.url),
    requestId: request.id,
  });
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('content-language', language)
    .header('vary', 'Accept-Language')
    .send(JSON.stringify(document));
}

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** A thrown ZodError (not from `parse`): messages are zod's defaults, so rules are translated. */
function fromZodError(error: z.ZodError, catalogue: MessageCatalogue): ValidationProblem {
  const issues: FieldIssue[] = fieldIssuesFromZod(error.issues, 'body').map(({ message, ...issue }) =>
    message !== undefined && Object.hasOwn(catalogue.fields, message) ? { ...issue, message } : issue,
  );
  return new ValidationProblem(issues);
}

/** Maps anything thrown in a request to a problem; unknown errors become a bare 500. */
export function toProblem(error: unknown, bodyLimit: number, catalogue: MessageCatalogue): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof z.ZodError) return fromZodError(error, catalogue);
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ProblemError({ status: 400, code: 'malformed_json' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError({ status: 400, code: 'empty_body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError({ status: 415, code: 'unsupported_media_type' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError({ status: 413, code: 'payload_too_large', params: { limit: bodyLimit } });
    default:
      break;
  }
  const status = fastifyError.statusCode;
  if (error instanceof SyntaxError && status === 400) return new ProblemError({ status: 400, code: 'malformed_json' });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ProblemError({ status, code: STATUS_CODES[status] ?? 'bad_request' });
  }
  return new ProblemError({ status: 500, code: 'internal_error', cause: error });
}

/**
 * Every error becomes RFC 9457 problem+json: thrown `ProblemError`s, zod errors, fastify's own
 * (malformed JSON 400, wrong content type 415, body too large 413), unknown routes 404, and
 * anything else a 500 whose details stay in the log.
 */
export function installErrorHandling(app: FastifyInstance, catalogue: MessageCatalogue, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, bodyLimit, catalogue);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: problem.status, problem: problem.code }, 'request rejected');
    return sendProblem(request, reply, problem, catalogue);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new ProblemError({ status: 404, code: 'route_not_found', params: { method: request.method } }),
      catalogue,
    ),
  );
}
