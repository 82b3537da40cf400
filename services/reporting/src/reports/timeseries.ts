import { z } from 'zod';
import type { ServiceApp } from '@siks/service-kit';
import { DAY_METRICS, DAY_OFFSETS_HOURS, type DayMetric } from '../projections/proposals/days.ts';
import { bucketCount, defaultFrom, localDate, utcOffsetMinutes, type Interval } from './dates.ts';
import type { ReportDeps } from './deps.ts';
import { regionInScope, withinSql, type RegionRef } from './regions.ts';
import { ErrorCodes, LocalDate, RegionParam, RegionSchema, validation } from './schemas.ts';

interface MetricSpec {
  table: string;
  time: string;
  where?: string;
  /** Aggregate per bucket; counts by default. */
  value?: string;
  /** Buckets without rows: 0 for counts, null for averages. */
  empty: number | null;
}

const decided = (decision: string): MetricSpec => ({
  table: 'reporting.decisions',
  time: 'decided_at',
  where: `decision = '${decision}'`,
  empty: 0,
});

/** What a time series can count, and from which projection. */
export const METRICS = {
  drafted: { table: 'reporting.proposals', time: 'drafted_at', empty: 0 },
  submitted: { table: 'reporting.proposals', time: 'first_submitted_at', empty: 0 },
  verified: decided('verified'),
  returned: decided('returned'),
  rejected: decided('rejected'),
  approved: decided('approved'),
  applied: { table: 'reporting.proposals', time: 'applied_at', empty: 0 },
  households_registered: {
    table: 'reporting.household_changes',
    time: 'occurred_at',
    where: `change = 'registered'`,
    empty: 0,
  },
  households_deactivated: {
    table: 'reporting.household_changes',
    time: 'occurred_at',
    where: `change = 'deactivated'`,
    empty: 0,
  },
  /** Findings (warn or fail) of the latest round of automated checks. */
  findings: { table: 'reporting.quality_findings', time: 'checked_at', where: `result <> 'pass'`, empty: 0 },
  /** Mean hours from submission to a verifikator's decision (verified, returned, rejected). */
  decision_hours: {
    table: 'reporting.decisions',
    time: 'decided_at',
    where: `decision IN ('verified', 'returned', 'rejected') AND submitted_at IS NOT NULL`,
    value: 'round(avg(extract(epoch FROM decided_at - submitted_at)) / 3600, 2)',
    empty: null,
  },
} as const satisfies Record<string, MetricSpec>;
export type Metric = keyof typeof METRICS;

const MAX_BUCKETS: Readonly<Record<Interval, number>> = { day: 366, week: 260, month: 120 };

export const TimeseriesQuery = z
  .object({
    metric: z.enum(Object.keys(METRICS) as [Metric, ...Metric[]]),
    interval: z.enum(['day', 'week', 'month']).default('day'),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
  })
  .strict();

export const TimeseriesResponse = z.object({
  region: RegionSchema,
  metric: z.string(),
  interval: z.enum(['day', 'week', 'month']),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  points: z.array(z.object({ start: z.string(), value: z.number().nullable() })),
});
export type TimeseriesResponse = z.infer<typeof TimeseriesResponse>;

type Query = { metric: Metric; interval: Interval; from: string; to: string };

/**
 * The zone's offset in whole hours when `proposal_days` keeps its days and the range has one
 * offset throughout; undefined otherwise.
 */
function dayOffset(timeZone: string, query: Query): number | undefined {
  const offset = utcOffsetMinutes(timeZone, query.from);
  if (offset !== utcOffsetMinutes(timeZone, query.to)) return undefined;
  return (DAY_OFFSETS_HOURS as readonly number[]).includes(offset / 60) ? offset / 60 : undefined;
}

/**
 * Drafted, submitted and applied proposals of the country, a province or a regency, summed from
 * `proposal_days` (regency × day): a read bounded by regencies × days, not by proposals. Districts
 * and villages (few proposals each) are counted from `proposals`, as are the other metrics.
 */
