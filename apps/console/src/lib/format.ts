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
