import type { NewEvent, RecordedEvent } from '@siks/contracts';
import { withGroupCommit, type EventStore, type ExpectedRevision } from '@siks/eventstore';
import { fold } from '../households/evolve.ts';
import type { HouseholdState } from '../households/state.ts';
import { householdStream, loadHousehold } from '../households/streams.ts';
import { NamedHouseholds } from './named-households.ts';

interface Staged {
  /** The household's events in the store when the batch first read it. */
  recorded: RecordedEvent[];
  /** Its state after those and the batch's staged events. */
  state: HouseholdState | null;
  /** The revision the store held when first read: what the batch's one append expects. */
  expected: ExpectedRevision;
  /** Events the batch's approvals decided for it, not yet appended. */
  events: NewEvent[];
}

/** `store` whose concurrent appends share a transaction, for `StagedWrites`. */
export const groupedAppends = (store: EventStore): EventStore => withGroupCommit(store, { maxBatch: 1000 });

/** What an approval reads of a household: the stored events and the state the batch leaves it in. */
export interface HouseholdView {
  recorded: readonly RecordedEvent[];
  state: HouseholdState | null;
}

/**
 * The household events one batch of approvals decides, appended together at the end of the
 * batch (one append per household, all at once through a group commit: one transaction for the
 * batch instead of one per approval). Until then every approval of the batch reads households
 * through here, so it sees what the approvals before it decided, as it saw them in the log when
 * each approval appended on its own: a household registered by an earlier approval is found by
 * the duplicate check (`candidates`) and its state includes the staged events. Event ids stay
 * those derived from each approval, so a batch delivered again after a failure appends nothing
 * twice (an approval whose events are in the store is recognised as applied).
 */
export class StagedWrites {
  private readonly households = new Map<string, Staged>();
  private readonly named = new NamedHouseholds();

  /** `grouped`: `store` with group commit (`groupedAppends`), made once per consumer. */
  constructor(
    private readonly store: EventStore,
    private readonly grouped: EventStore,
  ) {}

  /** A household as the store and the batch's staged events leave it. */
  async read(householdId: string): Promise<HouseholdView> {
    const staged = await this.entry(householdId);
    return { recorded: staged.recorded, state: staged.state };
  }

  /** Adds an approval's decided events (its state after them), to be appended with the batch. */
  stage(householdId: string, state: HouseholdState | null, events: readonly NewEvent[]): void {
    const staged = this.households.get(householdId);
    if (!staged) throw new Error('stage: household not read through this batch');
    if (events.length === 0) return;
    staged.events.push(...events);
    staged.state = state;
    for (const event of events) this.named.add(householdId, event);
  }

  /**
   * Households whose staged events name one of `indexes` (blind indexes in their data, as the
   * unread tail finds them in the log), or reactivate them. Indexed when staged: a batch's
   * approvals ask once each, so scanning every staged event each time would be quadratic.
   */
  candidates(indexes: readonly string[]): string[] {
    return this.named.naming(indexes);
  }

  /** Appends every staged household (first staged first), together; rejects with the first failure. */
  async flush(): Promise<void> {
    const appends = [...this.households]
      .filter(([, staged]) => staged.events.length > 0)
      .map(([householdId, staged]) =>
        this.grouped.append(householdStream(householdId), staged.events, staged.expected),
      );
    const results = await Promise.allSettled(appends);
    this.households.clear();
    this.named.clear();
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async entry(householdId: string): Promise<Staged> {
    const known = this.households.get(householdId);
    if (known) return known;
    const loaded = await loadHousehold(this.store, householdId);
    const last = loaded.at(-1)?.recorded.revision;
    const staged: Staged = {
      recorded: loaded.map(({ recorded }) => recorded),
      state: fold(loaded.map(({ event }) => event)),
      expected: last === undefined ? 'no_stream' : last,
      events: [],
    };
    this.households.set(householdId, staged);
    return staged;
  }
}
