import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { startOtlpReceiver } from './otlp-receiver.ts';
import { startOtlpReceiverProcess, type OtlpReceiverProcess } from './otlp-receiver-process.ts';

export { startOtlpReceiver, type OtlpCounts } from './otlp-receiver.ts';

export type TracingMode = 'off' | 'on' | 'compare';

/** `BENCH_TRACING` of a bench: `off` (default), `on` (export to a collector) or `compare`. */
export function tracingMode(env: NodeJS.ProcessEnv = process.env): TracingMode {
  const mode = env['BENCH_TRACING'] ?? 'off';
  if (mode !== 'off' && mode !== 'on' && mode !== 'compare') {
    throw new Error(`BENCH_TRACING must be off, on or compare, not ${mode}`);
  }
  return mode;
}

/**
 * Sets the process's OpenTelemetry environment for one run of a bench: `off` removes any OTLP
 * endpoint (the services then start no tracing SDK); `on` keeps the endpoint it was given
 * (`compare` passes its receiver's) or starts a local receiver in a process of its own. Call it
 * before the services start, so they (and their child processes) see it. Returns the receiver it
 * started, if any, to print its counts and stop it at the end.
 */
export async function applyTracingMode(mode: 'off' | 'on'): Promise<OtlpReceiverProcess | undefined> {
  if (mode === 'off') {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    return undefined;
  }
  if (process.env['OTEL_EXPORTER_OTLP_ENDPOINT']) return undefined;
  const receiver = await startOtlpReceiverProcess();
  process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.url;
  return receiver;
}

/** A figure of a run that the comparison puts side by side, and which way is better. */
export interface ComparedFigure {
  name: string;
  /** The figure from the run's JSON lines; undefined when the run did not print it. */
  pick(lines: readonly Record<string, unknown>[]): number | undefined;
  better: 'higher' | 'lower';
}

export interface TracingComparison {
  /** Off/on pairs (default 2), run in ABBA order (off, on, on, off, …) so drift hits both alike. */
  pairs: number;
  figures: readonly ComparedFigure[];
  /** The most a figure may lose with tracing on (0.10: within 10 %). */
  tolerance: number;
  print(line: Record<string, unknown>): void;
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const load = (): number => Math.round(loadavg()[0]! * 10) / 10;

/**
 * `BENCH_TRACING=compare`: runs this same bench (same script, arguments and environment) as
 * child processes, alternately with tracing off and on, every `on` run exporting to one local
 * OTLP receiver started here; prints each run's JSON lines tagged with `tracing` and `run`, then
 * per figure the mean off, the mean on, their ratio and whether it stays within the tolerance, and
 * the spread of the off runs (largest over smallest) with whether it is within the tolerance.
 */
export async function compareTracing(options: TracingComparison): Promise<void> {
  const receiver = await startOtlpReceiver();
  const order = Array.from({ length: options.pairs }, (_, pair) =>
    pair % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const),
  ).flat();
  const runs: { mode: 'off' | 'on'; lines: Record<string, unknown>[] }[] = [];
  try {
    for (const [run, mode] of order.entries()) {
      const spansBefore = receiver.counts().spans;
      const loadBefore = load();
      const lines = await runChild(mode, receiver.url, (line) => options.print({ tracing: mode, run, ...line }));
      runs.push({ mode, lines });
      options.print({
        case: 'tracing run',
        tracing: mode,
        run,
        load: [loadBefore, load()],
        spansReceived: receiver.counts().spans - spansBefore,
      });
    }
  } finally {
    await receiver.stop();
  }
  const verdicts = options.figures.map((figure) => {
    const of = (mode: 'off' | 'on') =>
      runs
        .filter((run) => run.mode === mode)
        .map((run) => figure.pick(run.lines))
        .filter((value): value is number => value !== undefined && Number.isFinite(value));
    const off = of('off');
    const on = of('on');
    if (off.length === 0 || on.length === 0) {
      return { figure: figure.name, missing: true, met: false, conclusive: false };
    }
    // "on relative to off" as a cost: below 1 is worse for a higher-is-better figure.
    const ratio = mean(on) / mean(off);
    const cost = figure.better === 'higher' ? 1 - ratio : ratio - 1;
    // Two runs with tracing off that differ by more than the tolerance (a busy machine) cannot
    // tell a cost of that size from noise: such a verdict, met or not, is not conclusive.
    const offSpread = Math.max(...off) / Math.min(...off);
    return {
      figure: figure.name,
      off: off.map((value) => round(value, 2)),
      on: on.map((value) => round(value, 2)),
      ratioOnOverOff: round(ratio, 3),
      better: figure.better,
      met: cost <= options.tolerance,
      offSpread: round(offSpread, 3),
      conclusive: offSpread - 1 <= options.tolerance,
    };
  });
  for (const verdict of verdicts) options.print({ case: 'tracing overhead', tolerance: options.tolerance, ...verdict });
  options.print({
    case: 'tracing overhead: all figures',
    met: verdicts.every((verdict) => verdict.met),
    conclusive: verdicts.every((verdict) => verdict.conclusive === true),
    load: load(),
    receiver: receiver.counts(),
  });
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs this script again with `BENCH_TRACING=<mode>`; resolves with its JSON lines. */
function runChild(
  mode: 'off' | 'on',
  endpoint: string,
  forward: (line: Record<string, unknown>) => void,
): Promise<Record<string, unknown>[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_TRACING: mode };
  if (mode === 'on') env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
  else delete env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      forward(line);
    } catch {
      process.stderr.write(`${text}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(lines);
      else reject(new Error(`bench run with tracing ${mode} exited with ${String(code)}`));
    });
  });
}
