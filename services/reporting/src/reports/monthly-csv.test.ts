import { describe, expect, it } from 'vitest';
import { monthlyCsv } from './monthly-csv.ts';
import type { MonthlyReport, MonthlyRow } from './monthly.ts';

const numbers = {
  submitted: 1,
  verified: 0,
  returned: 0,
  rejected: 0,
  approved: 0,
  applied: 0,
  householdsRegistered: 0,
  householdsDeactivated: 0,
  householdsActive: 0,
};
const row = (name: string): MonthlyRow => ({ code: '52.02.01.1001', name, ...numbers });

describe('monthly CSV', () => {
  it('defuses every cell a spreadsheet would run as a formula, a leading tab or CR included', () => {
    const names = ['=1+1', '+SUM(A1)', '-2', '@cmd', '\t=HYPERLINK("x")', '\r=1', 'Praya'];
    const report = { region: { code: '52.02' }, totals: numbers, rows: names.map(row) } as unknown as MonthlyReport;
    const lines = monthlyCsv(report, 'en')
      .split('\r\n')
      .slice(1, 1 + names.length);
    const cells = lines.map((line) => line.split(',')[1]);
    expect(cells.slice(0, 4)).toEqual(["'=1+1", "'+SUM(A1)", "'-2", "'@cmd"]);
    // A quoted field: the apostrophe comes first inside the quotes.
    expect(lines[4]).toContain(`"'\t=HYPERLINK(""x"")"`);
    expect(monthlyCsv(report, 'en')).toContain(`"'\r=1"`);
    expect(cells[6]).toBe('Praya');
  });
});
