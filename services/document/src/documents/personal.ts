import { Geotag, isPersonalSealed, type Sealed } from '@siks/contracts';
import type { Keyring } from '@siks/pii';

/**
 * Personal data of a document: its file (a KTP or KK scan, a photo of a house) and its photo's
 * geotag, both sealed under the document's own subject, so forgetting the document (with the
 * household it backs) makes both unreadable.
 */
export const documentSubject = (documentId: string): string => `document:${documentId}`;
export const BLOB_FIELD = 'blob';
export const GEOTAG_FIELD = 'geotag';

/** What the document service needs of `@siks/pii`'s Keyring. */
export type DocumentKeyring = Pick<Keyring, 'seal' | 'open' | 'sealBytes' | 'openBytes' | 'forget' | 'isForgotten'>;

/** The geotag in clear: opened when sealed; absent when forgotten or unreadable as a geotag. */
export async function openGeotag(
  keyring: Pick<Keyring, 'open'>,
  geotag: Geotag | Sealed | undefined,
): Promise<Geotag | undefined> {
  if (geotag === undefined) return undefined;
  const value = isPersonalSealed(geotag) ? await keyring.open(geotag, GEOTAG_FIELD) : geotag;
  const parsed = Geotag.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** `document` with its geotag opened (or removed), for a view. */
export async function withOpenGeotag<T extends { geotag?: Geotag | Sealed }>(
  keyring: Pick<Keyring, 'open'>,
  document: T,
): Promise<Omit<T, 'geotag'> & { geotag?: Geotag }> {
  const { geotag, ...rest } = document;
  const opened = await openGeotag(keyring, geotag);
  return { ...rest, ...(opened ? { geotag: opened } : {}) };
}
