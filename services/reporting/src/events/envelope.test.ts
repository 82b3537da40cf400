import { describe, expect, it } from 'vitest';
import { MalformedEventError, parseEnvelope } from './envelope.ts';
import { recorded } from './fixtures.ts';

describe('parseEnvelope', () => {
  it('accepts a relayed event and refuses what no projection could use', () => {
    const event = recorded('proposal-x', 'ProposalDrafted', {});
    expect(parseEnvelope(JSON.stringify(event))).toEqual(event);
    for (const broken of [
      'not json',
      '[]',
      JSON.stringify({ ...event, eventId: 'nope' }),
      JSON.stringify({ ...event, revision: -1 }),
      JSON.stringify({ ...event, data: null }),
      JSON.stringify({ ...event, metadata: { actor: { userId: 'x' } } }),
    ]) {
      expect(() => parseEnvelope(broken)).toThrow(MalformedEventError);
    }
  });
});
