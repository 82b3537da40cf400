import { preconditionFailed, preconditionRequired } from '@siks/service-kit';

/** A case's ETag: its stream revision, quoted. */
export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * The revision named by `If-Match` (`"3"`, `W/"3"` or `3`): 428 when the header is missing,
 * 412 when it names no revision (a list or `*` is not accepted for a decision).
 */
export function requireIfMatch(header: string | string[] | undefined): number {
  if (header === undefined || header === '') throw preconditionRequired();
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match?.[1]) throw preconditionFailed();
  return Number(match[1]);
}
