import type { Regions, RegionLevel } from '@siks/wilayah';
import { z } from 'zod';
import { CheckpointSummary, latestCheckpointSummary } from '../audit-log/latest-checkpoint.ts';
import type { ReportDeps } from './deps.ts';
import { addIntervals, monthBounds } from './dates.ts';
import { operatorActivity, OperatorActivity } from './operators.ts';
import { ancestorSql, withinSql, type RegionRef } from './regions.ts';
import { Counts, RegionSchema } from './schemas.ts';

/** One line of the periodic report (a village, or a regency/province for wider reports). */
export const MonthlyRow = z.object({
  code: z.string(),
  name: z.string().nullable(),
  /** Proposals submitted for the first time this month. */
  submitted: z.number().int(),
  verified: z.number().int(),
  returned: z.number().int(),
  rejected: z.number().int(),
  /** Approved (pengesahan) this month. */
  approved: z.number().int(),
  /** Applied to the registry this month. */
  applied: z.number().int(),
  householdsRegistered: z.number().int(),
  householdsDeactivated: z.number().int(),
  /** Active households at the end of the month. */
  householdsActive: z.number().int(),
});
export type MonthlyRow = z.infer<typeof MonthlyRow>;

const Reason = z.object({ reason: z.string(), count: z.number().int() });

