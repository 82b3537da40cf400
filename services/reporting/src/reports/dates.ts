/** Calendar arithmetic on `YYYY-MM-DD` dates (no time zone: they are already local dates). */

export type Interval = 'day' | 'week' | 'month';

const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtc = (date: Date): string => date.toISOString().slice(0, 10);

/** Today's date in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The first day of the interval holding `date` (weeks start on Monday, as ISO and `date_trunc` count). */
export function startOf(date: string, interval: Interval): string {
  const day = toUtc(date);
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  if (interval === 'week') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return fromUtc(day);
}

/** `date` moved by `count` intervals (months keep the first of the month). */
export function addIntervals(date: string, interval: Interval, count: number): string {
  const day = toUtc(date);
  if (interval === 'day') day.setUTCDate(day.getUTCDate() + count);
  else if (interval === 'week') day.setUTCDate(day.getUTCDate() + 7 * count);
  else day.setUTCMonth(day.getUTCMonth() + count);
  return fromUtc(day);
}

/** How many buckets of `interval` the dates span, both ends included. */
export function bucketCount(from: string, to: string, interval: Interval): number {
  const a = startOf(from, interval);
  const b = startOf(to, interval);
  if (interval === 'month') {
    return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7)) + 1;
  }
  const days = Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
  return Math.floor(days / (interval === 'week' ? 7 : 1)) + 1;
}

/** Default range: the last 30 days, 12 weeks or 12 months up to today. */
export function defaultFrom(to: string, interval: Interval): string {
  const count = interval === 'day' ? 29 : 11;
  return addIntervals(startOf(to, interval), interval, -count);
}

/** The first day of month `yyyy-mm` and of the month after it. */
export function monthBounds(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addIntervals(from, 'month', 1) };
}

/** `timeZone`'s offset from UTC in minutes at noon UTC of `date` (`GMT+08:00` → 480). */
export function utcOffsetMinutes(timeZone: string, date: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!match) return Number.NaN;
  if (!match[1]) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}
