/**
 * Event store benchmark: `pnpm bench:eventstore` from the repository root. Uses DATABASE_URL's
 * server when set (a scratch database is created there and dropped), else an embedded
 * PostgreSQL. Prints one JSON object per line. Each append case runs against its raw-INSERT
 * baseline in alternating rounds (so load on a shared machine hits both alike); its ratio is the
 * median of the per-round ratios (`rounds`; `ratioOfTotals` beside it), and it reports the
 * CPU per event of this process and of the database's backends (`cpuUsPerEvent`, Linux `/proc`;
 * zero elsewhere or when the server runs on another machine): where an append's time goes moves
 * far less with the machine's load than the rates do.
 * Knobs: BENCH_ROUNDS (7), BENCH_ROUND_MS (1000), BENCH_ONLY=single,batch (groups to run),
 * BENCH_NOTIFY (notify mode of the main store), BENCH_VERBOSE=1 (per-round rates on stderr).
 */
import { createPool, migrate } from '@siks/pg';
import { createDatabase, dropDatabase, startPostgres, type RunningPostgres } from '@siks/testing';
import {
  createPostgresEventStore,
  eventstoreMigrations,
  subscriptionMigrations,
  type NotifyMode,
} from '../src/index.ts';
import { appendCases, catchupCase, readStreamCase, type CaseResult } from './cases.ts';
import { benchEvent, RAW_TABLE_SQL } from './payload.ts';

// Issue 20: every append case within 0.8 of its raw INSERT baseline (was 0.6).
const APPEND_GOAL = 0.8;
const CATCHUP_GOAL = 15_000;

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const round3 = (value: number): number => Number(value.toFixed(3));
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

function print(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

async function main(): Promise<void> {
  let server: RunningPostgres | undefined;
  const adminUrl = process.env['DATABASE_URL'] ?? (server = await startPostgres()).adminUrl;
  const url = await createDatabase(adminUrl, 'eventstore_bench');
  const pool = createPool({ url, max: 16, applicationName: 'eventstore-bench' });
  const stores: { close(): Promise<void> }[] = [];
  try {
    await migrate(pool, [eventstoreMigrations, subscriptionMigrations]);
    await pool.query(RAW_TABLE_SQL);
    const storeWith = (notify: NotifyMode) => {
      const store = createPostgresEventStore({ pool, notify });
      stores.push(store);
      return store;
    };
    const store = storeWith((process.env['BENCH_NOTIFY'] as NotifyMode | undefined) ?? 'after-commit');
    // A live listener, as a relay would have, so notifications are really delivered.
    const unlisten = await store.onAppended(() => undefined);
    const sample = benchEvent(0);
    print({
      case: 'setup',
      server: process.env['DATABASE_URL'] ? 'DATABASE_URL' : 'embedded',
      payloadBytes: JSON.stringify(sample.data).length + JSON.stringify(sample.metadata).length,
    });
    const results: CaseResult[] = [];
    const emit = (result: CaseResult): void => {
      results.push(result);
      print({ ...result });
    };
    for (const result of await appendCases(pool, store, storeWith('in-transaction'))) emit(result);
    emit(await readStreamCase(store));
    const catchup = await catchupCase(pool, store);
    print({ ...catchup, goal: CATCHUP_GOAL, met: catchup.eventsPerSec >= CATCHUP_GOAL });
    const rounds = (name: string): number[] => results.find((result) => result.case === name)?.roundRates ?? [];
    for (const [store_, raw] of [
      ['append_single', 'raw_insert_single'],
      ['append_concurrent8', 'raw_insert_concurrent8'],
      ['append_concurrent8_notify_in_transaction', 'raw_insert_concurrent8'],
      ['append_batch100', 'raw_insert_batch100'],
    ] as const) {
      const [appended, baseline] = [rounds(store_), rounds(raw)];
      if (appended.length === 0 || baseline.length === 0) continue;
      // Round i of the append ran right after round i of its baseline: their ratio is what the
      // machine's load at that moment left of the same work. The median of those is the verdict.
      const paired = appended.map((rate, index) => rate / (baseline[index] ?? NaN));
      const ratio = median(paired);
      const ofTotals = sum(appended) / sum(baseline);
      print({
        case: `ratio_${store_}`,
        ratio: round3(ratio),
        ratioOfTotals: round3(ofTotals),
        rounds: paired.map(round3),
        goal: APPEND_GOAL,
        met: ratio >= APPEND_GOAL,
      });
    }
    await unlisten();
  } finally {
    for (const store of stores) await store.close();
    await pool.end();
    await dropDatabase(adminUrl, url).catch(() => undefined);
    await server?.stop();
  }
}

await main();
