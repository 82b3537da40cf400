import { ProofError, proveConsistency, proveInclusion, readTreeHead, type InclusionProof } from '@siks/eventstore';
import { notFound, ProblemError, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { publicLimit, type AuditLogDeps } from './deps.ts';

const TreeSize = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const InclusionQuery = z
  .object({
    eventId: z.uuid().optional(),
    /** The event's global position (the number after the colon of its log position). */
    position: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
    /** Against the tree of this many leaves (a checkpoint's size); the latest checkpoint's by default. */
    treeSize: TreeSize.optional(),
  })
  .strict()
  .refine((query) => (query.eventId === undefined) !== (query.position === undefined), {
    message: 'give either eventId or position',
    path: ['eventId'],
  });

const ConsistencyQuery = z
  .object({ from: TreeSize, to: TreeSize.optional() })
  .strict()
  .refine((query) => query.to === undefined || query.from <= query.to, {
    message: 'from must not exceed to',
    path: ['from'],
  });

/** An inclusion proof with hashes only: no field of the event (RFC 9162 `PATH` and its leaf hash). */
export const HashOnlyInclusion = z.object({
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  leafHash: z.string(),
  proof: z.array(z.string()),
  root: z.string(),
});

export const ConsistencyAnswer = z.object({
  first: z.number().int(),
  second: z.number().int(),
  firstRoot: z.string(),
  secondRoot: z.string(),
  proof: z.array(z.string()),
});

export const hashesOnly = (proof: InclusionProof): z.infer<typeof HashOnlyInclusion> => ({
  leafIndex: proof.leafIndex,
  treeSize: proof.treeSize,
  leafHash: proof.leafHash,
  proof: proof.proof,
  root: proof.root,
});

/**
 * The size proofs are made against by default: the newest signed checkpoint's, so that a proof
 * checks against a root someone could have kept. 404 when nothing was ever checkpointed.
 */
export async function defaultTreeSize(deps: Pick<AuditLogDeps, 'auditLog'>): Promise<number> {
  const present = await deps.auditLog.query<{ present: boolean }>(
    `SELECT to_regclass('audit_log.checkpoints') IS NOT NULL AS present`,
  );
  if (!present.rows[0]?.present) throw notFound();
  const { rows } = await deps.auditLog.query<{ size: string | null }>(
    'SELECT max(size) AS size FROM audit_log.checkpoints',
  );
  if (rows[0]?.size == null) throw notFound();
  return Number(rows[0].size);
}

/** A proof the tree cannot give: beyond the tree, or an event not (yet) a leaf; the reason in the answer. */
export function proofProblem(error: unknown): never {
  if (error instanceof ProofError)
    throw new ProblemError({ status: 404, code: 'not_found', extensions: { reason: error.message } });
  throw error;
}

/**
 * Proofs for anyone who holds a checkpoint: that an event is in the log (`inclusion`) and that
 * a later tree extends an earlier one (`consistency`). Hashes only — the caller must already
 * know the event to check the leaf hash against it — and rate-limited per address.
 */
export function registerProofRoutes(app: ServiceApp, deps: AuditLogDeps): void {
  app.get(
    '/v1/audit/proofs/inclusion',
    {
      config: { public: true, ...publicLimit(deps) },
      schema: {
        summary: 'Inclusion proof (hashes only) of an event, by event id or global position, in a checkpointed tree',
        tags: ['audit log'],
        querystring: InclusionQuery,
        response: { 200: HashOnlyInclusion },
      },
    },
    async (request) => {
      const treeSize = request.query.treeSize ?? (await defaultTreeSize(deps));
      const target =
        request.query.eventId !== undefined
          ? { eventId: request.query.eventId }
          : { position: request.query.position ?? '' };
      return hashesOnly(await proveInclusion(deps.auditLog, target, treeSize).catch(proofProblem));
    },
  );

  app.get(
    '/v1/audit/proofs/consistency',
    {
      config: { public: true, ...publicLimit(deps) },
      schema: {
        summary:
          'Consistency proof that the tree of `to` leaves (default: latest checkpoint) extends the tree of `from`',
        tags: ['audit log'],
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyAnswer },
      },
    },
    async (request, reply) => {
      // No checkpoint yet (or no audit log at all): nothing to be consistent with, 404 rather than a failure.
      const latest = await defaultTreeSize(deps);
      const to = request.query.to ?? latest;
      if (request.query.from > to) throw notFound();
      const head = await readTreeHead(deps.auditLog);
      if (to > head.size) throw notFound();
      const answer = await proveConsistency(deps.auditLog, request.query.from, to).catch(proofProblem);
      // Between two fixed sizes the proof never changes.
      if (request.query.to !== undefined) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return answer;
    },
  );
}
