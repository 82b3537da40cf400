/** A blind index as `@siks/pii` writes it (HMAC-SHA256, hex), standing alone in the JSON text. */
const BLIND_INDEX = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;
const isBlindIndex = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

/**
 * Which households a set of household events names, for the duplicate check of approvals
 * (duplicates.ts): each event is indexed once, when it is added, by the blind indexes in its
 * data, so a batch whose approvals each ask costs a lookup per index instead of a scan of every
 * event. Used for the log the read model has not read (unread-tail.ts) and for the events a
 * batch has decided but not appended (staged-writes.ts).
 */
export class NamedHouseholds {
  /** Households named by each blind index found in their events. */
  private readonly byIndex = new Map<string, Set<string>>();
  /** Reactivations name no member: always candidates. */
  private readonly reactivated = new Set<string>();
  /** Each event's data as JSON, for an index not shaped like a blind index (found by substring). */
  private readonly texts: { householdId: string; text: string }[] = [];

  add(householdId: string, event: { type: string; data: unknown }): void {
    const text = JSON.stringify(event.data);
    this.texts.push({ householdId, text });
    if (event.type === 'HouseholdReactivated') this.reactivated.add(householdId);
    for (const [index] of text.matchAll(BLIND_INDEX)) {
      const households = this.byIndex.get(index);
      if (households) households.add(householdId);
      else this.byIndex.set(index, new Set([householdId]));
    }
  }

  /** Households whose events name one of `indexes`, or reactivate them. */
  naming(indexes: readonly string[]): string[] {
    const found = new Set(this.reactivated);
    for (const index of indexes) {
      if (isBlindIndex(index)) for (const householdId of this.byIndex.get(index) ?? []) found.add(householdId);
      else for (const { householdId, text } of this.texts) if (text.includes(index)) found.add(householdId);
    }
    return [...found];
  }

  clear(): void {
    this.byIndex.clear();
    this.reactivated.clear();
    this.texts.length = 0;
  }
}
