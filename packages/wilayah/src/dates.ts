/** Calendar dates as plain `YYYY-MM-DD` strings: no time zone can shift them. */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function formatDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses a real `YYYY-MM-DD` date; undefined for anything else (including 2001-02-29). */
export function parseDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDate(date.year, date.month, date.day) ? date : undefined;
}

/** Today's date in UTC, used when the caller gives no `today`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The full date of a two-digit-year date `DD MM YY`: 20YY when that date exists and is not
 * after `today`, otherwise 19YY. Undefined when the day or month is impossible in that year.
 */
export function resolveTwoDigitYear(day: number, month: number, yy: number, today: string): CalendarDate | undefined {
  const recent = { year: 2000 + yy, month, day };
  const chosen =
    isValidDate(recent.year, month, day) && formatDate(recent) <= today ? recent : { year: 1900 + yy, month, day };
  return isValidDate(chosen.year, month, day) ? chosen : undefined;
}
