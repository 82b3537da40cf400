import { describe, expect, it } from 'vitest';
import { accessRegion } from './read-region.ts';

describe('accessRegion', () => {
  it('files a read under the village of the household shown', () => {
    expect(accessRegion(['52.02.01.1001'], '52.02')).toBe('52.02.01.1001');
  });

  it('files a lookup that showed several villages under their nearest common region', () => {
    expect(accessRegion(['52.02.01.1001', '52.02.01.1002'], '52')).toBe('52.02.01');
    expect(accessRegion(['52.02.01.1001', '52.01.01.1001'], '52')).toBe('52');
    expect(accessRegion(['52.02.01.1001', '51.01.01.1001'], '')).toBe('');
  });

  it('files a lookup that showed nothing under the reader’s scope', () => {
    expect(accessRegion([], '52.02')).toBe('52.02');
  });
});
