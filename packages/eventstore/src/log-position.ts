/**
 * Log positions are opaque strings of two unsigned integers, `"<major>:<minor>"`: on
 * PostgreSQL `"<transaction id>:<position>"`, on KurrentDB `"<commit>:<prepare>"`. Both order
 * the global log by (major, minor). The empty string is the start of the log.
 */
export interface LogPositionParts {
  major: bigint;
  minor: bigint;
}

const PATTERN = /^(\d{1,20}):(\d{1,20})$/;

export function parseLogPosition(position: string): LogPositionParts {
  if (position === '') return { major: 0n, minor: 0n };
  const match = PATTERN.exec(position);
  if (!match?.[1] || !match[2]) throw new RangeError(`not a log position: ${JSON.stringify(position.slice(0, 50))}`);
  return { major: BigInt(match[1]), minor: BigInt(match[2]) };
}

export function formatLogPosition(parts: LogPositionParts): string {
  return `${parts.major}:${parts.minor}`;
}

/** Negative when `a` comes first in the global log, 0 when equal, positive otherwise. */
export function compareLogPositions(a: string, b: string): number {
  const x = parseLogPosition(a);
  const y = parseLogPosition(b);
  if (x.major !== y.major) return x.major < y.major ? -1 : 1;
  if (x.minor !== y.minor) return x.minor < y.minor ? -1 : 1;
  return 0;
}
