/**
 * Rebuild benchmark of the reporting projections: appends BENCH_PROPOSALS proposals' worth of
 * events of all four services (11 events each), relays them to the bus, lets the live
 * consumers build every projection, then rebuilds each projection from the beginning and
 * prints one JSON line per projection (messages/s). Uses DATABASE_URL's server when set (a
 * scratch database is created and dropped), else an embedded PostgreSQL. BENCH_DATABASE_URL
 * names a database to keep instead: filled on the first run, only rebuilt on later ones.
 *   tsx services/reporting/bench/rebuild.bench.ts
 */
import { Topics } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform, type Platform } from '@siks/platform';
import { createDatabase, dropDatabase, startPostgres, type RunningPostgres } from '@siks/testing';
import { groupTotals } from '../src/consumers/lag.ts';
import { migrations } from '../src/migrations.ts';
import { PROJECTION_NAMES, type ProjectionName } from '../src/projections/projection.ts';
import { readState } from '../src/projections/state.ts';
import { rebuildProjection } from '../src/rebuild/rebuild.ts';
import { startWorkers } from '../src/workers.ts';
import { proposalStreams } from './events.ts';

const GOAL = 15_000;
const print = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));

async function main(): Promise<void> {
  const proposals = Number(process.env['BENCH_PROPOSALS'] ?? 5000);
  let server: RunningPostgres | undefined;
  const kept = process.env['BENCH_DATABASE_URL'];
  const adminUrl = kept ? undefined : (process.env['DATABASE_URL'] ?? (server = await startPostgres()).adminUrl);
  const url = kept ?? (await createDatabase(adminUrl!, 'reporting_bench'));
  const platform = await createTestPlatform(url, 'reporting-bench');
  try {
    await migrate(platform.pool, [migrations]);
    const existing = Number((await platform.pool.query('SELECT count(*) FROM eventstore.events')).rows[0].count);
    if (existing === 0) await fill(platform, proposals);
    else print({ case: 'reuse', events: existing });

    for (const name of (process.env['BENCH_ONLY']?.split(',') ?? PROJECTION_NAMES) as ProjectionName[]) {
      const result = await rebuildProjection({ pool: platform.pool, bus: platform.bus }, name, { handoverMs: 0 });
      print({
        case: `rebuild ${name}`,
        messages: result.messages,
        events: result.events,
        seconds: result.seconds,
        messagesPerSecond: result.eventsPerSecond,
        goal: GOAL,
        met: result.eventsPerSecond >= GOAL,
      });
    }
  } finally {
    await platform.close();
    if (!kept) await dropDatabase(adminUrl!, url);
    await server?.stop();
  }
}

/** Appends the events, relays them, and lets the live consumers build every projection. */
async function fill(platform: Platform, proposals: number): Promise<void> {
  let started = Date.now();
  const start = Date.parse('2025-06-16T02:00:00Z');
  let events = 0;
  const chunk = 50;
  for (let first = 0; first < proposals; first += chunk) {
    const appends: Promise<unknown>[] = [];
    for (let i = first; i < Math.min(first + chunk, proposals); i++) {
      const streams = proposalStreams(i, start);
      appends.push(
        (async () => {
          for (const [streamId, list] of streams) {
            await platform.store.append(streamId, list, 'any');
            events += list.length;
          }
        })(),
      );
    }
    await Promise.all(appends);
  }
  print({ case: 'append', proposals, events, seconds: (Date.now() - started) / 1000 });

  started = Date.now();
  const relays = [
    platform.startRelay(Topics.intakeProposals, ['proposal-']),
    platform.startRelay(Topics.documentEvidence, ['document-']),
    platform.startRelay(Topics.verificationCases, ['case-']),
    platform.startRelay(Topics.registryHouseholds, ['household-']),
  ];
  await Promise.all(relays.map((relay) => relay.caughtUp()));
  print({ case: 'relay', events, seconds: (Date.now() - started) / 1000 });

  started = Date.now();
  const workers = await startWorkers({ pool: platform.pool, bus: platform.bus });
  for (;;) {
    let behind = 0;
    for (const name of PROJECTION_NAMES) {
      behind += (await groupTotals(platform.bus, name, (await readState(platform.pool, name)).generation)).lagEvents;
    }
    if (behind === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  print({ case: 'live catch-up (6 projections at once)', events, seconds: (Date.now() - started) / 1000 });
  await workers.stop();
  await Promise.all(relays.map((relay) => relay.stop()));
}

await main();
