import { uuidv7, type NewEvent } from '@siks/contracts';
import type { Pool } from '@siks/pg';
import { startSubscription, type EventStore } from '../src/index.ts';
import { benchEvent } from './payload.ts';
import { rawInsertBatch, rawInsertOne } from './raw.ts';
import { cpuMeter } from './cpu.ts';

export interface CaseResult {
  case: string;
  eventsPerSec: number;
  events: number;
  seconds: number;
  /** CPU microseconds per event: this process (`node`) and the database's backends (`postgres`). */
  cpuUsPerEvent?: { node: number; postgres: number };
  /** Events per second of each round, in order (the rounds of a group alternate their cases). */
  roundRates?: number[];
}

// Many short rounds rather than a few long ones: a ratio is taken per round, against the baseline's
// round beside it, and the median of those is robust to the swings of a shared machine.
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 1_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);

const templates = Array.from({ length: 500 }, (_, index) => benchEvent(index));
let sequence = 0;
/** A fresh event (new id) from a pre-built ~600-byte payload, so event generation costs little. */
function nextEvent(): NewEvent {
  const template = templates[sequence++ % templates.length] ?? benchEvent(0);
  return { ...template, eventId: uuidv7() };
}
const nextEvents = (count: number): NewEvent[] => Array.from({ length: count }, nextEvent);

/** Runs `workers` loops of `step` for `ms`; returns events written and seconds taken. */
async function loopFor(
  ms: number,
  workers: number,
  step: (worker: number, turn: number) => Promise<number>,
): Promise<{ events: number; seconds: number }> {
  const start = performance.now();
  const until = start + ms;
  let events = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let turn = 0; performance.now() < until; turn += 1) {
        const written = await step(worker, turn); // not `events += await …`: that loses updates
        events += written;
      }
    }),
  );
  return { events, seconds: (performance.now() - start) / 1000 };
}

type Runner = (ms: number, tag: string) => Promise<{ events: number; seconds: number }>;

export async function appendCases(pool: Pool, store: EventStore, storeInTx: EventStore): Promise<CaseResult[]> {
  const single =
    (target: EventStore): Runner =>
    (ms, tag) =>
      loopFor(ms, 1, (w, i) => target.append(`${tag}-${w}-${i}`, [nextEvent()], 'no_stream').then(() => 1));
  const concurrent =
    (target: EventStore): Runner =>
    (ms, tag) =>
      loopFor(ms, 8, (w, i) => target.append(`${tag}-${w}-${i}`, [nextEvent()], 'no_stream').then(() => 1));
  const batch =
    (target: EventStore): Runner =>
    (ms, tag) =>
      loopFor(ms, 1, (w, i) => target.append(`${tag}-${w}-${i}`, nextEvents(100), 'no_stream').then(() => 100));
  const rawSingle =
    (workers: number): Runner =>
    (ms, tag) =>
      loopFor(ms, workers, (w, i) => rawInsertOne(pool, `${tag}-${w}-${i}`, 0, nextEvent()).then(() => 1));
  const rawBatch: Runner = (ms, tag) =>
    loopFor(ms, 1, (w, i) => rawInsertBatch(pool, `${tag}-${w}-${i}`, nextEvents(100)).then(() => 100));

  const groups: [string, Runner][][] = [
    [
      ['raw_insert_single', rawSingle(1)],
      ['append_single', single(store)],
    ],
    [
      ['raw_insert_concurrent8', rawSingle(8)],
      ['append_concurrent8', concurrent(store)],
      ['append_concurrent8_notify_in_transaction', concurrent(storeInTx)],
    ],
    [
      ['raw_insert_batch100', rawBatch],
      ['append_batch100', batch(store)],
    ],
  ];
  const results: CaseResult[] = [];
  let round = 0;
  const only = process.env['BENCH_ONLY'];
  for (const group of groups) {
    if (only && !group.some(([name]) => only.split(',').some((part) => name.includes(part)))) continue;
    const totals = new Map<
      string,
      { events: number; seconds: number; node: number; postgres: number; rounds: number[] }
    >();
    for (const [name, run] of group) await run(300, `warm-${name}-${round++}`);
    // Rounds alternate the cases of a group, so drift on a shared machine hits them alike.
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const [name, run] of group) {
        const cpu = await cpuMeter(pool);
        const { events, seconds } = await run(ROUND_MS, `${name}-${round++}`);
        const used = await cpu.stop();
        if (process.env['BENCH_VERBOSE']) console.error(name, Math.round(events / seconds));
        const total = totals.get(name) ?? { events: 0, seconds: 0, node: 0, postgres: 0, rounds: [] };
        totals.set(name, {
          events: total.events + events,
          seconds: total.seconds + seconds,
          node: total.node + used.node,
          postgres: total.postgres + used.postgres,
          rounds: [...total.rounds, Math.round(events / seconds)],
        });
      }
    }
    for (const [name, total] of totals) {
      const perEvent = (cpuSeconds: number): number => Math.round((cpuSeconds * 1e6) / total.events);
      results.push({
        ...result(name, total.events, total.seconds),
        cpuUsPerEvent: { node: perEvent(total.node), postgres: perEvent(total.postgres) },
        roundRates: total.rounds,
      });
    }
  }
  return results;
}

function result(name: string, events: number, seconds: number): CaseResult {
  return { case: name, eventsPerSec: Math.round(events / seconds), events, seconds: Number(seconds.toFixed(2)) };
}

export async function readStreamCase(store: EventStore): Promise<CaseResult> {
  const stream = `read-${uuidv7()}`;
  for (let i = 0; i < 10; i += 1) await store.append(stream, nextEvents(100), i === 0 ? 'no_stream' : i * 100 - 1);
  await store.readStream(stream);
  const { events, seconds } = await loopFor(ROUND_MS, 1, async () => (await store.readStream(stream)).length);
  return result('read_stream1000', events, seconds);
}

/** A subscription writing one read-model row per event plus its checkpoint, over 20,000 events. */
export async function catchupCase(pool: Pool, store: EventStore): Promise<CaseResult> {
  const total = 20_000;
  const marker = await store.append(`catchup-marker-${uuidv7()}`, [nextEvent()], 'no_stream');
  for (let i = 0; i < total / 100; i += 1) await store.append(`catchup-${i}-${uuidv7()}`, nextEvents(100), 'no_stream');
  await pool.query('TRUNCATE public.bench_read_model');
  const start = performance.now();
  const subscription = startSubscription({
    store,
    pool,
    subscriptionId: `bench-catchup-${uuidv7()}`,
    startAfter: marker.logPositions[0] ?? '',
    batchSize: Number(process.env['BENCH_CATCHUP_BATCH'] ?? 1_000),
    onError: (error) => console.error(error),
    handle: async (events, client) => {
      await client.query(
        `INSERT INTO public.bench_read_model (event_id, stream_id, revision, type, region)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[])`,
        [
          events.map((event) => event.eventId),
          events.map((event) => event.streamId),
          events.map((event) => event.revision),
          events.map((event) => event.type),
          events.map((event) => String(event.data['regionCode'] ?? '')),
        ],
      );
    },
  });
  await subscription.caughtUp;
  const seconds = (performance.now() - start) / 1000;
  await subscription.stop();
  const rows = await pool.query<{ count: string }>('SELECT count(*) FROM public.bench_read_model');
  if (Number(rows.rows[0]?.count) !== total)
    throw new Error(`read model has ${rows.rows[0]?.count} rows, not ${total}`);
  return result('subscribe_catchup', total, seconds);
}
