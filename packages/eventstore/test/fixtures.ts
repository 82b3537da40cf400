import { randomBytes } from 'node:crypto';
import type { NewEvent } from '@siks/contracts';
import { testEvent as sharedTestEvent } from '@siks/testing/events';

/** A unique stream-id prefix per test run, so runs against a shared server do not mix. */
export function runPrefix(label: string): string {
  return `${label}${randomBytes(4).toString('hex')}-`;
}

/** `TestHappened` (or `type`) with `data`: the shared test event (`@siks/testing/events`). */
export const testEvent = (data: Record<string, unknown> = {}, type = 'TestHappened', eventId?: string): NewEvent =>
  sharedTestEvent({ data, type, ...(eventId ? { eventId } : {}) });

export function testEvents(
  count: number,
  data: (index: number) => Record<string, unknown> = (i) => ({ i }),
): NewEvent[] {
  return Array.from({ length: count }, (_, index) => testEvent(data(index)));
}

export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
