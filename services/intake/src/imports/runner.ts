import type { Actor, ImportChannel } from '@siks/contracts';
import { WrongExpectedRevisionError } from '@siks/eventstore';
import type { FastifyBaseLogger } from 'fastify';
import { mapLimited } from '../concurrency.ts';
import type { IntakeContext } from '../context.ts';
import { actorMetadata } from '../http/context.ts';
import { createProposal, creationEventId } from '../proposals/create.ts';
import { finishImport, pendingProposalIds, recordProgress } from './import-store.ts';
import type { ImportPlan, PlannedProposal } from './plan.ts';
import { appendReferences } from './references.ts';
import type { RowIssue } from './results.ts';

export interface ImportJob {
  importId: string;
  channel: ImportChannel;
  submit: boolean;
  plan: ImportPlan;
  /** The uploader: actor of every event the import appends. */
  actor: Actor;
  /** The upload's request id. */
  correlationId: string;
  /** The village meeting that agreed the list (musdes). */
  meetingId?: string;
}

export interface ImportRunner {
  /** Whether this process is working on the import now. */
  isRunning(importId: string): boolean;
  /** Creates the plan's pending proposals in the background, batch by batch, recording progress. */
  start(job: ImportJob): void;
  /** Resolves when the import's run (if any) has ended. */
  settled(importId: string): Promise<void>;
  /** Stops after the batches in hand (the imports stay resumable) and waits for them. */
  close(): Promise<void>;
}

/** How long a run's claim on an import lasts without progress before another upload may resume it. */
export const IMPORT_LEASE_MS = 60_000;

type Outcome = { proposalId: string; created: true } | { proposalId: string; created: false; errors: RowIssue[] };

/**
 * Runs imports in this process. Every proposal id and event id derives from the import and the
 * row, so a run that is cut short (crash, shutdown) and resumed by uploading the same file again
 * appends nothing twice: it continues with the rows still pending.
 */
export function createImportRunner(context: IntakeContext, log: Pick<FastifyBaseLogger, 'error'>): ImportRunner {
  const { pool, store, keyring, windows, clock, config } = context;
  const running = new Map<string, Promise<void>>();
  let stopping = false;

  async function createOne(job: ImportJob, proposal: PlannedProposal): Promise<Outcome> {
    const now = clock();
    try {
      await createProposal(
        { store, sealer: keyring, windows },
        {
          proposalId: proposal.proposalId,
          channel: job.channel,
          content: proposal.content,
          submit: job.submit,
          source: {
            importId: job.importId,
            rows: proposal.rows,
            ...(job.meetingId !== undefined ? { meetingId: job.meetingId } : {}),
          },
          metadata: actorMetadata(job.actor, job.correlationId, now, job.channel),
          now,
          eventId: creationEventId(proposal.proposalId),
        },
      );
      return { proposalId: proposal.proposalId, created: true };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      return {
        proposalId: proposal.proposalId,
        created: false,
        errors: [{ field: '', code: 'proposal.already_exists' }],
      };
    }
  }

  async function run(job: ImportJob): Promise<void> {
    const { importId } = job;
    const pending = await pendingProposalIds(pool, importId);
    const todo = job.plan.proposals.filter((proposal) => pending.has(proposal.proposalId));
    const size = Math.max(1, config.INTAKE_IMPORT_BATCH_SIZE);
    for (let start = 0; start < todo.length; start += size) {
      if (stopping) {
        await finishImport(pool, importId, 'interrupted', 'stopped');
        return;
      }
      const batch = todo.slice(start, start + size);
      const metadata = actorMetadata(job.actor, job.correlationId, clock(), job.channel);
      const references = batch.flatMap((proposal) => (proposal.reference ? [proposal.reference] : []));
      await appendReferences(store, importId, references, keyring, metadata);
      const settledOutcomes = await mapLimited(batch, config.INTAKE_WRITE_CONCURRENCY, (proposal) =>
        createOne(job, proposal).then(
          (outcome) => ({ ok: true as const, outcome }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      );
      const failure = settledOutcomes.find((settled) => !settled.ok);
      if (failure && !failure.ok) throw failure.error;
      const outcomes = settledOutcomes.flatMap((settled) => (settled.ok ? [settled.outcome] : []));
      await recordProgress(
        pool,
        importId,
        outcomes.filter((outcome) => outcome.created).map((outcome) => outcome.proposalId),
        outcomes.flatMap((outcome) =>
          outcome.created ? [] : [{ proposalId: outcome.proposalId, errors: outcome.errors }],
        ),
        IMPORT_LEASE_MS,
      );
    }
    await finishImport(pool, importId, 'completed');
  }

  return {
    isRunning: (importId) => running.has(importId),
    start(job) {
      if (running.has(job.importId)) return;
      const task = run(job)
        .catch(async (error: unknown) => {
          log.error({ err: error, importId: job.importId }, 'import interrupted');
          await finishImport(pool, job.importId, 'interrupted', 'failed').catch((finishError: unknown) =>
            log.error({ err: finishError, importId: job.importId }, 'could not mark the import interrupted'),
          );
        })
        .finally(() => running.delete(job.importId));
      running.set(job.importId, task);
    },
    settled: (importId) => running.get(importId) ?? Promise.resolve(),
    async close() {
      stopping = true;
      await Promise.all(running.values());
    },
  };
}
