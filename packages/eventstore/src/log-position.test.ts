import { describe, expect, it } from 'vitest';
import { compareLogPositions, formatLogPosition, parseLogPosition } from './log-position.ts';

describe('log positions', () => {
  it('orders by the first number, then the second, numerically', () => {
    const sorted = ['10:1', '9:20', '9:3', '', '9:100', '10:0'].sort(compareLogPositions);
    expect(sorted).toEqual(['', '9:3', '9:20', '9:100', '10:0', '10:1']);
  });

  it('round-trips through parse and format, beyond 2^53', () => {
    const position = '18446744073709551615:9007199254740993';
    expect(formatLogPosition(parseLogPosition(position))).toBe(position);
  });

  it('treats the empty string as the start of the log', () => {
    expect(parseLogPosition('')).toEqual({ major: 0n, minor: 0n });
  });

  it('rejects anything else', () => {
    for (const bad of ['1', '1:', ':1', '-1:2', '1:2:3', 'a:b', ' 1:2']) {
      expect(() => parseLogPosition(bad)).toThrow(RangeError);
    }
  });
});
