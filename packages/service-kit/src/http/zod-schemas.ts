import type { FastifyInstance, FastifySchemaCompiler, FastifySerializerCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import { check } from '../errors/parse.ts';
import type { Location } from '../errors/zod-issues.ts';

declare module 'fastify' {
  interface FastifySchema {
    /** OpenAPI operation fields, read by `/docs/openapi.json`. */
    summary?: string;
    description?: string;
    tags?: readonly string[];
    operationId?: string;
    /** Leave the route out of the OpenAPI document. */
    hide?: boolean;
  }
}

/**
 * Types `request.body`, `request.query`, `request.params` and replies from zod route schemas:
 * `app.post(url, { schema: { body: Proposal } }, handler)` gives the handler a typed `request.body`.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  readonly serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const LOCATIONS: Readonly<Record<string, Location>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart, url, method }) => {
  if (!(schema instanceof z.ZodType)) {
    throw new Error(`${method} ${url}: the ${httpPart ?? 'request'} schema must be a zod schema`);
  }
  const location = LOCATIONS[httpPart ?? 'body'] ?? 'body';
  return (data: unknown) => {
    const result = check(schema, data, location);
    if (!result.ok) return { error: result.problem };
    // Headers keep everything not named in the schema (authorization, …).
    if (location === 'headers') return { value: { ...(data as object), ...(result.value as object) } };
    return { value: result.value };
  };
};

const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, url, method }) => {
  if (!(schema instanceof z.ZodType)) return (data: unknown) => JSON.stringify(data);
  return (data: unknown) => {
    // Parsing strips fields the schema does not declare: a response never carries more than documented.
    const result = schema.safeParse(data);
    if (!result.success) throw new Error(`${method} ${url}: the response does not match its schema`);
    return JSON.stringify(result.data);
  };
};

/** Makes zod the schema language of routes: validation (400 problem+json) and response shaping. */
export function installZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}
