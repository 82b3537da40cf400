import { z } from 'zod';
import type { ProposalContent } from './content.ts';
import type { WindowKind } from './events.ts';

/**
 * The monthly proposal windows (DOMAIN.md): additions and removals on the 15th–22nd, PBI-JK
 * proposals on the 1st–7th, configurable per regency. Days are the regency's local calendar
 * days (WIB/WITA/WIT by province unless configured). Outside its window a proposal waits as
 * a draft. Everything here is a pure function of an instant and the configuration. Intake
 * applies it at submission, verification re-checks the submission time with it: one rule, one
 * configuration shape (`PROPOSAL_WINDOWS`).
 */

/** Inclusive day-of-month range; `toDay` past the month's end means its last day; `fromDay > toDay` wraps into the next month. */
export const DayRange = z
  .object({ fromDay: z.number().int().min(1).max(31), toDay: z.number().int().min(1).max(31) })
  .strict();
export type DayRange = z.infer<typeof DayRange>;

export const WindowRules = z
  .object({
    additions: DayRange,
    pbiJk: DayRange,
    /** Local time offset; by default from the province (WIB +7, WITA +8, WIT +9). */
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
  })
  .strict();
export type WindowRules = z.infer<typeof WindowRules>;

/** Per-regency overrides keyed by regency code `PP.KK`. */
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

/**
 * `PROPOSAL_WINDOWS`, as intake and verification read it from their environment: JSON of a
 * `WindowConfig`; empty or unset gives the DOMAIN.md defaults.
 */
export const WindowConfigVar = z
  .string()
  .optional()
  .transform((value, ctx): WindowConfig => {
    if (value === undefined || value.trim() === '') return defaultWindowConfig;
    try {
      const parsed = WindowConfig.safeParse(JSON.parse(value));
      if (parsed.success) return parsed.data;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be JSON: {"default":{"additions":{"fromDay":15,"toDay":22},…}}' });
    return z.NEVER;
  });

export type WindowStatus =
  | { kind: WindowKind; open: true; localDate: string }
  | { kind: WindowKind; open: false; localDate: string; opensOn: string };

const ADDITIONS_REMOVALS: ReadonlySet<ProposalContent['type']> = new Set([
  'new_household',
  'add_member',
  'remove_member',
  'deactivate',
  'reactivate',
  'split_household',
]);

/** What the window kind depends on: the type and a household's programmes (clear in a content and in its stored record). */
export interface WindowKindInput {
  type: ProposalContent['type'];
  household?: { programmes: readonly string[] } | undefined;
}

/**
 * Which window a proposal needs: a household asking for PBI-JK only → `pbi_jk`; other
 * additions and removals → `additions`; data corrections (`update`) → `none` (any day).
 */
export function windowKindOf(content: WindowKindInput): WindowKind {
  if (content.type === 'update') return 'none';
  const household =
    content.type === 'new_household' || content.type === 'split_household' ? content.household : undefined;
  if (household && household.programmes.length > 0 && household.programmes.every((p) => p === 'PBI_JK'))
    return 'pbi_jk';
  return ADDITIONS_REMOVALS.has(content.type) ? 'additions' : 'none';
}

const WITA = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT = new Set(['81', '82', '91', '92', '93', '94', '95', '96']);

/** WIB (+7:00), WITA (+8:00) or WIT (+9:00) from a region code's province. */
export function provinceUtcOffsetMinutes(regionCode: string): number {
  const province = regionCode.slice(0, 2);
  if (WITA.has(province)) return 480;
  if (WIT.has(province)) return 540;
  return 420;
}

/** The rules in force for a village or regency code. */
export function rulesFor(regionCode: string, config: WindowConfig): Required<WindowRules> {
  const override = config.regencies[regionCode.slice(0, 5)] ?? {};
  return {
    additions: override.additions ?? config.default.additions,
    pbiJk: override.pbiJk ?? config.default.pbiJk,
    utcOffsetMinutes:
      override.utcOffsetMinutes ?? config.default.utcOffsetMinutes ?? provinceUtcOffsetMinutes(regionCode),
  };
}

/** Whether a proposal of `kind` for `regionCode` may be submitted at `at`; if not, when it opens. */
export function windowStatus(at: Date, regionCode: string, kind: WindowKind, config: WindowConfig): WindowStatus {
  const rules = rulesFor(regionCode, config);
  const today = new Date(at.getTime() + rules.utcOffsetMinutes * 60_000);
  const localDate = isoDay(today);
  if (kind === 'none') return { kind, open: true, localDate };
  const range = kind === 'pbi_jk' ? rules.pbiJk : rules.additions;
  if (inRange(today, range)) return { kind, open: true, localDate };
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  for (let step = 1; step <= 62; step += 1) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (inRange(day, range)) return { kind, open: false, localDate, opensOn: isoDay(day) };
  }
  throw new Error('window: no open day within two months'); // unreachable: every range holds a day each month
}

/** `day` is a UTC-midnight-based date standing for a local calendar day. */
function inRange(day: Date, { fromDay, toDay }: DayRange): boolean {
  const last = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
  const d = day.getUTCDate();
  const from = Math.min(fromDay, last);
  const to = Math.min(toDay, last);
  return fromDay <= toDay ? d >= from && d <= to : d >= from || d <= to;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a region. */
export function localDate(at: Date, regionCode: string, config: WindowConfig): string {
  return windowStatus(at, regionCode, 'none', config).localDate;
}

/** Whether `at` falls on a day of the window `kind` of `regionCode` (`none` is always open). */
export function insideWindow(at: Date, regionCode: string, kind: WindowKind, config: WindowConfig): boolean {
  return windowStatus(at, regionCode, kind, config).open;
}
