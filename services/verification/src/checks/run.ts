import type { CheckOutcome } from '@siks/contracts';
import type { CheckConfig } from '../config.ts';
import { conflictCheck } from './conflict.ts';
import { duplicateKkCheck, duplicateNikCheck } from './duplicates.ts';
import { dukcapilCheck } from './dukcapil.ts';
import { evidenceCheck, geotagCheck, photoReuseCheck } from './evidence.ts';
import type { CaseFacts } from './facts.ts';
import { identityCheck } from './identity.ts';
import { localDate, windowCheck } from './window.ts';

/** Runs every automated check on a case's facts, in a fixed order (a round's `results`). */
export function runChecks(facts: CaseFacts, config: CheckConfig): CheckOutcome[] {
  const today = localDate(facts.asOf, facts.regionCode, config.windows);
  return [
    identityCheck(facts.proposalType, facts.people, facts.kk, today, facts.targetHouseholdId),
    dukcapilCheck(facts.proposalType, facts.regionCode, facts.people, facts.references),
    duplicateNikCheck(facts.people, facts.targetHouseholdId, facts.activeByNik, facts.pendingByNik),
    duplicateKkCheck(facts.kk, facts.targetHouseholdId, facts.activeByKk, facts.pendingByKk),
    evidenceCheck(facts.proposalType, facts.evidence),
    geotagCheck(facts.proposalType, facts.evidence, facts.location, facts.asOf, {
      maxDistanceM: config.geotagMaxDistanceM,
      maxAgeDays: config.geotagMaxAgeDays,
    }),
    photoReuseCheck(facts.evidence, facts.photoMatches, facts.targetHouseholdId),
    conflictCheck(facts.conflicts),
    windowCheck(facts.window, facts.regionCode, config.windows),
  ];
}
