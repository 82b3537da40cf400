import { describe, expect, it } from 'vitest';
import { defaultWindowConfig, insideWindow, localDate, windowCheck, type WindowConfig } from './window.ts';

const lombok = '52.02.01.1001'; // WITA (+8)
const jakarta = '31.71.01.1001'; // WIB (+7)

describe('proposal window', () => {
  it('uses the local calendar day of the province', () => {
    // 14th 16:30 UTC is the 15th 00:30 in WITA but still the 14th 23:30 in WIB.
    const at = new Date('2025-03-14T16:30:00Z');
    expect(localDate(at, lombok, defaultWindowConfig)).toBe('2025-03-15');
    expect(insideWindow(at, lombok, 'additions', defaultWindowConfig)).toBe(true);
    expect(insideWindow(at, jakarta, 'additions', defaultWindowConfig)).toBe(false);
  });

  it('opens PBI-JK on the 1st–7th and corrections on any day', () => {
    expect(insideWindow(new Date('2025-03-03T03:00:00Z'), lombok, 'pbi_jk', defaultWindowConfig)).toBe(true);
    expect(insideWindow(new Date('2025-03-03T03:00:00Z'), lombok, 'additions', defaultWindowConfig)).toBe(false);
    expect(insideWindow(new Date('2025-03-30T03:00:00Z'), lombok, 'none', defaultWindowConfig)).toBe(true);
  });

  it('honours a per-regency override, including a range that wraps into the next month', () => {
    const config: WindowConfig = {
      ...defaultWindowConfig,
      regencies: { '52.02': { additions: { fromDay: 28, toDay: 3 } } },
    };
    expect(insideWindow(new Date('2025-03-01T03:00:00Z'), lombok, 'additions', config)).toBe(true);
    expect(insideWindow(new Date('2025-03-16T03:00:00Z'), lombok, 'additions', config)).toBe(false);
    expect(insideWindow(new Date('2025-03-16T03:00:00Z'), '52.01.01.2001', 'additions', config)).toBe(true);
  });

  it('reports pass inside, fail outside, with the local date and never without a submission', () => {
    expect(
      windowCheck({ kind: 'additions', submittedAt: '2025-03-16T03:00:00Z' }, lombok, defaultWindowConfig),
    ).toEqual({
      check: 'proposal_window',
      result: 'pass',
      reason: 'inside_window',
      details: { window: 'additions', localDate: '2025-03-16' },
    });
    expect(
      windowCheck({ kind: 'additions', submittedAt: '2025-03-25T03:00:00Z' }, lombok, defaultWindowConfig),
    ).toMatchObject({ result: 'fail', reason: 'outside_window' });
    expect(windowCheck({ kind: 'none', submittedAt: '2025-03-25T03:00:00Z' }, lombok, defaultWindowConfig).reason).toBe(
      'no_window',
    );
    expect(windowCheck({ kind: undefined, submittedAt: undefined }, lombok, defaultWindowConfig).reason).toBe(
      'not_applicable',
    );
  });
});
