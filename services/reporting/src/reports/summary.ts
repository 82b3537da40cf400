import { z } from 'zod';
import type { ServiceApp } from '@siks/service-kit';
import type { ReportDeps } from './deps.ts';
import { ancestorSql, childLevel, regionInScope, withinSql, type RegionRef } from './regions.ts';
import { CHANNELS, Counts, HOUSEHOLD_STATUSES, PROPOSAL_TYPES, RegionParam, RegionSchema, STAGES } from './schemas.ts';

const zeros = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((key) => [key, 0]));

const ProposalBreakdown = z.object({
  total: z.number().int(),
  /** Approved proposals already applied to the registry. */
  applied: z.number().int(),
  byStatus: Counts,
  byType: Counts,
  byChannel: Counts,
});
type ProposalBreakdown = z.infer<typeof ProposalBreakdown>;

const HouseholdBreakdown = z.object({ total: z.number().int(), byStatus: Counts });
type HouseholdBreakdown = z.infer<typeof HouseholdBreakdown>;

const emptyProposals = (): ProposalBreakdown => ({
  total: 0,
  applied: 0,
  byStatus: zeros(STAGES),
  byType: zeros(PROPOSAL_TYPES),
  byChannel: zeros(CHANNELS),
});
const emptyHouseholds = (): HouseholdBreakdown => ({ total: 0, byStatus: zeros(HOUSEHOLD_STATUSES) });

const add = (counts: Record<string, number>, key: string, n: number): void => {
  counts[key] = (counts[key] ?? 0) + n;
};

export const SummaryResponse = z.object({
  region: RegionSchema,
  proposals: ProposalBreakdown,
  households: HouseholdBreakdown,
  children: z.array(RegionSchema.extend({ proposals: ProposalBreakdown, households: HouseholdBreakdown })),
});
export type SummaryResponse = z.infer<typeof SummaryResponse>;

/** Proposals by stage, type and channel and households by status in a region, and per child region. */
export async function regionSummary(deps: ReportDeps, region: RegionRef): Promise<SummaryResponse> {
  const child = childLevel(region.level);
  const group = child ? ancestorSql('region_code', child) : `''`;
  const params: unknown[] = [];
  const proposals = await deps.pool.query<{
    child: string;
    stage: string;
    proposal_type: string;
    channel: string;
    applied: boolean;
    n: string;
  }>(
    `SELECT ${group} AS child, stage, proposal_type, channel, applied, sum(n) AS n FROM reporting.proposal_counts
     WHERE ${withinSql('region_code', region.code, params)} GROUP BY 1, 2, 3, 4, 5`,
    params,
  );
  const householdParams: unknown[] = [];
  const households = await deps.pool.query<{ child: string; status: string; n: string }>(
    `SELECT ${group} AS child, status, sum(n) AS n FROM reporting.household_counts
     WHERE ${withinSql('region_code', region.code, householdParams)} GROUP BY 1, 2`,
    householdParams,
  );

  const children = new Map<string, { proposals: ProposalBreakdown; households: HouseholdBreakdown }>();
  const childOf = (code: string) => {
    let entry = children.get(code);
    if (!entry) children.set(code, (entry = { proposals: emptyProposals(), households: emptyHouseholds() }));
    return entry;
  };
  const total = { proposals: emptyProposals(), households: emptyHouseholds() };
  if (child) for (const known of deps.regions.childrenOf(region.code)) childOf(known.code);
  for (const row of proposals.rows) {
    const n = Number(row.n);
    for (const target of child ? [total.proposals, childOf(row.child).proposals] : [total.proposals]) {
      target.total += n;
      if (row.applied) target.applied += n;
      add(target.byStatus, row.stage, n);
      add(target.byType, row.proposal_type, n);
      add(target.byChannel, row.channel, n);
    }
  }
  for (const row of households.rows) {
    const n = Number(row.n);
    for (const target of child ? [total.households, childOf(row.child).households] : [total.households]) {
      target.total += n;
      add(target.byStatus, row.status, n);
    }
  }
  return {
    region,
    ...total,
    children: [...children.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, counts]) => {
        const known = deps.regions.get(code);
        return { code, name: known?.name ?? null, level: known?.level ?? child ?? 'village', ...counts };
      }),
  };
}

export function registerSummaryRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/regions/:code/summary',
    {
      schema: {
        summary: 'Proposals by status, type and channel, and households by status, in a region and per child region',
        tags: ['reports'],
        params: z.object({ code: RegionParam }),
        response: { 200: SummaryResponse },
      },
    },
    async (request) => regionSummary(deps, regionInScope(deps.regions, request.actor, request.params.code)),
  );
}
