import type { RecordedEvent } from '@siks/contracts';
import { migrate, withTransaction } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { Random } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.ts';
import { applyBatch } from '../src/projections/batch.ts';
import { projections } from '../src/projections/index.ts';
import { allTables, live, PROJECTION_NAMES, type ProjectionName } from '../src/projections/projection.ts';
import { ensureStates } from '../src/projections/state.ts';
import { playScenario } from './support/scenario.ts';
import { snapshot } from './support/snapshot.ts';
import { Story } from './support/story.ts';

const url = await useTestDatabase('reporting_order');
const platform = await createTestPlatform(url, 'reporting-order');
await migrate(platform.pool, [migrations]);
await ensureStates(platform.pool);
let log: RecordedEvent[] = [];

beforeAll(async () => {
  await playScenario(new Story(platform));
  log = await platform.store.readAll({ maxCount: 10_000 });
}, 60_000);
afterAll(() => platform.close());

/** Keeps each stream's order (as the bus does, per key) and interleaves streams as `pick` says. */
function interleave(events: readonly RecordedEvent[], pick: (heads: RecordedEvent[]) => number): RecordedEvent[] {
  const queues = new Map<string, RecordedEvent[]>();
  for (const event of events) queues.set(event.streamId, [...(queues.get(event.streamId) ?? []), event]);
  const out: RecordedEvent[] = [];
  while (queues.size > 0) {
    const heads = [...queues.values()].map((queue) => queue[0]!);
    const chosen = heads[pick(heads)]!;
    out.push(chosen);
    const queue = queues.get(chosen.streamId)!;
    queue.shift();
    if (queue.length === 0) queues.delete(chosen.streamId);
  }
  return out;
}

const TOPIC_ORDER = ['household-', 'access-', 'case-', 'document-', 'proposal-'];
const rank = (event: RecordedEvent): number => TOPIC_ORDER.findIndex((prefix) => event.streamId.startsWith(prefix));

async function project(name: ProjectionName, events: readonly RecordedEvent[], batchSize: number) {
  await platform.pool.query(`TRUNCATE ${allTables(projections[name]).map(live).join(', ')}`);
  for (let i = 0; i < events.length; i += batchSize) {
    await withTransaction(platform.pool, (client) =>
      applyBatch(client, projections[name], 1, events.slice(i, i + batchSize)),
    );
  }
  return snapshot(platform.pool, name);
}

describe('order independence', () => {
  it('builds the same rows whatever the interleaving of streams and topics, and however batched', async () => {
    const random = new Random(20250616);
    const orders = {
      log: log,
      // Registry first, intake last: every household and case event before the proposal it is about.
      topicsReversed: interleave(log, (heads) =>
        heads.reduce((best, head, i) => (rank(head) < rank(heads[best]!) ? i : best), 0),
      ),
      shuffled: interleave(log, (heads) => random.int(0, heads.length - 1)),
    };
    expect(orders.topicsReversed[0]?.streamId.startsWith('household-')).toBe(true);
    for (const name of PROJECTION_NAMES) {
      const reference = await project(name, orders.log, 500);
      expect(Object.values(reference).some((rows) => rows.length > 0)).toBe(true);
      expect(await project(name, orders.topicsReversed, 7), `${name}, topics reversed`).toEqual(reference);
      expect(await project(name, orders.shuffled, 1), `${name}, shuffled`).toEqual(reference);
      expect(await project(name, [...orders.shuffled, ...orders.log], 13), `${name}, redelivered`).toEqual(reference);
    }
  });

  it('locates every audited event even when its village arrives later', async () => {
    await project(
      'audit',
      interleave(log, (heads) => heads.length - 1),
      3,
    );
    const unlocated = await platform.pool.query(
      'SELECT event_type FROM reporting.audit_events WHERE region_code IS NULL',
    );
    expect(unlocated.rows).toEqual([]);
  });
});
