/**
 * `pnpm bench:pipeline`: the whole system on one PostgreSQL, fed over real HTTP through intake's
 * API (`submit: true`, no human decisions). By default each service runs as its own process, as
 * `pnpm start` runs them (service-processes.ts: esbuild bundles on plain node, the proposal
 * windows always open); `--topology one-process` runs them all in this process instead
 * (infra/test/support/system.ts, the test clock inside the additions window). The load and the
 * measuring run in this process either way. Prints JSON lines:
 *   1. burst: `--count` proposals (default 20,000) submitted by `--concurrency` clients; the time
 *      until reporting's read model shows every one of them checked by verification
 *      (`reporting.proposals.case_status = 'checks_done'`: intake → bus → verification's checks →
 *      bus → reporting);
 *   2. steady: `--rate` proposals/s (default 200) for `--seconds` (default 30), open loop; per
 *      proposal the lag from the moment its POST starts until reporting shows it submitted
 *      (intake → reporting) and checked (through verification); p50/p99/max; and the cores each
 *      service process and PostgreSQL used meanwhile;
 *   3. rebuild: each reporting projection rebuilt from the beginning of its topics (reporting's
 *      own rebuild code), events/s.
 * Every line carries the load average. Uses DATABASE_URL's server when set (a scratch database
 * is created and dropped; kept with `--keep-database`, to look at its plans), else an embedded
 * PostgreSQL. `--skip-burst`, `--skip-steady`,
 * `--skip-rebuild` leave a phase out. `--pg-stats` (embedded server only) loads pg_stat_statements and
 * prints, at the end, the statements that took PostgreSQL the most time (where its CPU went).
 * `--bus kafka` (or `SIKS_BUS=kafka`) puts every service on the Kafka protocol: `KAFKA_BROKERS`
 * when set, else librdkafka's mock cluster (infra/src/bus-choice.ts); the read models and the log
 * stay in PostgreSQL.
 * Quick run: `pnpm bench:pipeline --count 2000 --seconds 10`.
 * Tracing (issue 19's overhead goal; services as processes only): BENCH_TRACING=off (default: no
 * OTLP endpoint, the services start no tracing SDK), on (every service exports spans over
 * OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, else to a local receiver started here), or compare:
 * BENCH_TRACING_PAIRS (2) off/on pairs of whole runs with these arguments in ABBA order, each a
 * child process, the `on` ones exporting to one local receiver; then on/off of the burst's
 * end-to-end rate, the steady phase's lags and the services' cores (goal: within 10 %).
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { HouseholdData } from '@siks/contracts';
import { createBusFromUrl, type Bus } from '@siks/bus';
import { createPool, type Pool } from '@siks/pg';
import type { UserRole } from '@siks/service-kit';
import { createDatabase, dropDatabase, generateHouseholds, startPostgres, type RunningPostgres } from '@siks/testing';
import { PROJECTION_NAMES } from '../../services/reporting/src/projections/projection.ts';
import { rebuildProjection } from '../../services/reporting/src/rebuild/rebuild.ts';
import { toHouseholdData } from '../test/support/households.ts';
import { startSystem } from '../test/support/system.ts';
import { coresBetween, processCpuSeconds } from './process-cpu.ts';
import { busKindOf, startSystemBus, type SystemBus } from '../src/bus-choice.ts';
import { startServiceProcesses } from '../test/support/service-processes.ts';
import { startPrometheus } from '../src/prometheus.ts';
import { applyTracingMode, compareTracing, tracingMode, type ComparedFigure } from '@siks/testing/tracing';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '16' },
    'skip-burst': { type: 'boolean', default: false },
    'skip-steady': { type: 'boolean', default: false },
    'skip-rebuild': { type: 'boolean', default: false },
    'pg-stats': { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
    topology: { type: 'string', default: 'processes' },
    bus: { type: 'string', default: process.env['SIKS_BUS'] ?? 'postgres' },
    prometheus: { type: 'string' },
  },
});
const busKind = busKindOf({ SIKS_BUS: args.bus });
if (args.topology !== 'processes' && args.topology !== 'one-process') {
  throw new Error(`--topology must be processes or one-process, not ${args.topology}`);
}
const count = Number(args.count);
const rate = Number(args.rate);
const steadyCount = Math.round(rate * Number(args.seconds));
const concurrency = Number(args.concurrency);

/** One process: its clock starts inside the additions window (the 17th), so nothing is deferred. */
const START = Date.parse('2025-03-17T02:00:00Z');
/** Processes (real clock): every day is inside both windows, so nothing is deferred either. */
const ALWAYS_OPEN = JSON.stringify({
  default: { additions: { fromDay: 1, toDay: 31 }, pbiJk: { fromDay: 1, toDay: 31 } },
});
const LAG_GOAL_P99_MS = 1000;
const REBUILD_GOAL = 15_000;
/** Requests of the steady phase waiting for an answer at most (past it, starts are late). */
const MAX_IN_FLIGHT = 64;
/** A burst whose count of checked proposals has not moved for this long is given up. */
const STALL_MS = 120_000;

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const print = (line: Record<string, unknown>): void =>
  void process.stdout.write(`${JSON.stringify({ ...line, load: load() })}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const stats = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
};

/** What the phases need of the running system, whichever its topology. */
interface Harness {
  intakeUrl: string;
  token(role: UserRole, region: string, userId: string): Promise<string>;
  /** A pool on the system's database (reporting's read model, the bus, the log). */
  pool: Pool;
  bus: Bus;
  /** Service processes to measure the CPU of (none when they all run in this process). */
  pids(): Record<string, number | undefined>;
  /** Base URLs of the service processes (none when they all run in this process). */
  urls: Record<string, string>;
  /** The day the generated households are proposed on (birth dates, ages). */
  today: string;
  close(): Promise<void>;
}

async function startHarness(databaseUrl: string, systemBus: SystemBus): Promise<Harness> {
  if (args.topology === 'one-process') {
    const begun = Date.now();
    const system = await startSystem({
      databaseUrl,
      busUrl: systemBus.url,
      busEnv: systemBus.env,
      now: () => new Date(START + (Date.now() - begun)),
    });
    const { pool, bus } = system.platforms.reporting;
    return {
      intakeUrl: system.urls.intake,
      token: (role, region, userId) => system.token(role, region, userId),
      pool,
      bus,
      pids: () => ({ system: process.pid }),
      urls: {},
      today: '2025-03-01',
      close: () => system.close(),
    };
  }
  const processes = await startServiceProcesses({
    databaseUrl,
    busUrl: systemBus.url,
    env: { ...systemBus.env, PROPOSAL_WINDOWS: ALWAYS_OPEN },
    print: (line) => void process.stderr.write(`${line}\n`),
  });
  const pool = createPool({ url: databaseUrl, max: 4, applicationName: 'siks-bench' });
  const tuning = systemBus.env;
  const bus = createBusFromUrl(systemBus.url, pool, {
    clientId: 'siks-bench',
    kafka: {
      logLevel: 'nothing',
      consumer: {
        maxWaitTimeMs: Number(tuning['KAFKA_FETCH_MAX_WAIT_MS'] ?? 5000),
        sessionTimeoutMs: Number(tuning['KAFKA_SESSION_TIMEOUT_MS'] ?? 30_000),
        heartbeatIntervalMs: 500,
      },
    },
  });
  return {
    intakeUrl: processes.urls.intake!,
    token: (role, region, userId) => processes.token(role, region, userId),
    pool,
    bus,
    pids: () => ({ ...processes.pids(), bench: process.pid }),
    urls: processes.urls as Record<string, string>,
    today: new Date().toISOString().slice(0, 10),
    async close() {
      await processes.close();
      await bus.close();
      await pool.end();
    },
  };
}

interface Submitter {
  /** POSTs one proposal with `submit: true`; resolves with its id. */
  submit(household: HouseholdData): Promise<string>;
}

async function submitter(system: Harness): Promise<Submitter> {
  const tokens = new Map<string, string>();
  return {
    async submit(household) {
      let token = tokens.get(household.regionCode);
      if (!token) {
        token = await system.token('operator_desa', household.regionCode, `op-${household.regionCode}`);
        tokens.set(household.regionCode, token);
      }
      const response = await fetch(`${system.intakeUrl}/v1/intake/proposals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ proposal: { type: 'new_household', household }, submit: true }),
      });
      const body = (await response.json()) as { proposalId?: string; status?: string };
      if (response.status !== 201 || !body.proposalId) {
        throw new Error(`intake answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
      }
      if (body.status !== 'submitted') throw new Error(`proposal ${body.proposalId} is ${body.status}, not submitted`);
      return body.proposalId;
    },
  };
}

/** Rows of reporting's read model that show a proposal submitted, and checked by verification. */
async function visible(pool: Pool, ids: readonly string[]): Promise<{ id: string; checked: boolean }[]> {
  const { rows } = await pool.query<{ proposal_id: string; case_status: string | null }>(
    'SELECT proposal_id, case_status FROM reporting.proposals WHERE proposal_id = ANY($1::uuid[]) AND status IS NOT NULL',
    [ids],
  );
  return rows.map((row) => ({ id: row.proposal_id, checked: row.case_status !== null && row.case_status !== 'open' }));
}

/** Messages each consumer group has yet to consume (what the waiting is spent on), largest first. */
async function groupLags(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ group_id: string; lag: string }>(
    `SELECT o.group_id, sum(p.next_offset - o.committed_offset) AS lag
       FROM bus.group_offsets o JOIN bus.partitions p USING (topic, partition)
      GROUP BY o.group_id HAVING sum(p.next_offset - o.committed_offset) > 0 ORDER BY 2 DESC`,
  );
  return Object.fromEntries(rows.map((row) => [row.group_id, Number(row.lag)]));
}

/**
 * Events of the log after each relay's checkpoint (only relays with some), largest first. All
 * services' events count: a relay passes other categories' events only when its own appends wake
 * it, so an idle relay shows the whole log since its last own event, not a backlog.
 */
async function relayLags(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ relay_id: string; lag: string }>(
    `SELECT c.relay_id, (SELECT count(*) FROM eventstore.events e
                          WHERE (e.transaction_id, e.position) >
                                (split_part(c.position, ':', 1)::xid8, split_part(c.position, ':', 2)::bigint)) AS lag
       FROM bus.relay_checkpoints c WHERE c.position <> ''`,
  );
  return Object.fromEntries(rows.filter((row) => Number(row.lag) > 0).map((row) => [row.relay_id, Number(row.lag)]));
}

/** The oldest transactions with a transaction id: they hold back what every relay may read. */
async function oldestWriters(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ app: string; ms: number; query: string }>(
    `SELECT application_name AS app, round(extract(epoch FROM now() - xact_start) * 1000)::int AS ms,
            left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 60) AS query
       FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
      ORDER BY xact_start LIMIT 3`,
  );
  return rows.map((row) => `${row.app} ${row.ms} ms: ${row.query}`);
}

async function countChecked(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM reporting.proposals WHERE case_status IS NOT NULL AND case_status <> 'open'`,
  );
  return Number(rows[0]?.n ?? 0);
}

