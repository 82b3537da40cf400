import { createHash } from 'node:crypto';
import { readRecordedCheckpoint } from '@siks/eventstore';
import { notFound, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import type { AuditLogDeps } from './deps.ts';
import { publicLimit } from './deps.ts';

const CheckpointQuery = z
  .object({
    /** The checkpoint of exactly this many leaves (an older one); the latest without it. */
    size: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

/** A strong validator of one note: its size and a digest of its exact bytes. */
const etagOf = (size: number, note: string): string =>
  `"cp-${size}-${createHash('sha256').update(note).digest('base64url').slice(0, 22)}"`;

/** Whether an If-None-Match header names `etag` (a list, or `*`). */
const matches = (header: string | undefined, etag: string): boolean =>
  header !== undefined && (header.trim() === '*' || header.split(',').some((tag) => tag.trim() === etag));

/**
 * The signed checkpoints, for anyone: no login, cacheable, so that other offices can keep copies
 * and compare them (witnesses). The note is handed out byte for byte as signed; whoever reads it
 * checks the signature against a key pinned out of band, not against `/v1/audit/verifier-key`
 * alone (that answer comes from the same server).
 */
export function registerCheckpointRoutes(app: ServiceApp, deps: AuditLogDeps): void {
  app.get(
    '/v1/audit/checkpoint',
    {
      config: { public: true, ...publicLimit(deps) },
      schema: {
        summary: 'The latest signed checkpoint of the audit log (C2SP tlog-checkpoint), or the one of `size` leaves',
        tags: ['audit log'],
        querystring: CheckpointQuery,
      },
    },
    async (request, reply) => {
      const found = await readRecordedCheckpoint(deps.auditLog, request.query.size);
      if (!found) throw notFound();
      const etag = etagOf(found.size, found.note);
      // A checkpoint of a given size never changes; "latest" moves with every new one.
      reply
        .header('etag', etag)
        .header(
          'cache-control',
          request.query.size === undefined
            ? 'public, max-age=30, must-revalidate'
            : 'public, max-age=31536000, immutable',
        )
        .header('x-audit-tree-size', String(found.size));
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type('text/plain; charset=utf-8').send(found.note);
    },
  );

  app.get(
    '/v1/audit/verifier-key',
    {
      config: { public: true, ...publicLimit(deps) },
      schema: {
        summary: 'The verifier key (name+keyid+key) that signs the checkpoints; pin it out of band',
        tags: ['audit log'],
      },
    },
    async (_request, reply) => {
      const found = await readRecordedCheckpoint(deps.auditLog);
      if (!found) throw notFound();
      return reply
        .header('cache-control', 'public, max-age=300')
        .type('text/plain; charset=utf-8')
        .send(`${found.vkey}\n`);
    },
  );
}
