import { RegionCode } from '@siks/contracts';
import type { ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import { addIntervals } from './dates.ts';
import type { ReportDeps } from './deps.ts';
import { queryRegion, withinSql, type RegionRef } from './regions.ts';
import { Counts, ErrorCodes, LocalDate, RegionSchema, validation } from './schemas.ts';

/** Actions counted per person (projections/operators). `decided` sums verified, returned and rejected. */
export const ACTION_NAMES = [
  'drafted',
  'amended',
  'submitted',
  'resubmitted',
  'withdrawn',
  'uploaded',
  'verified',
  'returned',
  'rejected',
  'approved',
  'field_validation_ordered',
  'field_validation_recorded',
] as const;

export const OperatorsQuery = z
  .object({
    region: RegionCode.refine((code) => code !== '').optional(),
    /** First and last day (inclusive, REPORTS_TIME_ZONE); all time when absent. */
    from: LocalDate.optional(),
    to: LocalDate.optional(),
  })
  .strict();

export const OperatorActivity = z.object({
  userId: z.string(),
  role: z.string(),
  actions: Counts,
  decided: z.number().int(),
  total: z.number().int(),
  firstAt: z.string(),
  lastAt: z.string(),
});
export type OperatorActivity = z.infer<typeof OperatorActivity>;

export const OperatorsResponse = z.object({
  region: RegionSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  operators: z.array(OperatorActivity),
});

/** What each person did to proposals of `region` between two local dates (inclusive). */
export async function operatorActivity(
  deps: ReportDeps,
  region: RegionRef,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<OperatorActivity[]> {
  const params: unknown[] = [];
  const where = [withinSql('region_code', region.code, params)];
  if (range.from) {
    params.push(range.from, deps.timeZone);
    where.push(`occurred_at >= ($${params.length - 1}::date::timestamp AT TIME ZONE $${params.length})`);
  }
  if (range.to) {
    params.push(addIntervals(range.to, 'day', 1), deps.timeZone);
    where.push(`occurred_at < ($${params.length - 1}::date::timestamp AT TIME ZONE $${params.length})`);
  }
  const result = await deps.pool.query<{
    actor_id: string;
    actor_role: string;
    action: string;
    n: number;
    first_at: Date;
    last_at: Date;
  }>(
    `SELECT actor_id, actor_role, action, count(*)::int AS n, min(occurred_at) AS first_at, max(occurred_at) AS last_at
     FROM reporting.operator_actions WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`,
    params,
  );
  const people = new Map<string, OperatorActivity>();
  for (const row of result.rows) {
    const key = `${row.actor_id}\u0000${row.actor_role}`;
    let person = people.get(key);
    if (!person) {
      person = {
        userId: row.actor_id,
        role: row.actor_role,
        actions: Object.fromEntries(ACTION_NAMES.map((action) => [action, 0])),
        decided: 0,
        total: 0,
        firstAt: row.first_at.toISOString(),
        lastAt: row.last_at.toISOString(),
      };
      people.set(key, person);
    }
    person.actions[row.action] = (person.actions[row.action] ?? 0) + row.n;
    person.total += row.n;
    if (row.action === 'verified' || row.action === 'returned' || row.action === 'rejected') person.decided += row.n;
    if (row.first_at.toISOString() < person.firstAt) person.firstAt = row.first_at.toISOString();
    if (row.last_at.toISOString() > person.lastAt) person.lastAt = row.last_at.toISOString();
  }
  return [...people.values()].sort((a, b) => b.total - a.total || (a.userId < b.userId ? -1 : 1));
}

export function registerOperatorsRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/operators',
    {
      schema: {
        summary: 'Activity per person (drafted, amended, submitted, decided, …) on proposals of a region',
        tags: ['reports'],
        querystring: OperatorsQuery,
        response: { 200: OperatorsResponse },
      },
    },
    async (request) => {
      const region = queryRegion(deps.regions, request.actor, request.query.region);
      const { from, to } = request.query;
      if (from && to && from > to) throw validation('query.from', ErrorCodes.rangeOrder);
      return {
        region,
        from: from ?? null,
        to: to ?? null,
        operators: await operatorActivity(deps, region, { from, to }),
      };
    },
  );
}
