import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { HOUSEHOLD_PREFIX } from '../households/streams.ts';
import { readModelPosition } from '../read-model/project.ts';

const TAIL_PAGE = 500;
/** A blind index as `@siks/pii` writes it (HMAC-SHA256, hex), standing alone in the JSON text. */
export const BLIND_INDEX = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;
export const isBlindIndex = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

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
  /** Households named by each blind index found in their unread events. */
  private readonly byIndex = new Map<string, Set<string>>();
  /** Reactivations name no member: always candidates. */
  private readonly reactivated = new Set<string>();
  /** Each unread event's data as JSON, for an index not shaped like a blind index (found by substring). */
  private readonly texts: { householdId: string; text: string }[] = [];

  constructor(
    private readonly client: Queryable,
    private readonly store: EventStore,
  ) {}

  /** Households whose unread events name one of `indexes`, or were reactivated. */
  async candidates(indexes: readonly string[]): Promise<string[]> {
    await this.readOn();
    const found = new Set(this.reactivated);
    for (const index of indexes) {
      if (isBlindIndex(index)) for (const householdId of this.byIndex.get(index) ?? []) found.add(householdId);
      else for (const { householdId, text } of this.texts) if (text.includes(index)) found.add(householdId);
    }
    return [...found];
  }

  private async readOn(): Promise<void> {
    let after = this.after ?? (await readModelPosition(this.client));
    for (;;) {
      const { events, next } = await this.store.readAllPage({
        after,
        maxCount: TAIL_PAGE,
        streamPrefixes: [HOUSEHOLD_PREFIX],
      });
      for (const event of events) {
        const householdId = event.streamId.slice(HOUSEHOLD_PREFIX.length);
        const text = JSON.stringify(event.data);
        this.texts.push({ householdId, text });
        if (event.type === 'HouseholdReactivated') this.reactivated.add(householdId);
        for (const [index] of text.matchAll(BLIND_INDEX)) {
          const households = this.byIndex.get(index);
          if (households) households.add(householdId);
          else this.byIndex.set(index, new Set([householdId]));
        }
      }
      const last = events.length < TAIL_PAGE || next === after;
      after = next;
      if (last) break;
    }
    this.after = after;
  }
}
