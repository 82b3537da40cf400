import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { z } from 'zod';

interface CollectedRoute {
  methods: string[];
  url: string;
  schema: FastifySchema | undefined;
  isPublic: boolean;
}

type JsonSchema = Record<string, unknown>;

const toJsonSchema = (schema: unknown, io: 'input' | 'output'): JsonSchema | undefined => {
  if (!(schema instanceof z.ZodType)) return undefined;
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
};

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

function parameters(schema: unknown, where: 'path' | 'query' | 'header'): JsonSchema[] {
  const json = toJsonSchema(schema, 'input');
  const properties = (json?.['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json?.['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
  }));
}

function operation(route: CollectedRoute): JsonSchema {
  const schema = route.schema ?? {};
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
    const json = toJsonSchema(response, 'output');
    responses[status] = { description: status, ...(json ? { content: { 'application/json': { schema: json } } } : {}) };
  }
  if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
  responses['default'] = {
    description: 'Problem (RFC 9457)',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  const body = toJsonSchema(schema.body, 'input');
  return {
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.tags ? { tags: schema.tags } : {}),
    ...(schema.operationId ? { operationId: schema.operationId } : {}),
    parameters: [
      ...parameters(schema.params, 'path'),
      ...parameters(schema.querystring, 'query'),
      ...parameters(schema.headers, 'header'),
    ],
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
    ...(route.isPublic ? { security: [] } : {}),
  };
}

/** An OpenAPI 3.1 document built from the zod schemas of a service's routes. */
export interface OpenApiCollector {
  document(): Record<string, unknown>;
  routes(): readonly CollectedRoute[];
}

/** Collects routes as they are added (install before any route) for `/docs/openapi.json`. */
export function collectOpenApi(app: FastifyInstance, info: { title: string; version: string }): OpenApiCollector {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.schema?.hide) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((method) => method !== 'HEAD');
    if (methods.length === 0) return;
    routes.push({ methods, url: route.url, schema: route.schema, isPublic: route.config?.public === true });
  });
  let cached: Record<string, unknown> | undefined;
  return {
    routes: () => routes,
    document() {
      if (cached) return cached;
      const paths: Record<string, Record<string, JsonSchema>> = {};
      for (const route of routes) {
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        const item = (paths[path] ??= {});
        for (const method of route.methods) item[method.toLowerCase()] = operation(route);
      }
      cached = {
        openapi: '3.1.0',
        info,
        paths,
        components: {
          schemas: { Problem: PROBLEM_SCHEMA },
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearerAuth: [] }],
      };
      return cached;
    },
  };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A plain HTML index of the routes (no scripts, no external assets). */
export function docsPage(title: string, collector: OpenApiCollector): string {
  const rows = collector
    .routes()
    .map(
      (route) =>
        `<tr><td>${escapeHtml(route.methods.join(', '))}</td><td><code>${escapeHtml(route.url)}</code></td>` +
        `<td>${escapeHtml(route.schema?.summary ?? '')}</td><td>${route.isPublic ? 'publik' : 'token'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(title)} — API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style>
</head><body><h1>${escapeHtml(title)}</h1>
<p>OpenAPI: <a href="/docs/openapi.json">/docs/openapi.json</a></p>
<table><thead><tr><th>Metode</th><th>Alamat</th><th>Ringkasan</th><th>Akses</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
