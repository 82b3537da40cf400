/**
 * Measures the one-time cost of `loadRegions()`: wall time and retained heap.
 * Run: `node --expose-gc --import tsx packages/wilayah/bench/load-regions.ts`
 */
import { performance } from 'node:perf_hooks';
import { loadRegions } from '../src/regions.ts';

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const regions = await loadRegions();
const loadMs = performance.now() - started;
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const lookups = 1_000_000;
const lookupStarted = performance.now();
let found = 0;
for (let index = 0; index < lookups; index += 1) if (regions.village('52.02.01.1001')) found += 1;
const lookupNs = ((performance.now() - lookupStarted) * 1e6) / lookups;

console.log(
  JSON.stringify({
    counts: regions.counts,
    loadMs: Math.round(loadMs),
    retainedHeapMB: gc ? Math.round((heapAfter - heapBefore) / 1e5) / 10 : 'run with --expose-gc',
    rssGrowthMB: Math.round((process.memoryUsage().rss - rssBefore) / 1e5) / 10,
    villageLookupNs: Math.round(lookupNs),
    found,
  }),
);
