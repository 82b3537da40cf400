import {
  Topics,
  type CaseEventType,
  type DocumentEventType,
  type ProposalEventType,
  type RecordedEvent,
} from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { byPerson, occurredAt, proposalIdOf, streamOf } from '../../events/read.ts';
import type { Projection, TableName } from '../projection.ts';
import { RegionKeys, type RegionTables } from '../region-keys.ts';
import { insertRows, type TableShape } from '../sql.ts';

/**
 * What a person did, by event type. Decisions are counted from verification's case events
 * (their actor is the verifikator or admin); intake's mirrored outcomes are not counted again.
 */
export const ACTIONS: Readonly<Partial<Record<string, string>>> = {
  ProposalDrafted: 'drafted',
  ProposalAmended: 'amended',
  ProposalSubmitted: 'submitted',
  ProposalResubmitted: 'resubmitted',
  ProposalWithdrawn: 'withdrawn',
  DocumentUploaded: 'uploaded',
  CaseVerified: 'verified',
  CaseReturned: 'returned',
  CaseRejected: 'rejected',
  CaseApproved: 'approved',
  FieldValidationOrdered: 'field_validation_ordered',
  FieldValidationRecorded: 'field_validation_recorded',
} satisfies Partial<Record<ProposalEventType | DocumentEventType | CaseEventType, string>>;

/** Stream kinds each action may come from (a type name reused elsewhere is not an action). */
const SOURCES: Readonly<Record<string, string>> = {
  drafted: 'proposal',
  amended: 'proposal',
  submitted: 'proposal',
  resubmitted: 'proposal',
  withdrawn: 'proposal',
  uploaded: 'document',
};

export interface ActionRow {
  event_id: string;
  actor_id: string;
  actor_role: string;
  action: string;
  proposal_id: string | null;
  region_code: string | null;
  region_key: string | null;
  occurred_at: string;
}

const ACTIONS_TABLE: TableShape<ActionRow> = {
  key: ['event_id'],
  columns: {
    event_id: 'uuid',
    actor_id: 'text',
    actor_role: 'text',
    action: 'text',
    proposal_id: 'uuid',
    region_code: 'text',
    region_key: 'text',
    occurred_at: 'timestamptz',
  },
};

function actionOf(event: RecordedEvent): string | undefined {
  const action = ACTIONS[event.type];
  if (!action || !byPerson(event)) return undefined;
  const kind = streamOf(event.streamId).kind;
  return (SOURCES[action] ?? 'case') === kind ? action : undefined;
}

const REGIONS: RegionTables = { anchors: 'operators_regions', rows: ['operator_actions'] };

/** One row per action of a person (`operator_actions`), with the village it concerned. */
export const operatorsProjection: Projection = {
  name: 'operators',
  topics: [Topics.intakeProposals, Topics.documentEvidence, Topics.verificationCases],
  tables: ['operator_actions', 'operators_regions'],
  regions: REGIONS,
  applyIndexes: ['operator_actions_pending'],
  async apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName) {
    // Every event of a proposal or case stream may teach its village, even when it is no action.
    const regions = await RegionKeys.load(client, REGIONS, table, events);
    const rows: ActionRow[] = [];
    for (const event of events) {
      const resolved = regions.resolve(event);
      const action = actionOf(event);
      if (!action) continue;
      rows.push({
        event_id: event.eventId,
        actor_id: event.metadata.actor.userId,
        actor_role: event.metadata.actor.role,
        action,
        proposal_id: proposalIdOf(event) ?? null,
        region_code: resolved.region,
        region_key: resolved.pendingKey,
        occurred_at: occurredAt(event),
      });
    }
    await insertRows(client, table('operator_actions'), rows, ACTIONS_TABLE);
    await regions.flush(client);
  },
};
