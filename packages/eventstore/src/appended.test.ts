import { describe, expect, it } from 'vitest';
import { earlierAppend } from './appended.ts';
import { DuplicateEventIdError } from './errors.ts';

describe('earlierAppend (the idempotency rule of both adapters)', () => {
  const at = (eventId: string, streamId: string, revision: number) => ({
    eventId,
    streamId,
    revision,
    logPosition: `1:${revision}`,
  });
  it('appends when no id is stored, answers a full retry, refuses overlaps and other streams', () => {
    expect(earlierAppend('s', ['a', 'b'], [undefined, undefined])).toBeUndefined();
    expect(earlierAppend('s', ['a', 'b'], [at('a', 's', 3), at('b', 's', 4)])).toEqual({
      nextExpectedRevision: 4,
      logPositions: ['1:3', '1:4'],
    });
    expect(() => earlierAppend('s', ['a', 'b'], [at('a', 's', 3), undefined])).toThrow(DuplicateEventIdError);
    expect(() => earlierAppend('s', ['a'], [at('a', 't', 0)])).toThrow(DuplicateEventIdError);
  });
});
