import { Topics, Uuid, VillageCode, type RecordedEvent } from '@siks/contracts';
import { startBatchEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { Pool, Queryable } from '@siks/pg';
import { notFound } from '@siks/service-kit';
import { z } from 'zod';
import { applyMeetingEvent, type MeetingLinkDeps } from './meeting-links.ts';
import { applyErasure, type ErasureDeps } from './erasure.ts';

/** Consumer group (and inbox name) of the proposals' villages. */
export const PROPOSALS_CONSUMER = 'document.proposals';

/** Only the two fields this service needs of a drafted proposal (its content stays sealed and unread). */
const DraftedVillage = z.object({ proposalId: Uuid, regionCode: VillageCode });
const Lifecycle = z.object({ proposalId: Uuid });

/**
 * Where a proposal stands after each intake event that moves it (as far as evidence cares: an
 * amended returned proposal is still open, so `corrected` needs no row change). Events of one
 * proposal arrive in order: the topic is keyed by the proposal id.
 */
const STATUS_AFTER: Readonly<Record<string, string>> = {
  ProposalSubmitted: 'submitted',
  ProposalResubmitted: 'submitted',
  ProposalReturned: 'returned',
  ProposalWithdrawn: 'withdrawn',
  ProposalVerified: 'verified',
  ProposalRejected: 'rejected',
  ProposalApproved: 'approved',
};

/** Statuses in which evidence may still be withdrawn from the proposal. */
export const OPEN_FOR_EVIDENCE: readonly string[] = ['draft', 'returned'];

/** Records the village of a proposal from `ProposalDrafted` and its status from lifecycle events. */
export async function applyProposalEvent(db: Queryable, event: RecordedEvent): Promise<void> {
  if (event.type === 'ProposalDrafted') {
    const drafted = DraftedVillage.safeParse(event.data);
    if (!drafted.success) return;
    await db.query(
      `INSERT INTO document.proposals (proposal_id, region_code, status) VALUES ($1, $2, 'draft')
       ON CONFLICT (proposal_id) DO NOTHING`,
      [drafted.data.proposalId, drafted.data.regionCode],
    );
    return;
  }
  const status = STATUS_AFTER[event.type];
  const moved = Lifecycle.safeParse(event.data);
  if (status === undefined || !moved.success) return;
  await db.query('UPDATE document.proposals SET status = $2 WHERE proposal_id = $1', [moved.data.proposalId, status]);
}

/** The status of a proposal as this service last saw it (undefined: unknown). */
export async function proposalStatus(db: Queryable, proposalId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ status: string | null }>(
    'SELECT status FROM document.proposals WHERE proposal_id = $1',
    [proposalId],
  );
  return rows[0]?.status ?? undefined;
}

/**
 * The villages and statuses a run of a batch's events leaves, written in two statements (drafts
 * first, then each proposal's last status): what `applyProposalEvent` one event at a time would
 * leave. A status never waits for a draft of the same run: the topic is keyed by the proposal,
 * so its draft comes first, and a status seen before its draft is written before the draft.
 */
class PendingRows {
  private readonly drafts = new Map<string, string>();
  private readonly statuses = new Map<string, string>();

  /** False when the event is not a plain draft or status change (meetings, erasure: handled on their own). */
  add(event: RecordedEvent): boolean {
    if (event.type === 'ProposalDrafted') {
      if ((event.data['source'] as { meetingId?: unknown } | undefined)?.meetingId !== undefined) return false;
      const drafted = DraftedVillage.safeParse(event.data);
      if (!drafted.success) return true;
      if (this.statuses.has(drafted.data.proposalId)) return false;
      if (!this.drafts.has(drafted.data.proposalId)) this.drafts.set(drafted.data.proposalId, drafted.data.regionCode);
      return true;
    }
    const status = STATUS_AFTER[event.type];
    if (status === undefined) return false;
    const moved = Lifecycle.safeParse(event.data);
    if (moved.success) this.statuses.set(moved.data.proposalId, status);
    return true;
  }

  async flush(db: Queryable): Promise<void> {
    if (this.drafts.size > 0) {
      await db.query(
        `INSERT INTO document.proposals (proposal_id, region_code, status)
         SELECT id, region, 'draft' FROM unnest($1::uuid[], $2::text[]) AS d(id, region)
         ON CONFLICT (proposal_id) DO NOTHING`,
        [[...this.drafts.keys()], [...this.drafts.values()]],
      );
    }
    if (this.statuses.size > 0) {
      await db.query(
        `UPDATE document.proposals p SET status = s.status
           FROM unnest($1::uuid[], $2::text[]) AS s(id, status) WHERE p.proposal_id = s.id`,
        [[...this.statuses.keys()], [...this.statuses.values()]],
      );
    }
    this.drafts.clear();
    this.statuses.clear();
  }
}

/**
 * Applies a delivered batch in log order: runs of drafts and status changes set-based (two
 * statements a run instead of two per event), and each other event (a meeting's draft or
 * document, `PersonForgotten`, the rest) on its own, after the run before it is written.
 */
export async function applyProposalEvents(
  deps: MeetingLinkDeps & ErasureDeps,
  client: Queryable,
  events: readonly RecordedEvent[],
): Promise<void> {
  const pending = new PendingRows();
  for (const event of events) {
    if (pending.add(event)) continue;
    await pending.flush(client);
    if (pending.add(event)) continue; // a status change that had to wait for the run before it
    await applyProposalEvent(client, event);
    await applyMeetingEvent(deps, client, event);
    await applyErasure(client, event, deps);
  }
  await pending.flush(client);
}

/**
 * Keeps `document.proposals` (village, status) from `intake.proposals.v1` (replayed from the
 * beginning for a new group), and links village meetings' documents to their proposals
 * (meeting-links.ts), and forgets the documents of a forgotten person's households (erasure.ts).
 * Batch by batch (`applyProposalEvents`): one transaction per batch with its inbox marks.
 */
export function startProposalsConsumer(
  deps: { bus: Bus; pool: Pool } & MeetingLinkDeps & ErasureDeps,
): Promise<Consumer> {
  return startBatchEventConsumer({
    bus: deps.bus,
    pool: deps.pool,
    name: PROPOSALS_CONSUMER,
    topics: [Topics.intakeProposals],
    handleBatch: (events, client) => applyProposalEvents(deps, client, events),
  });
}

/** The village of a proposal, if this service has seen it drafted. */
export async function proposalVillage(db: Queryable, proposalId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ region_code: string }>(
    'SELECT region_code FROM document.proposals WHERE proposal_id = $1',
    [proposalId],
  );
  return rows[0]?.region_code;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The village of a proposal, waiting up to `waitMs` for one drafted a moment ago (the console
 * uploads evidence right after creating a draft; intake's event reaches this service through
 * the bus a little later). Undefined when still unknown.
 */
export async function awaitProposalVillage(
  db: Queryable,
  proposalId: string,
  waitMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const village = await proposalVillage(db, proposalId);
    if (village !== undefined || Date.now() >= deadline) return village;
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
}

/**
 * Evidence may back only a proposal of the document's own village (the caller's scope holds the
 * document, hence the village): anything else, and a proposal never seen, is 404, so a caller
 * learns nothing about proposals of other villages.
 */
export async function assertProposalOfVillage(
  db: Queryable,
  proposalId: string,
  village: string,
  waitMs: number,
): Promise<void> {
  if ((await awaitProposalVillage(db, proposalId, waitMs)) !== village) throw notFound();
}