export const MonthlyReport = z.object({
  region: RegionSchema,
  month: z.string(),
  timeZone: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  rowLevel: z.string(),
  totals: MonthlyRow,
  rows: z.array(MonthlyRow),
  submittedByType: Counts,
  submittedByChannel: Counts,
  decisionTime: z.object({
    decisions: z.number().int(),
    meanHours: z.number().nullable(),
    medianHours: z.number().nullable(),
    p90Hours: z.number().nullable(),
  }),
  reasons: z.object({ returned: z.array(Reason), rejected: z.array(Reason) }),
  deactivationReasons: Counts,
  quality: z.array(
    z.object({ check: z.string(), pass: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
  ),
  operators: z.array(OperatorActivity),
  /** The audit log's latest signed checkpoint when the report was made: a district officer copies its short code. */
  auditCheckpoint: CheckpointSummary,
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

type Numbers = Omit<MonthlyRow, 'code' | 'name'>;
const emptyNumbers = (): Numbers => ({
  submitted: 0,
  verified: 0,
  returned: 0,
  rejected: 0,
  approved: 0,
  applied: 0,
  householdsRegistered: 0,
  householdsDeactivated: 0,
  householdsActive: 0,
});

/** The level a report's lines are at: villages up to a regency's report, else the next level down. */
export function rowLevelOf(level: RegionRef['level']): RegionLevel {
  if (level === 'national') return 'province';
  if (level === 'province') return 'regency';
  return 'village';
}

function regionsAt(regions: Regions, code: string, level: RegionLevel): { code: string; name: string }[] {
  const here = code === '' ? undefined : regions.get(code);
  if (here?.level === level) return [{ code: here.code, name: here.name }];
  const out: { code: string; name: string }[] = [];
  for (const child of regions.childrenOf(code)) {
    if (child.level === level) out.push({ code: child.code, name: child.name });
    else out.push(...regionsAt(regions, child.code, level));
  }
  return out;
}

const round2 = (value: string | null): number | null => (value === null ? null : Math.round(Number(value) * 100) / 100);

/**
 * The periodic report (*laporan berkala*) of a region for month `yyyy-mm` (REPORTS_TIME_ZONE):
 * one line per village (per regency or province for wider regions) with proposals submitted,
 * decided, approved and applied and households registered, deactivated and active at the end
 * of the month; plus decision times, reasons, data-quality findings and operator activity.
 */
export async function monthlyReport(deps: ReportDeps, region: RegionRef, month: string): Promise<MonthlyReport> {
  const { from, to } = monthBounds(month);
  const level = rowLevelOf(region.level);
  const line = ancestorSql('region_code', level);
  const q = async <Row extends object>(sql: (range: (column: string) => string, scope: string) => string) => {
    const params: unknown[] = [from, to, deps.timeZone];
    const range = (column: string): string =>
      `${column} >= ($1::date::timestamp AT TIME ZONE $3) AND ${column} < ($2::date::timestamp AT TIME ZONE $3)`;
    const scope = withinSql('region_code', region.code, params);
    return (await deps.pool.query<Row>(sql(range, scope), params)).rows;
  };

  const lines = new Map<string, Numbers>();
  const lineOf = (code: string): Numbers => {
    let entry = lines.get(code);
    if (!entry) lines.set(code, (entry = emptyNumbers()));
    return entry;
  };
  for (const known of regionsAt(deps.regions, region.code, level)) lineOf(known.code);
  const byType: Record<string, number> = {};
  const byChannel: Record<string, number> = {};

  const submitted = await q<{ code: string; proposal_type: string; channel: string; n: number }>(
    (range, scope) => `SELECT ${line} AS code, proposal_type, channel, count(*)::int AS n FROM reporting.proposals
      WHERE ${range('first_submitted_at')} AND ${scope} GROUP BY 1, 2, 3`,
  );
  for (const row of submitted) {
    lineOf(row.code).submitted += row.n;
    byType[row.proposal_type] = (byType[row.proposal_type] ?? 0) + row.n;
    byChannel[row.channel] = (byChannel[row.channel] ?? 0) + row.n;
  }
  const applied = await q<{ code: string; n: number }>(
    (range, scope) => `SELECT ${line} AS code, count(*)::int AS n FROM reporting.proposals
      WHERE ${range('applied_at')} AND ${scope} GROUP BY 1`,
  );
  for (const row of applied) lineOf(row.code).applied += row.n;
  const decisions = await q<{ code: string; decision: string; n: number }>(
    (range, scope) => `SELECT ${line} AS code, decision, count(*)::int AS n FROM reporting.decisions
      WHERE ${range('decided_at')} AND ${scope} GROUP BY 1, 2`,
  );
  for (const row of decisions) {
    const target = lineOf(row.code);
    if (row.decision === 'verified' || row.decision === 'returned' || row.decision === 'rejected') {
      target[row.decision] += row.n;
    } else if (row.decision === 'approved') target.approved += row.n;
  }
  const changes = await q<{ code: string; change: string; reason: string | null; n: number }>(
    (range, scope) => `SELECT ${line} AS code, change, reason, count(*)::int AS n FROM reporting.household_changes
      WHERE ${range('occurred_at')} AND change IN ('registered', 'deactivated') AND ${scope} GROUP BY 1, 2, 3`,
  );
  const deactivationReasons: Record<string, number> = {};
  for (const row of changes) {
    if (row.change === 'registered') lineOf(row.code).householdsRegistered += row.n;
    else {
      lineOf(row.code).householdsDeactivated += row.n;
      const reason = row.reason ?? 'unknown';
      deactivationReasons[reason] = (deactivationReasons[reason] ?? 0) + row.n;
    }
  }
  // A household's status at the end of the month is that of its last status change before then.
  const active = await q<{ code: string; n: number }>(
    (_range, scope) => `SELECT ${line} AS code, count(*)::int AS n FROM (
        SELECT DISTINCT ON (household_id) region_code, status FROM reporting.household_changes
        WHERE occurred_at < ($2::date::timestamp AT TIME ZONE $3) AND change IN ('registered', 'deactivated', 'reactivated')
          AND $1::date IS NOT NULL -- (uses $1, which this query does not need, so every query takes the same parameters)
        ORDER BY household_id, occurred_at DESC, event_id DESC) last
      WHERE status = 'active' AND ${scope} GROUP BY 1`,
  );
  for (const row of active) lineOf(row.code).householdsActive += row.n;

  const [time] = await q<{ n: number; mean: string | null; median: string | null; p90: string | null }>(
    (range, scope) => `SELECT count(*)::int AS n, avg(h) AS mean,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY h) AS p90
      FROM (SELECT extract(epoch FROM decided_at - submitted_at) / 3600 AS h FROM reporting.decisions
        WHERE ${range('decided_at')} AND decision IN ('verified', 'returned', 'rejected') AND submitted_at IS NOT NULL
          AND ${scope}) d`,
  );
  const reasons = await q<{ decision: 'returned' | 'rejected'; reason: string; n: number }>(
    (range, scope) => `SELECT decision, reason, n FROM (
        SELECT decision, reason, count(*)::int AS n, row_number() OVER (PARTITION BY decision ORDER BY count(*) DESC, reason) AS r
        FROM reporting.decisions WHERE ${range('decided_at')} AND decision IN ('returned', 'rejected')
          AND reason IS NOT NULL AND ${scope} GROUP BY 1, 2) ranked
      WHERE r <= 10 ORDER BY decision, n DESC, reason`,
  );
  const quality = await q<{ check_name: string; result: 'pass' | 'warn' | 'fail'; n: number }>(
    (range, scope) => `SELECT check_name, result, count(*)::int AS n FROM reporting.quality_findings
      WHERE ${range('checked_at')} AND ${scope} GROUP BY 1, 2 ORDER BY 1`,
  );
  const checks = new Map<string, { check: string; pass: number; warn: number; fail: number }>();
  for (const row of quality) {
    const entry = checks.get(row.check_name) ?? { check: row.check_name, pass: 0, warn: 0, fail: 0 };
    entry[row.result] += row.n;
    checks.set(row.check_name, entry);
  }

  const rows = [...lines.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, numbers]) => ({ code, name: deps.regions.get(code)?.name ?? null, ...numbers }));
  const totals = rows.reduce<Numbers>((sum, row) => {
    for (const key of Object.keys(sum) as (keyof Numbers)[]) sum[key] += row[key];
    return sum;
  }, emptyNumbers());
  return {
    region,
    month,
    timeZone: deps.timeZone,
    period: { from, to: addIntervals(to, 'day', -1) },
    rowLevel: level,
    totals: { code: region.code, name: region.name, ...totals },
    rows,
    submittedByType: byType,
    submittedByChannel: byChannel,
    decisionTime: {
      decisions: time?.n ?? 0,
      meanHours: round2(time?.mean ?? null),
      medianHours: round2(time?.median ?? null),
      p90Hours: round2(time?.p90 ?? null),
    },
    reasons: {
      returned: reasons.filter((r) => r.decision === 'returned').map((r) => ({ reason: r.reason, count: r.n })),
      rejected: reasons.filter((r) => r.decision === 'rejected').map((r) => ({ reason: r.reason, count: r.n })),
    },
    deactivationReasons,
    auditCheckpoint: await latestCheckpointSummary(deps.auditLog),
    quality: [...checks.values()],
    operators: await operatorActivity(deps, region, { from, to: addIntervals(to, 'day', -1) }),
  };
}
