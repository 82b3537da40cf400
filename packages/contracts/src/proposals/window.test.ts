import { describe, expect, it } from 'vitest';
import {
  WindowConfig,
  defaultWindowConfig,
  insideWindow,
  localDate,
  provinceUtcOffsetMinutes,
  windowKindOf,
  windowStatus,
  type WindowConfig as WindowConfigType,
} from '../index.ts';

const LOTENG = '52.02.01.2012'; // WITA
const JAKARTA = '31.71.01.1001'; // WIB
const at = (iso: string) => new Date(iso);

describe('windowStatus', () => {
  it('opens additions on the 15th–22nd, local days', () => {
    expect(windowStatus(at('2025-06-15T00:00:00+08:00'), LOTENG, 'additions', defaultWindowConfig)).toEqual({
      kind: 'additions',
      open: true,
      localDate: '2025-06-15',
    });
    expect(windowStatus(at('2025-06-22T23:59:00+08:00'), LOTENG, 'additions', defaultWindowConfig).open).toBe(true);
    expect(windowStatus(at('2025-06-23T00:00:00+08:00'), LOTENG, 'additions', defaultWindowConfig)).toEqual({
      kind: 'additions',
      open: false,
      localDate: '2025-06-23',
      opensOn: '2025-07-15',
    });
    expect(windowStatus(at('2025-06-14T23:59:00+08:00'), LOTENG, 'additions', defaultWindowConfig)).toMatchObject({
      open: false,
      opensOn: '2025-06-15',
    });
  });

  it('uses the province’s time zone: the 15th starts an hour earlier in WITA than in WIB', () => {
    const instant = at('2025-06-14T16:30:00Z');
    expect(windowStatus(instant, LOTENG, 'additions', defaultWindowConfig).open).toBe(true);
    expect(windowStatus(instant, JAKARTA, 'additions', defaultWindowConfig).open).toBe(false);
    expect(provinceUtcOffsetMinutes('94.01')).toBe(540);
    expect(provinceUtcOffsetMinutes('31.71')).toBe(420);
  });

  it('opens PBI-JK on the 1st–7th', () => {
    expect(windowStatus(at('2025-06-07T12:00:00+08:00'), LOTENG, 'pbi_jk', defaultWindowConfig).open).toBe(true);
    expect(windowStatus(at('2025-06-08T12:00:00+08:00'), LOTENG, 'pbi_jk', defaultWindowConfig)).toMatchObject({
      open: false,
      opensOn: '2025-07-01',
    });
    expect(windowStatus(at('2025-12-20T12:00:00+08:00'), LOTENG, 'pbi_jk', defaultWindowConfig)).toMatchObject({
      opensOn: '2026-01-01',
    });
  });

  it('is always open for data corrections', () => {
    expect(windowStatus(at('2025-06-30T12:00:00Z'), LOTENG, 'none', defaultWindowConfig).open).toBe(true);
  });

  it('applies a regency’s own days and offset', () => {
    const config: WindowConfigType = {
      ...defaultWindowConfig,
      regencies: { '52.02': { additions: { fromDay: 10, toDay: 12 }, utcOffsetMinutes: 420 } },
    };
    expect(windowStatus(at('2025-06-11T12:00:00Z'), LOTENG, 'additions', config).open).toBe(true);
    expect(windowStatus(at('2025-06-16T12:00:00Z'), LOTENG, 'additions', config)).toMatchObject({
      opensOn: '2025-07-10',
    });
    expect(windowStatus(at('2025-06-16T12:00:00Z'), '52.03.01.2001', 'additions', config).open).toBe(true);
    // 12 June 16:30Z is 23:30 at +7 (still the 12th) but already the 13th at +8.
    expect(windowStatus(at('2025-06-12T16:30:00Z'), LOTENG, 'additions', config).open).toBe(true);
  });

  it('wraps a range across the month end and clamps days past the month’s end', () => {
    const wrap: WindowConfigType = {
      default: { additions: { fromDay: 28, toDay: 3 }, pbiJk: { fromDay: 29, toDay: 31 } },
      regencies: {},
    };
    expect(windowStatus(at('2025-03-02T12:00:00+08:00'), LOTENG, 'additions', wrap).open).toBe(true);
    expect(windowStatus(at('2025-03-04T12:00:00+08:00'), LOTENG, 'additions', wrap)).toMatchObject({
      opensOn: '2025-03-28',
    });
    expect(windowStatus(at('2025-02-28T12:00:00+08:00'), LOTENG, 'pbi_jk', wrap).open).toBe(true);
    expect(windowStatus(at('2025-02-10T12:00:00+08:00'), LOTENG, 'pbi_jk', wrap)).toMatchObject({
      opensOn: '2025-02-28',
    });
  });

  it('reads its configuration with zod (e.g. from a JSON variable)', () => {
    const parsed = WindowConfig.parse({
      default: { additions: { fromDay: 15, toDay: 22 }, pbiJk: { fromDay: 1, toDay: 7 } },
      regencies: { '52.02': { pbiJk: { fromDay: 2, toDay: 9 } } },
    });
    expect(parsed.regencies['52.02']?.pbiJk).toEqual({ fromDay: 2, toDay: 9 });
    expect(
      WindowConfig.safeParse({ default: { additions: { fromDay: 0, toDay: 22 }, pbiJk: { fromDay: 1, toDay: 7 } } })
        .success,
    ).toBe(false);
  });
});

describe('insideWindow and localDate', () => {
  it('answer with the local calendar day of the province', () => {
    // 14th 16:30 UTC is the 15th 00:30 in WITA but still the 14th 23:30 in WIB.
    const instant = at('2025-03-14T16:30:00Z');
    expect(localDate(instant, LOTENG, defaultWindowConfig)).toBe('2025-03-15');
    expect(localDate(instant, JAKARTA, defaultWindowConfig)).toBe('2025-03-14');
    expect(insideWindow(instant, LOTENG, 'additions', defaultWindowConfig)).toBe(true);
    expect(insideWindow(instant, JAKARTA, 'additions', defaultWindowConfig)).toBe(false);
    expect(insideWindow(at('2025-03-30T03:00:00Z'), LOTENG, 'none', defaultWindowConfig)).toBe(true);
  });
});

describe('windowKindOf', () => {
  // Only the type and the programmes decide the kind (of a content or of its stored record).
  const household = (programmes: string[]) => ({ type: 'new_household' as const, household: { programmes } });

  it('classifies proposals', () => {
    expect(windowKindOf(household([]))).toBe('additions');
    expect(windowKindOf(household(['PBI_JK']))).toBe('pbi_jk');
    expect(windowKindOf(household(['PBI_JK', 'PKH']))).toBe('additions');
    expect(windowKindOf({ type: 'split_household', household: { programmes: ['PBI_JK'] } })).toBe('pbi_jk');
    expect(windowKindOf({ type: 'update' })).toBe('none');
    expect(windowKindOf({ type: 'deactivate' })).toBe('additions');
  });
});
