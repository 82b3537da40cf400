/**
 * Dates as Indonesian official letters write them ("Kamis, 15 Januari 2026"). Written out here
 * rather than through `Intl` so a document reads the same whatever ICU data the Node build has.
 */
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', "Jum'at", 'Sabtu'] as const;

const parts = (date: string): { year: number; month: number; day: number } => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a calendar date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
};

/** `2026-01-15` → `15 Januari 2026`. */
export function longDate(date: string): string {
  const { year, month, day } = parts(date);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** `2026-01-15` → `Kamis`. */
export function dayName(date: string): string {
  const { year, month, day } = parts(date);
  return DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
}

/** `2026-01` → `Januari 2026`. */
export function monthName(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) throw new Error(`not a month: ${period}`);
  return `${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** Western Indonesian Time (UTC+7), where the regencies' offices print. */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date of an instant in WIB (`YYYY-MM-DD`). */
export function dateInWib(instant: Date): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as `15 Januari 2026 14.05 WIB` (Indonesian writes the time with a dot). */
export function dateTimeWib(instant: Date): string {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS).toISOString();
  return `${longDate(shifted.slice(0, 10))} ${shifted.slice(11, 13)}.${shifted.slice(14, 16)} WIB`;
}
