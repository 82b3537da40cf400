import type { Bus, Relay } from '@siks/bus';
import { Topics } from '@siks/contracts';
import type { Platform } from '@siks/platform';
import type { Pool } from '@siks/pg';
import { groupTotals } from '../../src/consumers/lag.ts';
import { PROJECTION_NAMES, type ProjectionName } from '../../src/projections/projection.ts';
import { readState } from '../../src/projections/state.ts';

/** The four services' relays, as their workers start them. */
export function startRelays(platform: Platform): Relay[] {
  return [
    platform.startRelay(Topics.intakeProposals, ['proposal-', 'complaint-', 'popref-']),
    platform.startRelay(Topics.documentEvidence, ['document-']),
    platform.startRelay(Topics.verificationCases, ['case-']),
    platform.startRelay(Topics.registryHouseholds, ['household-', 'cutoff-', 'access-']),
  ];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until every relay has published and every projection's live group has consumed everything,
 * twice in a row, 100 ms apart. A relay's `caughtUp` waits for events the read horizon holds back
 * for a moment; the second round is a margin for whatever a projection still has in hand.
 */
export async function settle(
  relays: readonly Relay[],
  pool: Pool,
  bus: Bus,
  names: readonly ProjectionName[] = PROJECTION_NAMES,
  timeoutMs = 30_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (let quiet = 0; quiet < 2; ) {
    await Promise.all(relays.map((relay) => relay.caughtUp()));
    let behind = 0;
    for (const name of names) {
      const state = await readState(pool, name);
      behind += (await groupTotals(bus, name, state.generation)).lagEvents;
    }
    if (behind === 0) {
      quiet += 1;
      if (quiet < 2) await sleep(100);
      continue;
    }
    quiet = 0;
    if (Date.now() > until) throw new Error(`projections still ${behind} events behind`);
    await sleep(50);
  }
}
