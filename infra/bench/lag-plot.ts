/**
 * Plots the consumer lag a `pnpm bench:pipeline --prometheus <file>` run recorded (Prometheus
 * `query_range` of `siks_consumer_lag`, summed per service and group) as text, for BENCHMARKS.md:
 * `pnpm exec tsx infra/bench/lag-plot.ts <file> [--width 72] [--height 12] [--top 4]`.
 * One chart of the groups' total, then one row per group with the most lag: its peak and a
 * sparkline over the same time axis.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    width: { type: 'string', default: '72' },
    height: { type: 'string', default: '12' },
    top: { type: 'string', default: '4' },
  },
});
const file = positionals[0];
if (!file) throw new Error('usage: lag-plot.ts <file written by bench:pipeline --prometheus>');
const width = Number(values.width);
const height = Number(values.height);

interface Recorded {
  begun: number;
  series: { metric: Record<string, string>; values: [number, string][] }[];
}
const recorded = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
const times = recorded.series.flatMap((series) => series.values.map(([time]) => time));
const start = Math.min(...times);
const end = Math.max(...times);
const column = (time: number): number => Math.min(width - 1, Math.floor(((time - start) / (end - start || 1)) * width));

/** The largest value of each column (the lag a scrape saw in that slice of time). */
function columns(values: readonly [number, string][]): number[] {
  const out = new Array<number>(width).fill(0);
  for (const [time, value] of values) out[column(time)] = Math.max(out[column(time)]!, Number(value));
  return out;
}

const total = new Array<number>(width).fill(0);
for (const series of recorded.series) columns(series.values).forEach((value, index) => (total[index]! += value));
const peak = Math.max(...total, 1);
const lines: string[] = [];
for (let row = height; row >= 1; row--) {
  const threshold = (peak * (row - 0.5)) / height;
  const label = row === height ? String(Math.round(peak)).padStart(7) : row === 1 ? '      0' : '       ';
  lines.push(`${label} ┤${total.map((value) => (value >= threshold ? '█' : ' ')).join('')}`);
}
lines.push(`        └${'─'.repeat(width)}`);
lines.push(`         0 s${' '.repeat(Math.max(0, width - 14))}${Math.round(end - start)} s`);
lines.push('');
lines.push('messages behind, summed over every consumer group (peak per slice); the groups with the most:');
const blocks = ' ▁▂▃▄▅▆▇█';
const ranked = recorded.series
  .map((series) => ({ series, peak: Math.max(...series.values.map(([, value]) => Number(value))) }))
  .sort((a, b) => b.peak - a.peak)
  .slice(0, Number(values.top));
for (const { series, peak: groupPeak } of ranked) {
  const name = `${series.metric['job'] ?? '?'} ${series.metric['messaging_consumer_group_name'] ?? ''}`;
  const spark = columns(series.values)
    .map((value) => blocks[Math.round((value / (groupPeak || 1)) * (blocks.length - 1))])
    .join('');
  lines.push(`${name.padEnd(40).slice(0, 40)} peak ${String(groupPeak).padStart(6)} ${spark}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
