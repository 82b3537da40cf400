import type { CheckOutcome, WindowKind } from '@siks/contracts';
import { z } from 'zod';

/**
 * The monthly proposal windows (DOMAIN.md "Lifecycle"): additions and removals on the
 * 15th–22nd, PBI-JK proposals on the 1st–7th, configurable per regency, in the regency's
 * local calendar (WIB/WITA/WIT by province unless configured). Intake enforces the window at
 * submission; this check re-reads the submission time against verification's configuration,
 * which must match intake's (same `PROPOSAL_WINDOWS` shape).
 */

/** Inclusive day-of-month range; a `toDay` past the month's end means its last day; `fromDay > toDay` wraps. */
export const DayRange = z
  .object({ fromDay: z.number().int().min(1).max(31), toDay: z.number().int().min(1).max(31) })
  .strict();
export type DayRange = z.infer<typeof DayRange>;

export const WindowRules = z
  .object({
    additions: DayRange,
    pbiJk: DayRange,
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
  })
  .strict();
export type WindowRules = z.infer<typeof WindowRules>;

/** Default rules plus per-regency overrides keyed by `PP.KK`. */
export const WindowConfig = z
  .object({
    default: WindowRules,
    regencies: z.record(z.string().regex(/^\d{2}\.\d{2}$/), WindowRules.partial()).default({}),
  })
  .strict();
export type WindowConfig = z.infer<typeof WindowConfig>;

export const defaultWindowConfig: WindowConfig = {
  default: { additions: { fromDay: 15, toDay: 22 }, pbiJk: { fromDay: 1, toDay: 7 } },
  regencies: {},
};

const WITA = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT = new Set(['81', '82', '91', '92', '93', '94', '95', '96']);

function utcOffsetMinutes(regionCode: string, config: WindowConfig): number {
  const configured =
    config.regencies[regionCode.slice(0, 5)]?.utcOffsetMinutes ?? config.default.utcOffsetMinutes ?? undefined;
  if (configured !== undefined) return configured;
  const province = regionCode.slice(0, 2);
  return WITA.has(province) ? 480 : WIT.has(province) ? 540 : 420;
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a region. */
export function localDate(at: Date, regionCode: string, config: WindowConfig): string {
  return new Date(at.getTime() + utcOffsetMinutes(regionCode, config) * 60_000).toISOString().slice(0, 10);
}

/** Whether `at` falls on a day of the window `kind` of `regionCode` (`none` is always open). */
export function insideWindow(at: Date, regionCode: string, kind: WindowKind, config: WindowConfig): boolean {
  if (kind === 'none') return true;
  const override = config.regencies[regionCode.slice(0, 5)] ?? {};
  const range =
    kind === 'pbi_jk' ? (override.pbiJk ?? config.default.pbiJk) : (override.additions ?? config.default.additions);
  const local = new Date(`${localDate(at, regionCode, config)}T00:00:00Z`);
  const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  const day = local.getUTCDate();
  const from = Math.min(range.fromDay, last);
  const to = Math.min(range.toDay, last);
  return range.fromDay <= range.toDay ? day >= from && day <= to : day >= from || day <= to;
}

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
