import { ProblemError } from '@siks/service-kit';
import { describe, expect, it } from 'vitest';
import { etagOf, requireIfMatch } from './etag.ts';

const statusOf = (run: () => unknown): number | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ProblemError ? error.status : -1;
  }
};

describe('If-Match', () => {
  it('round-trips the ETag of a revision, weak or bare too', () => {
    expect(etagOf(4)).toBe('"4"');
    expect(requireIfMatch(etagOf(4))).toBe(4);
    expect(requireIfMatch('W/"12"')).toBe(12);
    expect(requireIfMatch('0')).toBe(0);
  });

  it('answers 428 without the header and 412 for anything but one revision', () => {
    expect(statusOf(() => requireIfMatch(undefined))).toBe(428);
    expect(statusOf(() => requireIfMatch(''))).toBe(428);
    expect(statusOf(() => requireIfMatch('*'))).toBe(412);
    expect(statusOf(() => requireIfMatch('"1", "2"'))).toBe(412);
    expect(statusOf(() => requireIfMatch('"abc"'))).toBe(412);
  });
});
