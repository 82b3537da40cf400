import { describe, expect, it } from 'vitest';
import { loadMapRegions } from '../bench/map-regions.ts';
import { loadRegions, type Region, type Regions } from '../src/regions.ts';

/**
 * The compact index answers exactly as the former one (a `Map` of `Region` objects built from
 * idn-area-data's own parser) for every one of the 91,599 official codes, and for made-up ones.
 */
describe('compact index against the former object index', async () => {
  const compact = await loadRegions();
  const former = await loadMapRegions();
  const all: string[] = [];
  const walk = (code: string): void => {
    for (const child of former.childrenOf(code)) {
      all.push(child.code);
      walk(child.code);
    }
  };
  walk('');

  const differences = (ask: (regions: Regions, code: string) => unknown, codes: readonly string[]): string[] =>
    codes.filter((code) => JSON.stringify(ask(compact, code)) !== JSON.stringify(ask(former, code)));

  it('holds the same codes', () => {
    expect(all.length).toBe(38 + 514 + 7285 + 83762);
    expect(compact.counts).toEqual(former.counts);
  });

  it('answers get, exists, level and parentOf alike for every code', () => {
    expect(differences((regions, code) => regions.get(code), all)).toEqual([]);
    expect(differences((regions, code) => [regions.exists(code), regions.level(code)], all)).toEqual([]);
    expect(differences((regions, code) => regions.parentOf(code), all)).toEqual([]);
  });

  it('answers the level lookups alike', () => {
    const levels = (regions: Regions, code: string): (Region | undefined)[] => [
      regions.province(code),
      regions.regency(code),
      regions.district(code),
      regions.village(code),
    ];
    expect(
      differences(
        levels,
        all.filter((_, index) => index % 7 === 0),
      ),
    ).toEqual([]);
  });

  it('lists the same children of every region', () => {
    expect(differences((regions, code) => regions.childrenOf(code), ['', ...all])).toEqual([]);
  });

  it('agrees on made-up codes next to real ones', () => {
    const near = all
      .filter((_, index) => index % 3 === 0)
      .flatMap((code) => {
        const cut = code.lastIndexOf('.') + 1;
        const last = Number(code.slice(cut)) + 1;
        return [`${code.slice(0, cut)}${String(last).padStart(code.length - cut, '0')}`, `${code}.`, code.slice(1)];
      });
    expect(differences((regions, code) => [regions.get(code), regions.childrenOf(code)], near)).toEqual([]);
  });
});
