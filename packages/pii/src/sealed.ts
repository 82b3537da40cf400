/**
 * A personal value sealed with its subject's data key: JSON-safe, so it can sit inside an
 * event's data. `sub` is the pseudonymous subject id (never a NIK); `iv`, `ct` and `tag` are
 * base64 (AES-256-GCM nonce, ciphertext of the value's JSON, authentication tag).
 *
 * Two versions are read: `$sealed: 1` (written before the field was bound; its AAD names the
 * subject only) and `$sealed: 2`, whose AAD names the subject and the field `f` (e.g. `member`,
 * `household`, `geotag`), so a ciphertext moved to another subject or to another field of the
 * same subject no longer opens. Every new value is written as version 2.
 */
export interface Sealed {
  $sealed: 1 | 2;
  sub: string;
  /** The field the value belongs to (version 2 only). */
  f?: string | undefined;
  iv: string;
  ct: string;
  tag: string;
}

/** The field name of a value sealed without one (callers that name none). */
export const DEFAULT_FIELD = 'value';

export function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const version = candidate['$sealed'];
  return (
    (version === 1 || (version === 2 && typeof candidate['f'] === 'string')) &&
    typeof candidate['sub'] === 'string' &&
    typeof candidate['iv'] === 'string' &&
    typeof candidate['ct'] === 'string' &&
    typeof candidate['tag'] === 'string'
  );
}