async function burst(system: Harness, households: readonly HouseholdData[]): Promise<void> {
  const pool = system.pool;
  const client = await submitter(system);
  const before = await countChecked(pool);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < households.length; i = next++) await client.submit(households[i]!);
    }),
  );
  const submitted = performance.now();
  print({
    case: 'burst: submitted',
    proposals: households.length,
    seconds: (submitted - started) / 1000,
    perSecond: Math.round((households.length * 1000) / (submitted - started)),
  });
  let lastPrint = performance.now();
  let lastProgress = { checked: -1, at: performance.now() };
  for (;;) {
    const checked = (await countChecked(pool)) - before;
    if (checked >= households.length) break;
    if (checked !== lastProgress.checked) lastProgress = { checked, at: performance.now() };
    else if (performance.now() - lastProgress.at > STALL_MS) {
      // librdkafka's mock cluster keeps ~5 MB per partition and drops older messages unread
      // (consumers then jump ahead): such a burst never completes. Say so instead of waiting.
      print({ case: 'burst: stalled', checked, of: households.length, stalledSeconds: STALL_MS / 1000, met: false });
      return;
    }
    if (performance.now() - lastPrint > 10_000) {
      print({ case: 'burst: waiting for reporting', checked, of: households.length, lags: await groupLags(pool) });
      lastPrint = performance.now();
    }
    await sleep(100);
  }
  const done = performance.now();
  print({
    case: 'burst: all visible in reporting, checked by verification',
    proposals: households.length,
    secondsFromFirstSubmit: (done - started) / 1000,
    secondsAfterLastSubmit: (done - submitted) / 1000,
    perSecondEndToEnd: Math.round((households.length * 1000) / (done - started)),
  });
}

