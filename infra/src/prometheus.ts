/**
 * A Prometheus server (Debian's `prometheus` package) scraping a running system: the CI smoke
 * test of the services' `/metrics` and the pipeline bench's consumer-lag graph use it. Runs in
 * a folder of its own, on loopback, and is gone when stopped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@siks/testing';

/** Why Prometheus cannot run here (no binary), or undefined when it can. */
export function prometheusUnavailable(binary = process.env['PROMETHEUS_BIN'] ?? 'prometheus'): string | undefined {
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return probe.error || probe.status !== 0
    ? `no ${binary} binary (apt-get install prometheus, or set PROMETHEUS_BIN)`
    : undefined;
}

export interface ScrapeTarget {
  /** The job name (a service's name). */
  job: string;
  /** `host:port` of its `/metrics`. */
  address: string;
  /** A bearer token, for a `/metrics` that needs one (the gateway's). */
  bearer?: string;
}

export interface RunningPrometheus {
  url: string;
  /** An instant query's result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** A range query's result matrix. */
  queryRange(
    expr: string,
    options: { start: number; end: number; stepSeconds: number },
  ): Promise<{ metric: Record<string, string>; values: [number, string][] }[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(
  targets: readonly ScrapeTarget[],
  options: { scrapeIntervalSeconds?: number } = {},
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'siks-prometheus-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const jobs = targets.map((target) =>
    [
      `  - job_name: ${target.job}`,
      `    static_configs: [{ targets: ['${target.address}'] }]`,
      ...(target.bearer ? [`    authorization: { type: Bearer, credentials: '${target.bearer}' }`] : []),
    ].join('\n'),
  );
  const config = [`global: { scrape_interval: ${interval}, scrape_timeout: ${interval} }`, 'scrape_configs:', ...jobs];
  await writeFile(join(dir, 'prometheus.yml'), `${config.join('\n')}\n`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.env['PROMETHEUS_BIN'] ?? 'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Not left behind when this process ends without stopping it (a crashed bench).
  const killOnExit = (): void => void child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(dir, { recursive: true, force: true });
  };
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: { result: T }; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
    return body.data.result;
  };
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
    if (waited > 30_000) {
      await stop();
      throw new Error(`prometheus not ready after 30 s: ${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await sleep(100);
  }
  return {
    url,
    query: (expr) => api(`/api/v1/query?query=${encodeURIComponent(expr)}`),
    queryRange: (expr, { start, end, stepSeconds }) =>
      api(`/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${start}&end=${end}&step=${stepSeconds}`),
    stop,
  };
}
