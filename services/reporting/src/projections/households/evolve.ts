import type { HouseholdEventType, RecordedEvent } from '@siks/contracts';
import { isVillageCode, occurredAt, text, uuid } from '../../events/read.ts';
import type { TableShape } from '../sql.ts';

/** One household of the registry as the reports see it. */
export interface HouseholdRow {
  household_id: string;
  region_code: string | null;
  status: 'active' | 'inactive' | null;
  status_reason: string | null;
  status_since: string | null;
  registered_at: string | null;
  proposal_id: string | null;
}

export const HOUSEHOLDS_TABLE: TableShape<HouseholdRow> = {
  key: ['household_id'],
  columns: {
    household_id: 'uuid',
    region_code: 'text',
    status: 'text',
    status_reason: 'text',
    status_since: 'timestamptz',
    registered_at: 'timestamptz',
    proposal_id: 'uuid',
  },
};

/** One change of a household, kept for monthly and time-series counts. */
export interface HouseholdChange {
  event_id: string;
  household_id: string;
  region_code: string | null;
  change: string;
  status: string | null;
  reason: string | null;
  proposal_id: string | null;
  occurred_at: string;
}

export const CHANGES_TABLE: TableShape<HouseholdChange> = {
  key: ['event_id'],
  columns: {
    event_id: 'uuid',
    household_id: 'uuid',
    region_code: 'text',
    change: 'text',
    status: 'text',
    reason: 'text',
    proposal_id: 'uuid',
    occurred_at: 'timestamptz',
  },
};

export const emptyHousehold = (householdId: string): HouseholdRow => ({
  household_id: householdId,
  region_code: null,
  status: null,
  status_reason: null,
  status_since: null,
  registered_at: null,
  proposal_id: null,
});

/** Registry events and the change each is counted as. */
const CHANGES: Readonly<Partial<Record<string, string>>> = {
  HouseholdRegistered: 'registered',
  HouseholdUpdated: 'updated',
  MemberAdded: 'member_added',
  MemberRemoved: 'member_removed',
  HouseholdDeactivated: 'deactivated',
  HouseholdReactivated: 'reactivated',
  HouseholdSplit: 'split',
} satisfies Record<HouseholdEventType, string>;

export const isHouseholdChange = (type: string): boolean => Object.hasOwn(CHANGES, type);

/** The row after one event of its own stream, and the change to record (if the event is one). */
export function evolveHousehold(
  row: HouseholdRow,
  event: RecordedEvent,
): { row: HouseholdRow; change: HouseholdChange | undefined } {
  const change = CHANGES[event.type];
  if (!change) return { row, change: undefined };
  const at = occurredAt(event);
  const region = event.data['regionCode'];
  let next: HouseholdRow = { ...row, region_code: isVillageCode(region) ? region : row.region_code };
  let reason: string | null = null;
  switch (event.type) {
    case 'HouseholdRegistered':
      next = {
        ...next,
        status: 'active',
        status_reason: null,
        status_since: at,
        registered_at: next.registered_at ?? at,
        proposal_id: uuid(event.data, 'proposalId') ?? next.proposal_id,
      };
      break;
    case 'HouseholdSplit':
      // The first event of a household formed by a split registers it.
      if (next.status === null) {
        next = {
          ...next,
          status: 'active',
          status_since: at,
          registered_at: at,
          proposal_id: uuid(event.data, 'proposalId') ?? null,
        };
      }
      break;
    case 'HouseholdDeactivated':
      reason = text(event.data, 'reason', 100) ?? null;
      next = { ...next, status: 'inactive', status_reason: reason, status_since: at };
      break;
    case 'HouseholdReactivated':
      next = { ...next, status: 'active', status_reason: null, status_since: at };
      break;
    default:
      break;
  }
  return {
    row: next,
    change: {
      event_id: event.eventId,
      household_id: row.household_id,
      region_code: next.region_code,
      change,
      status: next.status,
      reason,
      proposal_id: uuid(event.data, 'proposalId') ?? null,
      occurred_at: at,
    },
  };
}

export const countKey = (row: HouseholdRow): [string, string] | undefined =>
  row.region_code && row.status ? [row.region_code, row.status] : undefined;