async function steady(system: Harness, households: readonly HouseholdData[]): Promise<void> {
  const pool = system.pool;
  const client = await submitter(system);
  const submittedAt = new Map<string, number>();
  const pendingSeen = new Set<string>();
  const pendingChecked = new Set<string>();
  const seenLag: number[] = [];
  const checkedLag: number[] = [];
  const httpMs: number[] = [];
  let sending = true;
  let sentAt = Number.POSITIVE_INFINITY;
  const poller = (async () => {
    while (sending || (pendingChecked.size > 0 && performance.now() - sentAt < 600_000)) {
      const ids = [...pendingChecked];
      if (ids.length > 0) {
        const rows = await visible(pool, ids);
        const now = performance.now();
        for (const row of rows) {
          const at = submittedAt.get(row.id)!;
          if (pendingSeen.delete(row.id)) seenLag.push(now - at);
          if (row.checked && pendingChecked.delete(row.id)) checkedLag.push(now - at);
        }
      }
      await sleep(20);
    }
  })();
  const cpuBefore = await processCpuSeconds();
  const started = performance.now();
  // With one process every service shares this event loop: a busy loop delays each consumer's next statement.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const progress = setInterval(() => {
    const eventLoopDelayMs = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6 };
    loopDelay.reset();
    void Promise.all([groupLags(pool), relayLags(pool), oldestWriters(pool)]).then(
      ([groups, relays, writers]) =>
        print({
          case: 'steady: behind',
          second: Math.round((performance.now() - started) / 1000),
          eventLoopDelayMs,
          groups,
          relays: Object.fromEntries(Object.entries(relays).filter(([, lag]) => lag > 0)),
          oldestWriters: writers,
        }),
      () => undefined,
    );
  }, 2000);
  const inFlight = new Set<Promise<void>>();
  let late = 0;
  let failed = 0;
  for (let i = 0; i < households.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    // Open loop, but bounded: past MAX_IN_FLIGHT requests the next start waits (and counts as late).
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    if (performance.now() - due > 100) late++;
    const at = performance.now();
    const request = client.submit(households[i]!).then(
      (id) => {
        httpMs.push(performance.now() - at);
        submittedAt.set(id, at);
        pendingSeen.add(id);
        pendingChecked.add(id);
      },
      () => void failed++,
    );
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  const sentSeconds = (performance.now() - started) / 1000;
  const cores = coresBetween(cpuBefore, await processCpuSeconds(), system.pids(), sentSeconds);
  sending = false;
  sentAt = performance.now();
  await poller;
  clearInterval(progress);
  loopDelay.disable();
  const seen = stats(seenLag);
  const checked = stats(checkedLag);
  print({
    case: 'steady: submit → visible in reporting',
    rate,
    proposals: households.length,
    achievedRate: Math.round(households.length / sentSeconds),
    lateStarts: late,
    failed,
    neverChecked: pendingChecked.size,
    httpCreate: stats(httpMs),
    submitted: seen,
    checkedByVerification: checked,
    coresWhileSending: cores,
    goalP99Ms: LAG_GOAL_P99_MS,
    met: checked.p99Ms < LAG_GOAL_P99_MS,
  });
}

