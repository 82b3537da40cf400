import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { busMigrations, createPostgresBus, UnknownTopicError, type BusMessage } from '../src/index.ts';
import { eventually } from './eventually.ts';

/** What only the PostgreSQL adapter can show: leases of dead members, concurrent publishers. */
const url = await useTestDatabase('bus_pg');
const pool = createPool({ url, max: 30, applicationName: 'bus-pg' });
await migrate(pool, [busMigrations]);
afterAll(() => pool.end());

describe('PostgreSQL bus', () => {
  it('gives a dead member’s partitions to the live ones once its lease expires', async (context) => {
    const bus = createPostgresBus({ pool, pollIntervalMs: 100, sessionTimeoutMs: 900, memberId: 'live' });
    context.onTestFinished(() => bus.close());
    const topic = { name: 'pg.dead-member', partitions: 2 };
    await bus.ensureTopics([topic]);
    await bus.publish(topic.name, [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
    ]);
    // A member that died holding every partition: its rows stay until they expire.
    await pool.query(
      `INSERT INTO bus.group_members (group_id, member_id, topics, expires_at)
       VALUES ('g-dead', 'ghost', ARRAY[$1], now() + interval '1 hour')`,
      [topic.name],
    );
    await pool.query(
      `INSERT INTO bus.group_leases (group_id, topic, partition, member_id, expires_at)
       SELECT 'g-dead', $1, p, 'ghost', now() + interval '1 hour' FROM generate_series(0, 1) AS p`,
      [topic.name],
    );
    const received: BusMessage[] = [];
    const consumer = await bus.consume({
      groupId: 'g-dead',
      topics: [topic.name],
      fromBeginning: true,
      handle: async (messages) => void received.push(...messages),
    });
    const renewals = async () =>
      (await pool.query(`SELECT expires_at FROM bus.group_members WHERE member_id = 'live/1'`)).rows;
    const joined = (await renewals())[0].expires_at as Date;
    await eventually(
      async () => expect((await renewals())[0].expires_at.getTime()).toBeGreaterThan(joined.getTime()),
      10_000,
    );
    expect(consumer.assignment()).toEqual([]);
    expect(received).toEqual([]);

    await pool.query(`UPDATE bus.group_members SET expires_at = now() - interval '1 second' WHERE member_id = 'ghost'`);
    await pool.query(`UPDATE bus.group_leases SET expires_at = now() - interval '1 second' WHERE member_id = 'ghost'`);
    await eventually(() => expect(received).toHaveLength(3), 10_000);
    expect(consumer.assignment()).toHaveLength(2);
    const leases = await pool.query(`SELECT DISTINCT member_id FROM bus.group_leases WHERE group_id = 'g-dead'`);
    expect(leases.rows).toEqual([{ member_id: 'live/1' }]);
  });

  it('gives dense offsets in publish order under concurrent publishers', async () => {
    const bus = createPostgresBus({ pool });
    const topic = { name: 'pg.concurrent', partitions: 2 };
    await bus.ensureTopics([topic]);
    const publishers = Array.from({ length: 8 }, (_, p) =>
      (async () => {
        for (let round = 0; round < 5; round++) {
          await bus.publish(
            topic.name,
            Array.from({ length: 5 }, (_, i) => ({ key: `publisher-${p}`, value: String(round * 5 + i) })),
          );
        }
      })(),
    );
    await Promise.all(publishers);
    const rows = await pool.query<{ partition: number; offset: string; key: string; value: string }>(
      `SELECT partition, "offset", key, value FROM bus.messages WHERE topic = $1 ORDER BY partition, "offset"`,
      [topic.name],
    );
    expect(rows.rows).toHaveLength(200);
    for (const partition of [0, 1]) {
      const offsets = rows.rows.filter((row) => row.partition === partition).map((row) => Number(row.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    for (let p = 0; p < 8; p++) {
      const ofKey = rows.rows.filter((row) => row.key === `publisher-${p}`).map((row) => Number(row.value));
      expect(ofKey).toEqual(Array.from({ length: 25 }, (_, i) => i));
    }
    await bus.close();
  });

  it('refuses to publish to a topic that was never created, and creates topics idempotently', async () => {
    const bus = createPostgresBus({ pool });
    await expect(bus.publish('pg.missing', [{ key: 'k', value: 'v' }])).rejects.toBeInstanceOf(UnknownTopicError);
    await bus.ensureTopics([{ name: 'pg.twice', partitions: 3 }]);
    await bus.ensureTopics([{ name: 'pg.twice', partitions: 3 }]);
    const partitions = await pool.query(
      `SELECT topic, count(*)::int AS n FROM bus.partitions WHERE topic LIKE 'pg.twice%' GROUP BY topic ORDER BY topic`,
    );
    expect(partitions.rows).toEqual([
      { topic: 'pg.twice', n: 3 },
      { topic: 'pg.twice.dlq', n: 3 },
    ]);
    await bus.close();
  });
});
