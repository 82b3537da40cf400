import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate, withTransaction, type Pool } from '@siks/pg';
import { createDatabase, freePort, startPostgres, type RunningPostgres } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infrastructureFailure } from '../src/failure.ts';
import { busMigrations, createPostgresBus, deadLetterTopic, processedOnce, type Bus } from '../src/index.ts';
import { eventually } from './eventually.ts';

/**
 * A PostgreSQL outage while consumers are busy: the test's own server (the shared one cannot be
 * stopped) is shut down (fast shutdown: its sessions end with 57P01, then connections are
 * refused) for 15 s and started again on the same port and data. Two consumers live through it:
 * one whose bus and effects are both on that server, and one whose bus stays up (on the shared
 * server, as Kafka would) while its effects' database is away, so its handler fails over and
 * over. Neither may dead-letter or lose a message, and each message's effect must apply once.
 */
const OUTAGE_MS = 15_000;
const MESSAGES = 1_500;

let dataDir: string;
let port: number;
let server: RunningPostgres | undefined;
/** The database that goes away. */
let pool: Pool;
/** A bus database on the shared server, which stays up. */
let steadyPool: Pool;

beforeAll(async () => {
  steadyPool = createPool({ url: await useTestDatabase('outage'), max: 4, applicationName: 'bus-outage-steady' });
  await migrate(steadyPool, [busMigrations]);
  dataDir = await mkdtemp(join(tmpdir(), 'siks-outage-'));
  port = await freePort();
  server = await startPostgres({ dataDir, persistent: true, port });
  const url = await createDatabase(server.adminUrl, 'outage');
  pool = createPool({ url, max: 8, applicationName: 'bus-outage' });
  await migrate(pool, [busMigrations]);
  await pool.query(
    'CREATE TABLE effects (consumer text, event_id text, applied integer NOT NULL, PRIMARY KEY (consumer, event_id))',
  );
});

afterAll(async () => {
  await steadyPool?.end();
  await pool?.end();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const count = async (db: Pool, sql: string, values: unknown[] = []): Promise<number> =>
  Number((await db.query<{ n: string }>(sql, values)).rows[0]!.n);

/** A busy idempotent consumer whose effects (and inbox) are in the database that goes away. */
async function startWorkload(bus: Bus, name: string) {
  const topic = { name: `${name}.cases`, partitions: 4 };
  await bus.ensureTopics([topic]);
  for (let from = 0; from < MESSAGES; from += 500) {
    await bus.publish(
      topic.name,
      Array.from({ length: 500 }, (_, i) => ({ key: `household-${(from + i) % 97}`, value: `event-${from + i}` })),
    );
  }
  const state = { calls: 0, handled: 0 };
  const consumer = await bus.consume({
    groupId: name,
    topics: [topic.name],
    fromBeginning: true,
    maxBatchSize: 20,
    maxAttempts: 3,
    retryDelayMs: 10,
    infrastructureBackoff: { initialDelayMs: 50, maxDelayMs: 1_000 },
    handle: async (messages) => {
      state.calls += 1;
      await withTransaction(pool, async (client) => {
        for (const message of messages) {
          if (!(await processedOnce(client, name, message.value))) continue;
          await client.query(
            `INSERT INTO effects (consumer, event_id, applied) VALUES ($1, $2, 1)
             ON CONFLICT (consumer, event_id) DO UPDATE SET applied = effects.applied + 1`,
            [name, message.value],
          );
        }
        // Work that takes a while, so the shutdown finds transactions open.
        await client.query('SELECT pg_sleep(0.03)');
      });
      state.handled += messages.length;
    },
  });
  return { name, topic, state, consumer };
}

describe('PostgreSQL bus consumers during a database outage', () => {
  it(
    'retry until the database is back: nothing dead-lettered, nothing lost, each effect once',
    { timeout: 180_000 },
    async () => {
      const errors: { local: unknown[]; steady: unknown[] } = { local: [], steady: [] };
      const options = { pollIntervalMs: 200, sessionTimeoutMs: 3_000 };
      const local = createPostgresBus({ pool, ...options, onError: (error) => void errors.local.push(error) });
      const steady = createPostgresBus({
        pool: steadyPool,
        ...options,
        onError: (error) => void errors.steady.push(error),
      });
      try {
        const onLocal = await startWorkload(local, 'outage-local');
        const onSteady = await startWorkload(steady, 'outage-steady');

        await eventually(() => {
          expect(onLocal.state.handled).toBeGreaterThanOrEqual(200);
          expect(onSteady.state.handled).toBeGreaterThanOrEqual(200);
        }, 60_000);
        await server!.stop();
        server = undefined;
        const at = { local: { ...onLocal.state }, steady: { ...onSteady.state } };
        const errorsAt = { local: errors.local.length, steady: errors.steady.length };
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        const during = {
          localErrors: errors.local.slice(errorsAt.local),
          steadyErrors: errors.steady.slice(errorsAt.steady),
          localCalls: onLocal.state.calls - at.local.calls,
          steadyCalls: onSteady.state.calls - at.steady.calls,
        };
        server = await startPostgres({ dataDir, persistent: true, port });

        for (const [workload, bus, busPool] of [
          [onLocal, local, pool],
          [onSteady, steady, steadyPool],
        ] as const) {
          const { name } = workload;
          await eventually(
            async () =>
              expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE consumer = $1', [name])).toBe(MESSAGES),
            60_000,
            250,
          );
          expect(
            await count(pool, 'SELECT count(*) AS n FROM effects WHERE consumer = $1 AND applied <> 1', [name]),
          ).toBe(0);
          expect(
            await count(busPool, 'SELECT count(*) AS n FROM bus.messages WHERE topic = $1', [
              deadLetterTopic(workload.topic.name),
            ]),
          ).toBe(0);
          await eventually(async () => {
            const lag = await bus.lag(name, [workload.topic.name]);
            expect(lag.map((entry) => entry.lag)).toEqual([0, 0, 0, 0]);
          }, 20_000);
        }
        // The outage did interrupt the work.
        expect(at.local.handled).toBeLessThan(MESSAGES);
        expect(at.steady.handled).toBeLessThan(MESSAGES);

        // They kept trying, with pauses (no busy loop: with a pause growing to 1 s, a few dozen
        // tries in 15 s, against thousands in a tight loop), and said why: the database, never a
        // message. The local consumer's fetches fail before a handler is called; the steady one's
        // handler is called and fails, again and again, without a dead letter.
        expect(during.localCalls).toBeLessThan(20);
        expect(during.localErrors.length).toBeGreaterThan(5);
        expect(during.localErrors.length).toBeLessThan(200);
        expect(during.steadyCalls).toBeGreaterThan(5);
        expect(during.steadyCalls).toBeLessThan(100);
        for (const error of [...during.localErrors, ...during.steadyErrors]) {
          expect(infrastructureFailure(error), String(error)).toBeDefined();
        }

        // And they keep working after the outage.
        for (const [workload, bus] of [
          [onLocal, local],
          [onSteady, steady],
        ] as const) {
          await bus.publish(workload.topic.name, [{ key: 'household-1', value: 'after-the-outage' }]);
        }
        await eventually(
          async () =>
            expect(await count(pool, "SELECT count(*) AS n FROM effects WHERE event_id = 'after-the-outage'")).toBe(2),
          20_000,
        );
      } finally {
        await local.close();
        await steady.close();
      }
    },
  );
});
