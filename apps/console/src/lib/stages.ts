/** Proposal statuses on dashboards (pure). */

/** The lifecycle order of proposal statuses. */
export const STAGES = [
  'draft',
  'submitted',
  'checks_done',
  'field_validation',
  'returned',
  'corrected',
  'verified',
  'approved',
  'rejected',
  'withdrawn',
];

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
  return [
    ...STAGES.filter((stage) => held.has(stage)),
    ...[...held].filter((status) => !(STAGES as readonly string[]).includes(status)),
  ];
}
