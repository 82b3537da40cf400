import { CutoffEventSchemas, CutoffHandoffEventSchemas, type Actor, type CutoffStage } from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import { cutoffStream, type Cutoff } from '../cutoffs/fix.ts';

export interface RowAnswer {
  status: 'accepted' | 'returned';
  reason?: string;
  proposalId: string;
  regionCode: string;
  answeredAt: string;
  answeredBy: Actor;
}

/** A cut-off with where it stands in the hand-off, folded from its stream. */
export interface CutoffHandoff extends Cutoff {
  stage: CutoffStage;
  /** The province's reason when it returned the cut-off. */
  returnReason?: string;
  /** Revision of the stream's last event (appends expect it). */
  revision: number;
  exports: { sha256: string; rows: number; households: number; at: string; by: Actor }[];
  /** The ministry's latest answer per household id. */
  answers: Map<string, RowAnswer>;
}

/** The cut-off and its hand-off as recorded, or undefined when no cut-off has this id. */
export async function loadHandoff(store: EventStore, cutoffId: string): Promise<CutoffHandoff | undefined> {
  const events = await store.readStream(cutoffStream(cutoffId));
  const [first] = events;
  if (!first || first.type !== 'CutoffFixed') return undefined;
  const fixed = CutoffEventSchemas.CutoffFixed.data.parse(first.data);
  const state: CutoffHandoff = {
    ...fixed,
    fixedAt: first.recordedAt,
    fixedBy: first.metadata.actor,
    stage: 'fixed',
    revision: first.revision,
    exports: [],
    answers: new Map(),
  };
  for (const event of events.slice(1)) {
    state.revision = event.revision;
    switch (event.type) {
      case 'CutoffSubmittedToProvince':
        state.stage = 'submitted';
        delete state.returnReason;
        break;
      case 'CutoffReviewedByProvince': {
        const data = CutoffHandoffEventSchemas.CutoffReviewedByProvince.data.parse(event.data);
        state.stage = data.decision;
        if (data.reason !== undefined) state.returnReason = data.reason;
        break;
      }
      case 'CutoffExported': {
        const data = CutoffHandoffEventSchemas.CutoffExported.data.parse(event.data);
        const { sha256, rows, households } = data;
        state.exports.push({ sha256, rows, households, at: event.recordedAt, by: event.metadata.actor });
        break;
      }
      case 'CutoffRowAnswered': {
        const data = CutoffHandoffEventSchemas.CutoffRowAnswered.data.parse(event.data);
        state.answers.set(data.householdId, {
          status: data.status,
          ...(data.reason !== undefined ? { reason: data.reason } : {}),
          proposalId: data.proposalId,
          regionCode: data.regionCode,
          answeredAt: event.recordedAt,
          answeredBy: event.metadata.actor,
        });
        break;
      }
      default:
        break; // a newer event type: its stage effect is unknown here, the revision still counts
    }
  }
  return state;
}
