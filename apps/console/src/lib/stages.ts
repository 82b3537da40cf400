/** Proposal statuses on dashboards (pure). */
import { PROPOSAL_STAGES } from '../proposals/contracts.ts';

/** The lifecycle order of proposal statuses (the stages reporting counts by). */
export const STAGES: readonly string[] = PROPOSAL_STAGES;

/**
 * The statuses to show: the known ones in their lifecycle order that hold a proposal anywhere
 * on the page, then any other status the service counts (a newer one), so totals always add up.
 */
export function stagesOf(breakdowns: readonly { byStatus: Readonly<Record<string, number>> }[]): string[] {
  const held = new Set(
    breakdowns.flatMap((breakdown) =>
      Object.entries(breakdown.byStatus)
        .filter(([, count]) => count > 0)
        .map(([status]) => status),
    ),
  );
  return [...STAGES.filter((stage) => held.has(stage)), ...[...held].filter((status) => !STAGES.includes(status))];
}
