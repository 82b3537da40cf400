/** Proposal statuses on dashboards (pure). */
import { PROPOSAL_STAGES } from '../proposals/contracts.ts';

const KNOWN: ReadonlySet<string> = new Set(PROPOSAL_STAGES);

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
  return [...PROPOSAL_STAGES.filter((stage) => held.has(stage)), ...[...held].filter((status) => !KNOWN.has(status))];
}
