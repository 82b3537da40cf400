import { compareLogPositions, parseLogPosition, type EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { ProblemError } from '@siks/service-kit';
import { householdAtPosition, type FoldedHousehold } from '../households/queries.ts';
import { readModelPosition } from '../read-model/project.ts';
import { withinRegionSql } from '../read-model/queries.ts';
import type { Cutoff } from './fix.ts';

export interface CutoffPageQuery {
  /** Only households within this region (the regency, or the reader's narrower scope). */
  region: string;
  after?: string;
  limit: number;
}

export interface CutoffPage {
  households: FoldedHousehold[];
  /** Where the next page starts; absent on the last page. */
  nextCursor?: string;
}

const within = (region: string, code: string): boolean =>
  region === '' || code === region || code.startsWith(`${region}.`);

/**
 * A page of the households of a cut-off, each as it stood at the cut-off's log position:
 * candidates are the households with an event in the region at or before that position (from
 * the history read model), each folded from its stream up to the position and kept when it was
 * then in the region. 503 while the read models have not yet read up to the position.
 */
export async function cutoffHouseholds(
  deps: { store: EventStore; db: Queryable },
  cutoff: Cutoff,
  query: CutoffPageQuery,
): Promise<CutoffPage> {
  const readUpTo = await readModelPosition(deps.db);
  if (readUpTo === '' || compareLogPositions(readUpTo, cutoff.logPosition) < 0) {
    throw new ProblemError({ status: 503, code: 'cutoff_not_ready', headers: { 'retry-after': '1' } });
  }
  const position = parseLogPosition(cutoff.logPosition);
  const { rows } = await deps.db.query<{ household_id: string }>(
    `SELECT DISTINCT household_id FROM registry.history
     WHERE ${withinRegionSql('region_code', '$1')}
       AND (log_major, log_minor) <= ($2::numeric, $3::numeric)
       AND ($4::uuid IS NULL OR household_id > $4)
     ORDER BY household_id LIMIT $5`,
    [query.region, position.major.toString(), position.minor.toString(), query.after ?? null, query.limit],
  );
  const folded = await Promise.all(
    rows.map((row) => householdAtPosition(deps.store, row.household_id, cutoff.logPosition)),
  );
  const households = folded.filter(
    (household): household is FoldedHousehold =>
      household !== undefined && within(query.region, household.state.doc.regionCode),
  );
  const last = rows.at(-1);
  return { households, ...(rows.length === query.limit && last ? { nextCursor: last.household_id } : {}) };
}
