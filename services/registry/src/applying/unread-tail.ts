import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { HOUSEHOLD_PREFIX } from '../households/streams.ts';
import { readModelPosition } from '../read-model/project.ts';
import { NamedHouseholds } from './named-households.ts';

const TAIL_PAGE = 500;

/**
 * The household events the read model has not read yet, for the duplicate check of approvals
 * (duplicates.ts). One instance serves one batch of approvals: the first question reads the log
 * from the read model's position, each later one only what was appended since (the households
 * the batch's earlier approvals registered, among others). Before, every approval read the
 * whole unread tail again, so a read model behind by n events cost each approval n/500 reads:
 * a backlog of approvals made that quadratic. Reading from an older position than the read
 * model's current one only finds more candidates, and every candidate is folded from its own
 * stream before it counts, so the answer is the one a fresh scan gives.
 */
export class UnreadTail {
  private after: string | undefined;
  private readonly named = new NamedHouseholds();

  constructor(
    private readonly client: Queryable,
    private readonly store: EventStore,
  ) {}

  /** Households whose unread events name one of `indexes`, or were reactivated. */
  async candidates(indexes: readonly string[]): Promise<string[]> {
    await this.readOn();
    return this.named.naming(indexes);
  }

  private async readOn(): Promise<void> {
    let after = this.after ?? (await readModelPosition(this.client));
    for (;;) {
      const { events, next } = await this.store.readAllPage({
        after,
        maxCount: TAIL_PAGE,
        streamPrefixes: [HOUSEHOLD_PREFIX],
      });
      for (const event of events) this.named.add(event.streamId.slice(HOUSEHOLD_PREFIX.length), event);
      const last = events.length < TAIL_PAGE || next === after;
      after = next;
      if (last) break;
    }
    this.after = after;
  }
}
