import type { CounterDeltas } from '../sql.ts';
import type { ProposalRow } from './evolve.ts';

/**
 * `proposal_days`: proposals per regency and local day, for each time a time series counts
 * (`drafted_at`, `first_submitted_at`, `applied_at`), kept beside `proposals` in the same
 * transaction. A province's or regency's series then sums at most regencies × days rows,
 * however many proposals there are (reports/timeseries.ts).
 *
 * Days are local, and the report's zone is the reporting service's setting (REPORTS_TIME_ZONE),
 * not the projection's: the table keeps each day in Indonesia's three zones (WIB +7, WITA +8,
 * WIT +9; no daylight saving), three rows per counted time, so changing the setting needs no
 * rebuild. A zone with another offset is counted from `proposals` instead.
 */
export const DAY_OFFSETS_HOURS = [7, 8, 9] as const;

/** The metric names of reports/timeseries.ts and the proposal column each counts. */
export const DAY_METRICS = {
  drafted: 'drafted_at',
  submitted: 'first_submitted_at',
  applied: 'applied_at',
} as const satisfies Record<string, keyof ProposalRow>;
export type DayMetric = keyof typeof DAY_METRICS;

export const DAY_KEY = [
  { name: 'metric', type: 'text' },
  { name: 'utc_offset', type: 'integer' },
  { name: 'day', type: 'date' },
  { name: 'region_code', type: 'text' },
] as const;

const HOUR_MS = 3_600_000;

/** The regency (`PP.KK`) of a village code. */
const regencyOf = (village: string): string => village.slice(0, 5);

/** Every day counter a proposal row adds one to: per counted time, one per zone. */
export function dayKeys(row: ProposalRow | undefined): (readonly unknown[])[] {
  if (!row?.region_code) return [];
  const keys: (readonly unknown[])[] = [];
  for (const [metric, column] of Object.entries(DAY_METRICS)) {
    const value = row[column];
    if (value === null) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at)) continue;
    for (const offset of DAY_OFFSETS_HOURS) {
      const day = new Date(at + offset * HOUR_MS).toISOString().slice(0, 10);
      keys.push([metric, offset, day, regencyOf(row.region_code)]);
    }
  }
  return keys;
}

/** Moves a proposal's day counters from its row before a batch to its row after. */
export function moveDays(deltas: CounterDeltas, before: ProposalRow | undefined, after: ProposalRow): void {
  const old = new Map(dayKeys(before).map((key) => [JSON.stringify(key), key]));
  const now = new Map(dayKeys(after).map((key) => [JSON.stringify(key), key]));
  for (const [id, key] of old) if (!now.has(id)) deltas.add(key, -1);
  for (const [id, key] of now) if (!old.has(id)) deltas.add(key, +1);
}