async function fromDays(deps: ReportDeps, region: RegionRef, query: Query, offset: number) {
  const params: unknown[] = [query.interval, query.from, query.to, query.metric, offset];
  const scope = withinSql('c.region_code', region.code, params);
  return inBuckets(
    deps,
    `SELECT date_trunc($1, c.day::timestamp) AS start, sum(c.n) AS value
     FROM reporting.proposal_days c, bounds
     WHERE c.metric = $4 AND c.utc_offset = $5
       AND c.day >= bounds.first::date AND c.day < (bounds.last + ('1 ' || $1)::interval)::date
       AND ${scope}
     GROUP BY 1`,
    params,
  );
}

/**
 * Every bucket of the range with its value: `vals` answers `start` and `value` per bucket from
 * `bounds` (the first and last bucket); `params` begins with the interval, from and to ($1–$3).
 * A bucket without rows answers null.
 */
async function inBuckets(deps: ReportDeps, vals: string, params: unknown[]) {
  const result = await deps.pool.query<{ start: string; value: string | null }>(
    `WITH bounds AS (
       SELECT date_trunc($1, $2::date::timestamp) AS first, date_trunc($1, $3::date::timestamp) AS last),
     buckets AS (SELECT generate_series(first, last, ('1 ' || $1)::interval) AS start FROM bounds),
     vals AS (${vals})
     SELECT to_char(b.start, 'YYYY-MM-DD') AS start, v.value
     FROM buckets b LEFT JOIN vals v ON v.start = b.start ORDER BY b.start`,
    params,
  );
  return result.rows;
}

const isDayMetric = (metric: Metric): metric is DayMetric => Object.hasOwn(DAY_METRICS, metric);

async function rows(deps: ReportDeps, region: RegionRef, query: Query, source: Source) {
  const offset = dayOffset(deps.timeZone, query);
  const coarse = region.level === 'national' || region.level === 'province' || region.level === 'regency';
  if (source === 'auto' && isDayMetric(query.metric) && coarse && offset !== undefined)
    return fromDays(deps, region, query, offset);
  const spec: MetricSpec = METRICS[query.metric];
  const params: unknown[] = [query.interval, query.from, query.to, deps.timeZone];
  const scope = withinSql('t.region_code', region.code, params);
  return inBuckets(
    deps,
    `SELECT date_trunc($1, t.${spec.time} AT TIME ZONE $4) AS start, ${spec.value ?? 'count(*)'} AS value
     FROM ${spec.table} t, bounds
     WHERE t.${spec.time} >= (bounds.first AT TIME ZONE $4)
       AND t.${spec.time} < ((bounds.last + ('1 ' || $1)::interval) AT TIME ZONE $4)
       AND ${spec.where ?? 'TRUE'} AND ${scope}
     GROUP BY 1`,
    params,
  );
}

/** `rows` counts from the projection's rows even where `proposal_days` could answer (tests compare the two). */
type Source = 'auto' | 'rows';

export async function timeseries(
  deps: ReportDeps,
  region: RegionRef,
  query: Query,
  source: Source = 'auto',
): Promise<TimeseriesResponse> {
  const spec: MetricSpec = METRICS[query.metric];
  const points = await rows(deps, region, query, source);
  return {
    region,
    metric: query.metric,
    interval: query.interval,
    timeZone: deps.timeZone,
    from: query.from,
    to: query.to,
    points: points.map((row) => ({
      start: row.start,
      value: row.value === null ? spec.empty : Number(row.value),
    })),
  };
}

export function registerTimeseriesRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/regions/:code/timeseries',
    {
      schema: {
        summary: 'A metric per day, week or month in a region (dates in REPORTS_TIME_ZONE)',
        tags: ['reports'],
        params: z.object({ code: RegionParam }),
        querystring: TimeseriesQuery,
        response: { 200: TimeseriesResponse },
      },
    },
    async (request) => {
      const region = regionInScope(deps.regions, request.actor, request.params.code);
      const { metric, interval } = request.query;
      const to = request.query.to ?? localDate(deps.now(), deps.timeZone);
      const from = request.query.from ?? defaultFrom(to, interval);
      if (from > to) throw validation('query.from', ErrorCodes.rangeOrder);
      if (bucketCount(from, to, interval) > MAX_BUCKETS[interval])
        throw validation('query.from', ErrorCodes.rangeTooLong);
      return timeseries(deps, region, { metric, interval, from, to });
    },
  );
}
