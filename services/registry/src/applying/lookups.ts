import type { Queryable } from '@siks/pg';
import { RuleViolation } from '../households/errors.ts';

/**
 * Finds the household a proposal means when it names a person or a KK instead of the
 * household (population-registry deactivations and NIK corrections). Reads the read model,
 * which follows the household streams closely. Only households of the proposal's own region
 * count: a village's proposal can never reach (or reveal) a household of another village.
 */
export interface TargetLookups {
  /** The household of village `regionCode` holding this NIK (an active one first); undefined when none. */
  byNik(nikIndex: string, regionCode: string): Promise<string | undefined>;
  byKk(kkIndex: string, regionCode: string): Promise<string | undefined>;
}

interface Candidate {
  household_id: string;
  status: string;
}

/** One active candidate wins; otherwise a single one; several of equal standing are ambiguous. */
function choose(rows: readonly Candidate[]): string | undefined {
  if (rows.length === 0) return undefined;
  const active = rows.filter((row) => row.status === 'active');
  const pool = active.length > 0 ? active : rows;
  if (pool.length > 1) throw new RuleViolation('ambiguous_target');
  return pool[0]?.household_id;
}

export function readModelLookups(client: Queryable): TargetLookups {
  return {
    async byNik(nikIndex, regionCode) {
      const { rows } = await client.query<Candidate>(
        `SELECT household_id, status FROM registry.members WHERE nik_index = $1 AND region_code = $2`,
        [nikIndex, regionCode],
      );
      return choose(rows);
    },
    async byKk(kkIndex, regionCode) {
      const { rows } = await client.query<Candidate>(
        `SELECT household_id, status FROM registry.households WHERE kk_index = $1 AND region_code = $2`,
        [kkIndex, regionCode],
      );
      return choose(rows);
    },
  };
}
