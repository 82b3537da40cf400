/**
 * Memory and time of loading the region list, the compact index against the former object
 * index (`map-regions.ts`), each in a fresh child process, alternating for `ROUNDS` rounds.
 * One JSON line per run, then one per variant with medians.
 *
 * Run: `node --expose-gc --import tsx packages/wilayah/bench/memory.bench.ts [rounds]`
 *
 * Per run: heap, external (typed arrays) and RSS kept after load and GC; RSS right after load and
 * the process's peak RSS (start-up peak); RSS again after `IDLE_MS` idle; load time; then lookup
 * times (measured last: their garbage would inflate the RSS figures).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Regions } from '../src/regions.ts';

const VARIANTS = ['map', 'compact'] as const;
type Variant = (typeof VARIANTS)[number];
const IDLE_MS = 3_000;
const MB = 1024 * 1024;
const mb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;

async function loader(variant: Variant): Promise<() => Promise<Regions>> {
  if (variant === 'map') return (await import('./map-regions.ts')).loadMapRegions;
  return (await import('../src/regions.ts')).loadRegions;
}

function timeNs(times: number, run: (index: number) => unknown): number {
  const started = performance.now();
  for (let index = 0; index < times; index += 1) run(index);
  return Math.round(((performance.now() - started) * 1e6) / times);
}

async function measure(variant: Variant): Promise<Record<string, unknown>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const load = await loader(variant);
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const regions = await load();
  const loadMs = Math.round(performance.now() - started);
  const rssAfterLoad = process.memoryUsage().rss;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  gc();
  const after = process.memoryUsage();
  await sleep(IDLE_MS);
  gc();
  const idle = process.memoryUsage();
  const villages = regions.childrenOf('52.02.01').map((village) => village.code);
  const villageLookupNs = timeNs(1_000_000, (index) => regions.village(villages[index % villages.length] ?? ''));
  const unknownLookupNs = timeNs(1_000_000, () => regions.get('52.02.01.9999'));
  const childrenOfDistrictNs = timeNs(100_000, () => regions.childrenOf('52.02.01'));
  return {
    variant,
    villages: regions.counts.village,
    loadMs,
    heapKeptMB: mb(after.heapUsed - before.heapUsed),
    externalKeptMB: mb(after.external - before.external),
    rssBeforeMB: mb(before.rss),
    rssAfterLoadMB: mb(rssAfterLoad),
    peakRssMB: mb(peakRss),
    rssAfterGcMB: mb(after.rss),
    rssIdleMB: mb(idle.rss),
    rssIdleGrowthMB: mb(idle.rss - before.rss),
    villageLookupNs,
    unknownLookupNs,
    childrenOfDistrictNs,
  };
}

function runChild(variant: Variant): Promise<Record<string, number | string>> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Record<string, number | string>)
        : reject(new Error(`${variant}: exit ${code}`)),
    );
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const [flag, variant] = process.argv.slice(2);
  if (flag === '--child') {
    if (!VARIANTS.includes(variant as Variant)) throw new Error(`unknown variant ${variant}`);
    process.stdout.write(JSON.stringify(await measure(variant as Variant)));
    return;
  }
  const rounds = Number(flag ?? 3);
  const runs: Record<string, number | string>[] = [];
  for (let round = 0; round < rounds; round += 1)
    for (const each of VARIANTS) {
      const run = await runChild(each);
      runs.push(run);
      console.log(JSON.stringify({ round, ...run }));
    }
  for (const each of VARIANTS) {
    const mine = runs.filter((run) => run['variant'] === each);
    const first = mine[0] ?? {};
    const medians = Object.fromEntries(
      Object.keys(first)
        .filter((key) => typeof first[key] === 'number')
        .map((key) => [key, median(mine.map((run) => Number(run[key])))]),
    );
    console.log(JSON.stringify({ summary: 'median', variant: each, runs: mine.length, ...medians }));
  }
}

await main();
