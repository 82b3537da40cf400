import { describe, expect, it } from 'vitest';
import { limiter } from './limit.ts';

describe('limiter', () => {
  it('runs at most max at once, all of them in the end, and passes results and errors through', async () => {
    const limit = limiter(2);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = (value: number) =>
      limit(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        if (value === 3) throw new Error('three');
        return value * 10;
      });
    const all = Promise.allSettled([1, 2, 3, 4, 5].map(work));
    while (releases.length < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(running).toBeLessThanOrEqual(2);
      releases.splice(0).forEach((release) => release());
      if (releases.length === 0 && running === 0) break;
    }
    const results = await all;
    expect(most).toBe(2);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'error'))).toEqual([
      10,
      20,
      'error',
      40,
      50,
    ]);
  });
});
