/**
 * A personal value sealed with its subject's data key: JSON-safe, so it can sit inside an
 * event's data. `sub` is the pseudonymous subject id (never a NIK); `iv`, `ct` and `tag` are
 * base64 (AES-256-GCM nonce, ciphertext of the value's JSON, authentication tag).
 */
export interface Sealed {
  $sealed: 1;
  sub: string;
  iv: string;
  ct: string;
  tag: string;
}

export function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate['$sealed'] === 1 &&
    typeof candidate['sub'] === 'string' &&
    typeof candidate['iv'] === 'string' &&
    typeof candidate['ct'] === 'string' &&
    typeof candidate['tag'] === 'string'
  );
}
