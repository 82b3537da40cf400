import { ProofError, proveInclusion, type InclusionProof } from '@siks/eventstore';
import { type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { queryRegion, withinSql } from '../reports/regions.ts';
import type { AuditLogDeps } from './deps.ts';
import { defaultTreeSize } from './proof-routes.ts';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const MAX_EVENTS_PER_REQUEST = 50;

const ScopedProofsQuery = z
  .object({
    /** Event ids, comma-separated, at most 50. */
    eventIds: z.string().regex(new RegExp(`^${UUID}(,${UUID}){0,${MAX_EVENTS_PER_REQUEST - 1}}$`)),
    treeSize: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

const Leaf = z.object({
  v: z.literal(1),
  logPosition: z.string(),
  eventId: z.string(),
  streamId: z.string(),
  revision: z.number().int(),
  type: z.string(),
  recordedAt: z.string(),
  actor: z.object({ userId: z.string(), role: z.string(), regionCode: z.string() }).nullable(),
  hash: z.string(),
});

const ScopedProofs = z.object({
  treeSize: z.number().int(),
  items: z.array(
    z.object({
      eventId: z.string(),
      leaf: Leaf,
      leafIndex: z.number().int(),
      leafHash: z.string(),
      proof: z.array(z.string()),
    }),
  ),
  /** Asked for, but not (yet) in the checkpointed tree, or not visible in the caller's scope. */
  pending: z.array(z.string()),
});

/**
 * Inclusion proofs with their leaves (what each leaf says about its event: type, stream,
 * revision, time, actor, content hash), for the audit explorer to check in the browser the very
 * events it shows. Signed-in callers only, and only events of the reporting audit trail in their
 * region scope: the public proofs carry hashes only.
 */
export function registerScopedProofsRoute(app: ServiceApp, deps: AuditLogDeps): void {
  app.get(
    '/v1/reports/audit/proofs',
    {
      schema: {
        summary: 'Inclusion proofs with leaves for events of the audit trail in scope, against a checkpointed tree',
        tags: ['reports'],
        querystring: ScopedProofsQuery,
        response: { 200: ScopedProofs },
      },
    },
    async (request) => {
      const region = queryRegion(deps.regions, request.actor, undefined);
      const wanted = [...new Set(request.query.eventIds.toLowerCase().split(','))];
      const params: unknown[] = [wanted];
      const visible = await deps.pool.query<{ event_id: string }>(
        `SELECT event_id::text FROM reporting.audit_events
          WHERE event_id = ANY($1::uuid[]) AND ${withinSql('region_code', region.code, params)}`,
        params,
      );
      const inScope = new Set(visible.rows.map((row) => row.event_id));
      const treeSize = request.query.treeSize ?? (await defaultTreeSize(deps));
      const items: z.infer<typeof ScopedProofs>['items'] = [];
      const pending: string[] = [];
      for (const eventId of wanted) {
        let proof: InclusionProof | undefined;
        if (inScope.has(eventId)) {
          proof = await proveInclusion(deps.auditLog, { eventId }, treeSize).catch((error: unknown) => {
            if (error instanceof ProofError) return undefined;
            throw error;
          });
        }
        if (!proof) pending.push(eventId);
        else
          items.push({
            eventId,
            leaf: proof.leaf,
            leafIndex: proof.leafIndex,
            leafHash: proof.leafHash,
            proof: proof.proof,
          });
      }
      return { treeSize, items, pending };
    },
  );
}
