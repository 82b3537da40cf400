import { ValidationProblem } from '@siks/service-kit';
import { dateInWib } from '../applying/plan.ts';

/** The month (`YYYY-MM`) an instant falls in, in Western Indonesian Time. */
export const periodOf = (instant: Date): string => dateInWib(instant.toISOString()).slice(0, 7);

/**
 * A cut-off fixes what the regency sends for a month, so it is for a finished month. The
 * current month only with an explicit confirmation (a regency that must send early), a future
 * one never: both answer 400 with the field error on `period` so a form can mark it.
 */
export function assertCutoffPeriod(period: string, now: Date, confirmUnfinished: boolean): void {
  const current = periodOf(now);
  if (period > current) throw new ValidationProblem([{ path: 'period', code: 'period.future', params: { current } }]);
  if (period === current && !confirmUnfinished)
    throw new ValidationProblem([{ path: 'period', code: 'period.unfinished', params: { current } }]);
}
