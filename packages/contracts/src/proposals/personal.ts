import { z } from 'zod';

/**
 * Personal data in proposal events (DESIGN.md §6).
 *
 * Choice: the events keep the SHAPE of the clear data, and every group of personal fields
 * moves into one `personal` property holding a `Sealed` value (one per member, one per
 * household/proposal). Non-personal fields (region, housing, relationship, sex, education,
 * programmes, …) stay in clear so projections and reports read events without keys; the
 * NIK and KK blind indexes (`nikIndex`, `kkIndex`: HMAC-SHA256, hex) stay in clear for
 * duplicate search. A member's `personal` is sealed under that person's subject, the
 * household's under the proposal's, so forgetting one person shreds exactly their data.
 * Free texts that may name people (`note`) are sealed too; `reason` texts are not (reports
 * count them), so the UI asks people not to put personal data there.
 */

/** A value sealed by `@siks/pii` (same shape as its `Sealed`): AES-256-GCM under the subject's key. */
export const Sealed = z
  .object({
    // 1: AAD binds the subject; 2: the subject and the field `f` (every new value).
    $sealed: z.union([z.literal(1), z.literal(2)]),
    sub: z.string().min(1),
    f: z.string().min(1).max(64).optional(),
    iv: z.string(),
    ct: z.string(),
    tag: z.string(),
  })
  .strict();
export type Sealed = z.infer<typeof Sealed>;

/** HMAC-SHA256 blind index, hex. */
export const BlindIndex = z.string().regex(/^[0-9a-f]{64}$/);

/** Member fields that are personal; they go into the member's sealed `personal`. */
export const MEMBER_PERSONAL_KEYS = ['nik', 'name', 'birthDate', 'birthPlace', 'motherName'] as const;
/** Household fields that are personal; they go into the household's sealed `personal`. */
export const HOUSEHOLD_PERSONAL_KEYS = ['address', 'location', 'phone', 'kkNumber'] as const;

const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  ...MEMBER_PERSONAL_KEYS,
  ...HOUSEHOLD_PERSONAL_KEYS,
  // Sealed inside the member's / household's block; a change of either is personal too.
  'disability',
  'incomeBand',
  'person',
  'note',
  'nikCorrections',
  'oldNik',
  'newNik',
]);
/** Keys whose value (or whose elements) contain personal fields. */
const CONTAINERS: ReadonlySet<string> = new Set(['household', 'members', 'nikCorrections', 'housing']);

/**
 * Whether the value at a content path (`household.members.0.name`) is or contains personal
 * data; such a change's `from`/`to` are sealed in `ProposalAmended`.
 */
export function isPersonalPath(path: string): boolean {
  const segments = path.split('.');
  if (segments.some((segment) => PERSONAL_KEYS.has(segment))) return true;
  const last = segments[segments.length - 1] ?? '';
  const beforeLast = segments[segments.length - 2] ?? '';
  return CONTAINERS.has(last) || (/^\d+$/.test(last) && CONTAINERS.has(beforeLast));
}

/** Whether a value is a sealed value (either version), e.g. a geotag sealed since forgetting was built. */
export function isPersonalSealed(value: unknown): value is Sealed {
  return Sealed.safeParse(value).success;
}
