/** Display helpers (pure). */

export function formatDateTime(iso: string | undefined | null, lang: 'id' | 'en'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(value: number, lang: 'id' | 'en'): string {
  return value.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB');
}

/** Metres as "850 m" or "2,4 km". */
export function formatDistance(metres: number, lang: 'id' | 'en'): string {
  if (metres < 1000) return `${Math.round(metres)} m`;
  return `${(metres / 1000).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 })} km`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A JSON value for a before → after display. */
export function displayValue(value: unknown): string {
  if (value === undefined) return '∅';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `snake_case_code` → `snake case code` (for instrument codes without a translation). */
export function humanize(code: string): string {
  return code.replace(/_/g, ' ');
}

/** A month as people write it: `2026-11` → "November 2026" (the text itself when malformed). */
export function formatMonth(period: string, lang: 'id' | 'en'): string {
  const [year, month] = period.split('-').map(Number);
  if (!year || !month) return period;
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A duration in hours in the unit people use: "12 menit", "3,5 jam", "2,1 hari". */
export function formatHours(hours: number, lang: 'id' | 'en'): string {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const number = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
  if (hours < 1) {
    const minutes = Math.max(1, Math.round(hours * 60));
    return `${minutes} ${lang === 'id' ? 'menit' : minutes === 1 ? 'minute' : 'minutes'}`;
  }
  if (hours < 48) return `${number(hours)} ${lang === 'id' ? 'jam' : 'h'}`;
  return `${number(hours / 24)} ${lang === 'id' ? 'hari' : 'days'}`;
}
