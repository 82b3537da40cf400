import { createHash } from 'node:crypto';
import { deterministicId, type Channel } from '@siks/contracts';

/**
 * What happens to the seed's i-th household during the seeded year: who proposed it, when, and
 * how verification decided. Deterministic in (seed, index), so a resumed or repeated seed makes
 * the same province. The shares are the seed's model of a year in one province (estimates, not
 * published figures): most proposals are approved, some are returned to the village, a few
 * rejected, and at the end of the year some still wait for a decision.
 */
export type Outcome = 'approved' | 'returned' | 'rejected' | 'pending';

export const OUTCOME_SHARES: readonly (readonly [Outcome, number])[] = [
  ['approved', 0.8],
  ['returned', 0.07],
  ['rejected', 0.05],
  ['pending', 0.08],
];

/** Where proposals come from: mostly operators' forms and village-meeting lists. */
export const CHANNEL_SHARES: readonly (readonly [Channel, number])[] = [
  ['operator', 0.4],
  ['musdes', 0.35],
  ['field', 0.15],
  ['rtrw', 0.05],
  ['program', 0.05],
];

export interface Fate {
  proposalId: string;
  outcome: Outcome;
  channel: Channel;
  /** When the village drafted and submitted it: a moment of the year before `today`. */
  submittedAt: Date;
}

/** A number in [0, 1) from (seed, index, purpose): stable across runs and machines. */
function unit(seed: string, index: number, purpose: string): number {
  return createHash('sha256').update(`${seed}#${index}#${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

function pick<T>(shares: readonly (readonly [T, number])[], u: number): T {
  let sum = 0;
  for (const [value, share] of shares) {
    sum += share;
    if (u < sum) return value;
  }
  return shares[shares.length - 1]![0];
}

export const seedProposalId = (seed: string, index: number): string =>
  deterministicId(`siks.seed:${seed}`, String(index));

const YEAR_MS = 365 * 24 * 3600 * 1000;

export function fateOf(seed: string, index: number, today: Date): Fate {
  // Working hours in WIB/WITA (00:00–09:00 UTC), any day of the year before today.
  const day = Math.floor(unit(seed, index, 'day') * 365);
  const start = today.getTime() - YEAR_MS + day * 24 * 3600 * 1000;
  const midnight = start - (start % (24 * 3600 * 1000));
  const submittedAt = new Date(midnight + Math.floor(unit(seed, index, 'hour') * 9 * 3600 * 1000));
  return {
    proposalId: seedProposalId(seed, index),
    outcome: pick(OUTCOME_SHARES, unit(seed, index, 'outcome')),
    channel: pick(CHANNEL_SHARES, unit(seed, index, 'channel')),
    submittedAt,
  };
}
