import { ProposalEventSchemas, type JsonValue, type RecordedEvent } from '@siks/contracts';
import { evolve } from './evolve.ts';
import { withoutPersonal } from './repository.ts';
import { openChanges, type PersonalDataOpener } from './seal.ts';
import type { ProposalState } from './state.ts';
import type { Disclosure } from '@siks/service-kit/access';
import { maskChangeValue } from './views.ts';

export interface HistoryChange {
  path: string;
  from?: JsonValue;
  to?: JsonValue;
  /** The values belonged to a person whose data was erased. */
  forgotten?: true;
}

export interface HistoryEntry {
  revision: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { userId: string; role: string };
  channel: string;
  reason?: string;
  /** The proposal's status after this event. */
  status: string;
  changes?: HistoryChange[];
  /** Fields verification asked to correct (ProposalReturned). */
  fields?: string[];
  /** A submission waiting for its window (ProposalSubmissionDeferred). */
  opensOn?: string;
}

/**
 * Every event of a proposal: who (user, role), when, from which channel, why, and for an
 * amendment the changed fields. Sealed change values are opened (the caller is in scope) with
 * identity numbers masked and, for a `masked` reader, withheld fields left out; `openedPersonal`
 * tells whether any personal value was shown.
 */
export async function buildHistory(
  recorded: readonly RecordedEvent[],
  opener: PersonalDataOpener,
  disclosure: Disclosure,
): Promise<{ entries: HistoryEntry[]; openedPersonal: boolean }> {
  let state: ProposalState = { status: 'none', revision: -1 };
  let openedPersonal = false;
  const entries: HistoryEntry[] = [];
  for (const event of recorded) {
    const domain = withoutPersonal(event);
    state = evolve(state, domain);
    const { metadata } = event;
    const entry: HistoryEntry = {
      revision: event.revision,
      eventId: event.eventId,
      type: event.type,
      occurredAt: metadata.occurredAt,
      actor: { userId: metadata.actor.userId, role: metadata.actor.role },
      channel: metadata.channel,
      ...(metadata.reason !== undefined ? { reason: metadata.reason } : {}),
      status: state.status,
    };
    if (event.type === 'ProposalAmended') {
      const data = ProposalEventSchemas.ProposalAmended.data.parse(event.data);
      entry.reason ??= data.reason;
      openedPersonal ||= data.changes.some((change) => 'personal' in change);
      entry.changes = (await openChanges(data.changes, opener)).map((change) => maskChange(change, disclosure));
    } else if (domain.type === 'ProposalReturned') {
      entry.reason ??= domain.data.reason;
      entry.fields = domain.data.fields;
    } else if (domain.type === 'ProposalWithdrawn' || domain.type === 'ProposalRejected') {
      entry.reason ??= domain.data.reason;
    } else if (domain.type === 'ProposalSubmissionDeferred') {
      entry.opensOn = domain.data.opensOn;
    }
    entries.push(entry);
  }
  return { entries, openedPersonal };
}

function maskChange(change: HistoryChange, disclosure: Disclosure): HistoryChange {
  const from = change.from === undefined ? undefined : maskChangeValue(change.path, change.from, disclosure);
  const to = change.to === undefined ? undefined : maskChangeValue(change.path, change.to, disclosure);
  return {
    path: change.path,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(change.forgotten ? { forgotten: true as const } : {}),
  };
}
