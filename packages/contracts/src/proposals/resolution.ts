import { z } from 'zod';

/**
 * How an approver resolves a proposal whose people (NIK) or KK are already active in another
 * household (DOMAIN.md: a person is registered once). `deactivate_other`: the other
 * household(s) are deactivated (reason `duplikat`); `move_members`: the duplicated members
 * leave the other household(s) for this one. Either way only households of the proposal's own
 * regency can be touched; the reason is the approver's own words, kept in the event metadata.
 */
export const DuplicateResolutionKind = z.enum(['deactivate_other', 'move_members']);
export type DuplicateResolutionKind = z.infer<typeof DuplicateResolutionKind>;

/** At least 10 characters: a resolution changes other households, so it must say why. */
export const ResolutionReason = z.string().trim().min(10, { error: 'resolution.reason_too_short' }).max(2000);

export const DuplicateResolution = z.strictObject({ kind: DuplicateResolutionKind, reason: ResolutionReason });
export type DuplicateResolution = z.infer<typeof DuplicateResolution>;