async function rebuilds(system: Harness): Promise<void> {
  const { pool, bus } = system;
  for (const name of PROJECTION_NAMES) {
    const result = await rebuildProjection({ pool, bus }, name, { handoverMs: 0 });
    print({
      case: `rebuild ${name}`,
      messages: result.messages,
      events: result.events,
      seconds: result.seconds,
      eventsPerSecond: result.eventsPerSecond,
      goal: REBUILD_GOAL,
      // No events (e.g. households: this bench approves nothing): nothing was measured.
      met: result.events === 0 ? null : result.eventsPerSecond >= REBUILD_GOAL,
    });
  }
}

/** The statements PostgreSQL spent the most time on during the run (needs `--pg-stats`). */
async function printStatementStats(pool: Pool): Promise<void> {
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const { rows } = await pool.query<{ ms: number; calls: string; mean: number; query: string }>(
    `SELECT round(total_exec_time)::int AS ms, calls, round(mean_exec_time::numeric, 3)::float AS mean,
            left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 120) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
  );
  for (const row of rows)
    print({ case: 'pg statement', totalMs: row.ms, calls: Number(row.calls), meanMs: row.mean, query: row.query });
  // Round trips cost beyond their execution (parse, protocol, a syscall each side): the most frequent.
  const frequent = await pool.query<{ calls: string; query: string }>(
    `SELECT calls, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 120) AS query
       FROM pg_stat_statements ORDER BY calls DESC LIMIT 15`,
  );
  for (const row of frequent.rows) print({ case: 'pg frequent statement', calls: Number(row.calls), query: row.query });
  const totals = await pool.query<{ calls: string; ms: number }>(
    'SELECT sum(calls) AS calls, round(sum(total_exec_time))::int AS ms FROM pg_stat_statements',
  );
  print({ case: 'pg statements in all', calls: Number(totals.rows[0]?.calls), totalMs: totals.rows[0]?.ms });
}

const tracing = tracingMode();
if (tracing !== 'off' && args.topology === 'one-process') {
  throw new Error(
    'BENCH_TRACING needs --topology processes (in one process the SDK would start after the services loaded)',
  );
}

/** What `BENCH_TRACING=compare` puts side by side, from each run's lines. */
const tracingFigures: ComparedFigure[] = (() => {
  const line = (lines: readonly Record<string, unknown>[], name: string) =>
    lines.find((found) => found['case'] === name);
  const steady = (lines: readonly Record<string, unknown>[]) => line(lines, 'steady: submit → visible in reporting');
  const lag = (lines: readonly Record<string, unknown>[], key: string, p: 'p50Ms' | 'p99Ms') =>
    (steady(lines)?.[key] as Record<string, number> | undefined)?.[p];
  return [
    {
      name: 'burst end-to-end proposals/s',
      better: 'higher',
      pick: (lines) =>
        line(lines, 'burst: all visible in reporting, checked by verification')?.['perSecondEndToEnd'] as number,
    },
    { name: 'steady checked p50 ms', better: 'lower', pick: (lines) => lag(lines, 'checkedByVerification', 'p50Ms') },
    { name: 'steady checked p99 ms', better: 'lower', pick: (lines) => lag(lines, 'checkedByVerification', 'p99Ms') },
    { name: 'steady httpCreate p99 ms', better: 'lower', pick: (lines) => lag(lines, 'httpCreate', 'p99Ms') },
    {
      name: 'steady service cores (all but PostgreSQL)',
      better: 'lower',
      pick: (lines) => {
        const cores = steady(lines)?.['coresWhileSending'] as Record<string, number> | undefined;
        if (!cores) return undefined;
        return Object.entries(cores)
          .filter(([name]) => name !== 'postgres' && name !== 'bench')
          .reduce((sum, [, value]) => sum + value, 0);
      },
    },
  ];
})();

async function main(): Promise<void> {
  const receiver = tracing === 'on' ? await applyTracingMode('on') : await applyTracingMode('off');
  print({ case: 'tracing', tracing, endpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? null });
  try {
    await run();
  } finally {
    if (receiver) {
      print({ case: 'tracing receiver', ...(await receiver.counts()) });
      await receiver.stop();
    }
  }
}

async function run(): Promise<void> {
  let server: RunningPostgres | undefined;
  const settings: Record<string, string> = args['pg-stats'] ? { shared_preload_libraries: 'pg_stat_statements' } : {};
  const adminUrl = process.env['DATABASE_URL'] ?? (server = await startPostgres({ settings })).adminUrl;
  const url = await createDatabase(adminUrl, 'pipeline_bench');
  print({ case: 'database ready' });
  const systemBus = await startSystemBus(busKind, url);
  const system = await startHarness(url, systemBus).catch(async (error: unknown) => {
    await systemBus.stop();
    throw error;
  });
  // --prometheus <file>: Debian's Prometheus scrapes every service during the run; the consumer
  // lag it saw is written to <file> (plot it with infra/bench/lag-plot.ts).
  const prometheus = args.prometheus
    ? await startPrometheus(
        Object.entries(system.urls).map(([job, url]) => ({ job, address: new URL(url).host })),
        { scrapeIntervalSeconds: 1 },
      )
    : undefined;
  const begun = Date.now() / 1000;
  try {
    const all = generateHouseholds({ seed: 'pipeline-bench', count: count + steadyCount, today: system.today });
    // PBI-JK proposals wait for their own window (1st–7th): left out, so every proposal is submitted at once.
    const data = all.map((generated) => {
      const household = toHouseholdData(generated);
      return { ...household, programmes: household.programmes.filter((programme) => programme !== 'PBI_JK') };
    });
    print({
      case: 'start',
      topology: args.topology,
      bus: systemBus.description,
      proposals: count,
      steadyRate: rate,
      steadyProposals: steadyCount,
      concurrency,
    });
    if (!args['skip-burst']) await burst(system, data.slice(0, count));
    if (!args['skip-steady']) await steady(system, data.slice(count));
    if (!args['skip-rebuild']) await rebuilds(system);
    if (args['pg-stats']) await printStatementStats(system.pool);
  } finally {
    // Also after a failed phase: the lag up to the failure is what one wants to see then.
    if (prometheus && args.prometheus) {
      const lag = await prometheus.queryRange('sum by (job, messaging_consumer_group_name) (siks_consumer_lag)', {
        start: Math.floor(begun),
        end: Math.ceil(Date.now() / 1000),
        stepSeconds: 1,
      });
      await writeFile(args.prometheus, `${JSON.stringify({ query: 'siks_consumer_lag', begun, series: lag })}\n`);
      print({ case: 'prometheus: consumer lag written', file: args.prometheus, series: lag.length });
    }
    await prometheus?.stop();
    await system.close();
    await systemBus.stop();
    if (args['keep-database'] && !server) print({ case: 'database kept', database: new URL(url).pathname.slice(1) });
    else await dropDatabase(adminUrl, url).catch(() => undefined);
    await server?.stop();
  }
}

if (tracing === 'compare') {
  await compareTracing({
    pairs: Number(process.env['BENCH_TRACING_PAIRS'] ?? 2),
    tolerance: 0.1,
    print,
    figures: tracingFigures,
  });
} else await main();
