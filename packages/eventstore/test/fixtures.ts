import { randomBytes } from 'node:crypto';
import { uuidv7, type NewEvent } from '@siks/contracts';

/** A unique stream-id prefix per test run, so runs against a shared server do not mix. */
export function runPrefix(label: string): string {
  return `${label}${randomBytes(4).toString('hex')}-`;
}

export function testEvent(data: Record<string, unknown> = {}, type = 'TestHappened', eventId = uuidv7()): NewEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: { userId: 'user-1', role: 'operator_desa', regionCode: '52.02.01.2001' },
      channel: 'operator',
      occurredAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)).toISOString(),
      correlationId: eventId,
      causationId: null,
    },
  };
}

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
