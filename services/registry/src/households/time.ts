const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Microseconds since the epoch of an ISO-8601 instant with an offset. The event store records
 * times to the microsecond; `Date` keeps milliseconds, so comparing through `Date` could put an
 * event recorded 0.4 ms after an instant at or before it.
 */
export function instantMicros(iso: string): bigint {
  const match = ISO.exec(iso);
  if (!match?.[1] || !match[3]) throw new RangeError('not an ISO-8601 instant with an offset');
  const seconds = Date.parse(`${match[1]}${match[3].toUpperCase()}`);
  if (Number.isNaN(seconds)) throw new RangeError('not an ISO-8601 instant with an offset');
  const fraction = (match[2] ?? '').slice(0, 6).padEnd(6, '0');
  return BigInt(seconds) * 1000n + BigInt(fraction);
}
