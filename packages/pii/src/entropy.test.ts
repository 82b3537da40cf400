import { describe, expect, it } from 'vitest';
import { createEntropy } from './entropy.ts';

describe('createEntropy', () => {
  it('hands out distinct random bytes of the length asked, across refills', () => {
    const entropy = createEntropy();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      const bytes = entropy(12);
      expect(bytes).toHaveLength(12);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(1000);
    expect(entropy(5000)).toHaveLength(5000);
  });

  it('gives copies that later calls do not change', () => {
    const entropy = createEntropy();
    const first = entropy(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 300; i += 1) entropy(32);
    expect(first.equals(copy)).toBe(true);
  });
});
