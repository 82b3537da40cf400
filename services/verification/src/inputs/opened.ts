import type { Sealed } from '@siks/contracts';

/** Opens sealed personal fields (`@siks/pii`'s Keyring); undefined when the subject was forgotten. */
export interface PersonalDataOpener {
  open(sealed: Sealed, field?: string): Promise<unknown>;
}

/** An opened personal value as a record (empty when forgotten or not an object). */
export const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
