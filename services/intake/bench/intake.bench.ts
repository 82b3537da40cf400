/**
 * `pnpm bench:intake`: proposals over real HTTP (127.0.0.1) from 50 concurrent clients for 20 s,
 * beside a baseline in the same run — a bare fastify route doing one raw INSERT of the same JSON
 * per request. Prints JSON lines: the baseline, intake, and their ratio.
 *
 * Environment: BENCH_CLIENTS (50), BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (3),
 * BENCH_SYNCHRONOUS_COMMIT (on | off; the server-wide setting, default on = durable commits),
 * BENCH_IDEMPOTENCY_KEYS (true: every intake request carries a fresh Idempotency-Key),
 * BENCH_WORKERS (process: intake's background workers run in their own process, main.ts with
 * INTAKE_ROLE=workers and a pool of BENCH_WORKERS_POOL_SIZE (4); inline: in the API's process).
 * Diagnostics: BENCH_TARGETS (baseline,intake: which sides run), BENCH_DB_STATS=1 (per side:
 * statements per request from pg_stat_statements, commits and WAL fsyncs per request; the
 * server is restarted once to load the extension). Each side's line carries `fromS`/`toS`,
 * seconds since the process started, to cut a `--cpu-prof` profile (bench/cpu-profile.ts).
 *
 * Tracing (issue 19's overhead goal): BENCH_TRACING=off (default: no OTLP endpoint, metrics only,
 * as a service without a collector runs), on (intake's API in this process and its workers
 * process export spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, else to a local receiver
 * started here), or compare: BENCH_TRACING_PAIRS (2) off/on pairs of whole runs in ABBA order,
 * each a child process, the `on` ones exporting to one local receiver, then the ratio on/off of
 * intake's rate, p50, p99 and the API process's CPU per request (goal: within 10 %). Compare runs intake only unless BENCH_TARGETS
 * says otherwise.
 */
import { applyTracingMode, compareTracing, tracingMode } from '@siks/testing/tracing';

const mode = tracingMode();
const print = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

if (mode === 'compare') {
  process.env['BENCH_TARGETS'] ??= 'intake';
  const intake = (lines: readonly Record<string, unknown>[]) => lines.find((line) => line['bench'] === 'intake');
  await compareTracing({
    pairs: Number(process.env['BENCH_TRACING_PAIRS'] ?? 2),
    tolerance: 0.1,
    print,
    figures: [
      { name: 'intake proposals/s', better: 'higher', pick: (lines) => intake(lines)?.['rate'] as number | undefined },
      { name: 'intake p50 ms', better: 'lower', pick: (lines) => intake(lines)?.['p50Ms'] as number | undefined },
      { name: 'intake p99 ms', better: 'lower', pick: (lines) => intake(lines)?.['p99Ms'] as number | undefined },
      {
        name: 'intake API CPU ms per request',
        better: 'lower',
        pick: (lines) => intake(lines)?.['apiCpuMsPerRequest'] as number | undefined,
      },
    ],
  });
} else {
  const receiver = await applyTracingMode(mode);
  // As in intake's main.ts: telemetry first, so http, pg and fastify load instrumented.
  const { startTelemetry } = await import('@siks/service-kit/telemetry');
  const telemetry = await startTelemetry({ serviceName: 'intake' });
  print({ bench: 'tracing', tracing: mode, sdk: telemetry.enabled });
  await import('./intake-run.ts');
  await telemetry.shutdown();
  if (receiver) {
    print({ bench: 'tracing receiver', ...(await receiver.counts()) });
    await receiver.stop();
  }
}
