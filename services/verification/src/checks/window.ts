import { insideWindow, localDate, type CheckOutcome, type WindowConfig, type WindowKind } from '@siks/contracts';

/**
 * The monthly proposal windows (DOMAIN.md "Lifecycle"): the rule itself (`insideWindow`,
 * `localDate`, the `WindowConfig` shape) is `@siks/contracts`' (proposals/window.ts), the one
 * intake applies at submission; this check re-reads the submission time against
 * verification's configuration, which must match intake's (same `PROPOSAL_WINDOWS` shape).
 */
export { DayRange, WindowRules, WindowConfig, defaultWindowConfig, insideWindow, localDate } from '@siks/contracts';

export interface WindowFacts {
  kind: WindowKind | undefined;
  /** The first submission's time (ISO); resubmissions after a return are judged by it. */
  submittedAt: string | undefined;
}

/** `proposal_window`: was the proposal submitted inside its window? */
export function windowCheck(facts: WindowFacts, regionCode: string, config: WindowConfig): CheckOutcome {
  const check = 'proposal_window';
  if (facts.kind === undefined || facts.submittedAt === undefined)
    return { check, result: 'pass', reason: 'not_applicable' };
  if (facts.kind === 'none') return { check, result: 'pass', reason: 'no_window' };
  const at = new Date(facts.submittedAt);
  const details = { window: facts.kind, localDate: localDate(at, regionCode, config) };
  return insideWindow(at, regionCode, facts.kind, config)
    ? { check, result: 'pass', reason: 'inside_window', details }
    : { check, result: 'fail', reason: 'outside_window', details };
}
