/**
 * The seed's verifikators and admins: each decision and approval goes through verification's own
 * command handling (`handleCaseCommand`: load the case, `decide` with its rules, append with the
 * expected revision) and its queue row, exactly as the HTTP routes do, minus HTTP. Many at once
 * through a group-commit store, so they reach the log as batch appends. Event ids derive from
 * the proposal, so a resumed seed appends nothing twice; decided cases are skipped.
 */
import { deterministicId, type CheckName, type EventMetadata } from '@siks/contracts';
import { withGroupCommit, type EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import type { CaseCommand } from '../../services/verification/src/case/decide.ts';
import { latestRound } from '../../services/verification/src/case/state.ts';
import { handleCaseCommand, loadCase } from '../../services/verification/src/case/stream.ts';
import { activeDuplicateHouseholds } from '../../services/verification/src/inputs/active-duplicates.ts';
import { upsertCaseRow } from '../../services/verification/src/queue/projection.ts';
import type { Fate } from './fates.ts';

const VERIFY_REASON = 'Berkas fisik diperiksa di kantor dinas';
const RETURN_REASON = 'Foto rumah belum jelas, mohon dilengkapi';
const REJECT_REASON = 'Rumah tangga tidak memenuhi kriteria kemiskinan';
const DAY_MS = 24 * 3600 * 1000;

export interface CaseDeps {
  store: EventStore;
  pool: Pool;
  today: Date;
  concurrency: number;
  progress: (phase: string, done: number, total: number) => void;
}

export const regencyOf = (regionCode: string): string => regionCode.slice(0, 5);

/** Runs `work` over `items` with at most `limit` at once. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A person's act on the case some days after the submission, never after `today`. */
function metadataOf(
  fate: Fate,
  regency: string,
  role: 'verifikator_kabkota' | 'admin_kabkota',
  days: number,
  today: Date,
  reason?: string,
): EventMetadata {
  const at = Math.min(fate.submittedAt.getTime() + days * DAY_MS, today.getTime() - 3600_000);
  return {
    actor: { userId: `${role}-${regency}`, role, regionCode: regency },
    channel: 'operator',
    occurredAt: new Date(at).toISOString(),
    correlationId: fate.proposalId,
    causationId: null,
    ...(reason !== undefined ? { reason } : {}),
  };
}

function commandFor(fate: Fate, failing: CheckName[]): { command: CaseCommand; reason?: string } {
  if (fate.outcome === 'returned')
    return { command: { type: 'Decide', decision: 'return', reason: RETURN_REASON }, reason: RETURN_REASON };
  if (fate.outcome === 'rejected')
    return { command: { type: 'Decide', decision: 'reject', reason: REJECT_REASON }, reason: REJECT_REASON };
  // Verified over failing checks names each of them, with a reason (verification's rule).
  if (failing.length > 0) {
    return {
      command: { type: 'Decide', decision: 'verify', reason: VERIFY_REASON, overrides: failing },
      reason: VERIFY_REASON,
    };
  }
  return { command: { type: 'Decide', decision: 'verify' } };
}

/** Verify, return or reject every seeded case that is not to stay pending. */
export async function decideAll(deps: CaseDeps, fates: readonly Fate[]): Promise<void> {
  const store = withGroupCommit(deps.store, { maxBatch: 2000 });
  const toDecide = fates.filter((fate) => fate.outcome !== 'pending');
  let done = 0;
  await inParallel(toDecide, deps.concurrency, async (fate) => {
    const state = await loadCase(store, fate.proposalId);
    if (state.status === 'checks_done' || state.status === 'open') {
      const failing = (latestRound(state)?.results ?? []).filter((r) => r.result === 'fail').map((r) => r.check);
      const { command, reason } = commandFor(fate, failing);
      const regency = regencyOf(state.regionCode);
      const result = await handleCaseCommand({
        store,
        proposalId: fate.proposalId,
        state,
        command,
        expectedRevision: state.revision,
        metadata: metadataOf(fate, regency, 'verifikator_kabkota', 5, deps.today, reason),
        eventId: (index) => deterministicId(fate.proposalId, `seed.decision:${index}`),
      });
      await upsertCaseRow(deps.pool, result.state);
    }
    deps.progress('decisions', ++done, toDecide.length);
  });
}

/**
 * *Pengesahan* of every verified seeded case (one batch id per regency and 500 cases); a case
 * that would put a NIK or KK active elsewhere into the registry is held, as the approval route
 * holds it without a resolution. Returns how many were held.
 */
export async function approveAll(deps: CaseDeps, fates: readonly Fate[]): Promise<number> {
  const store = withGroupCommit(deps.store, { maxBatch: 2000 });
  const toApprove = fates.filter((fate) => fate.outcome === 'approved');
  const order = new Map(toApprove.map((fate, index) => [fate, index]));
  let done = 0;
  let held = 0;
  await inParallel(toApprove, deps.concurrency, async (fate) => {
    const state = await loadCase(store, fate.proposalId);
    if (state.status === 'verified') {
      if ((await activeDuplicateHouseholds(deps.pool, fate.proposalId)) > 0) held += 1;
      else {
        const regency = regencyOf(state.regionCode);
        const batch = Math.floor(order.get(fate)! / 500);
        const result = await handleCaseCommand({
          store,
          proposalId: fate.proposalId,
          state,
          command: { type: 'Approve', batchId: deterministicId(`seed.approvals:${regency}`, String(batch)) },
          expectedRevision: state.revision,
          metadata: metadataOf(fate, regency, 'admin_kabkota', 12, deps.today),
          eventId: (index) => deterministicId(fate.proposalId, `seed.approval:${index}`),
        });
        await upsertCaseRow(deps.pool, result.state);
      }
    }
    deps.progress('approvals', ++done, toApprove.length);
  });
  return held;
}
