import { describe, expect, it } from 'vitest';
import { decodeKey } from './crypto.ts';

describe('decodeKey', () => {
  it('accepts 32 bytes of base64', () => {
    const key = Buffer.alloc(32, 1);
    expect(decodeKey(key.toString('base64'), 'PII_MASTER_KEY').equals(key)).toBe(true);
  });

  it('names the setting but never echoes the value', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => decodeKey(short, 'PII_MASTER_KEY')).toThrow(/^PII_MASTER_KEY must be 32 bytes/);
    try {
      decodeKey('not base64 at all!', 'PII_MASTER_KEY');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('not base64');
    }
  });
});
