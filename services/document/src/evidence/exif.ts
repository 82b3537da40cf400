import type { Geotag } from '@siks/contracts';
import exifr from 'exifr';

/** Only the EXIF blocks the geotag needs; no maker notes, XMP, ICC or thumbnails. */
const OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  interop: false,
  ifd1: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  reviveValues: false,
  translateValues: false,
  translateKeys: true,
  sanitize: true,
  mergeOutput: true,
} satisfies Parameters<typeof exifr.parse>[1];

type Raw = Readonly<Record<string, unknown>>;

/**
 * The geotag of a photo (JPEG or PNG), or `undefined` when it has no usable GPS position.
 * Latitude/longitude become signed decimal degrees (S and W negative), rounded to 1e-7°
 * (~1 cm); a position of exactly 0,0 (a receiver without a fix) counts as none. The capture
 * time is, in order of preference: DateTimeOriginal with OffsetTimeOriginal; the GPS clock
 * (UTC); DateTimeOriginal alone (local time, zone unknown). Unreadable EXIF gives `undefined`.
 */
export async function readGeotag(file: string | Uint8Array): Promise<Geotag | undefined> {
  let raw: Raw | undefined;
  try {
    raw = (await exifr.parse(file instanceof Uint8Array ? Buffer.from(file) : file, OPTIONS)) as Raw | undefined;
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  const lat = coordinate(raw.GPSLatitude, raw.GPSLatitudeRef, 'S', 90);
  const lon = coordinate(raw.GPSLongitude, raw.GPSLongitudeRef, 'W', 180);
  if (lat === undefined || lon === undefined || (lat === 0 && lon === 0)) return undefined;
  const geotag: Geotag = { lat, lon };
  const altitude = altitudeOf(raw.GPSAltitude, raw.GPSAltitudeRef);
  if (altitude !== undefined) geotag.altitude = altitude;
  const capturedAt = captureTime(raw);
  if (capturedAt !== undefined) geotag.capturedAt = capturedAt;
  return geotag;
}

function coordinate(value: unknown, ref: unknown, negativeRef: string, max: number): number | undefined {
  const parts = Array.isArray(value) ? value : typeof value === 'number' ? [value] : undefined;
  if (!parts || parts.length === 0 || parts.length > 3) return undefined;
  if (!parts.every((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0)) return undefined;
  const [deg = 0, min = 0, sec = 0] = parts;
  const abs = deg + min / 60 + sec / 3600;
  if (abs > max) return undefined;
  const sign = typeof ref === 'string' && ref.trim().toUpperCase() === negativeRef ? -1 : 1;
  return (sign * Math.round(abs * 1e7)) / 1e7 || 0;
}

function altitudeOf(value: unknown, ref: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100_000) return undefined;
  const refValue = ref instanceof Uint8Array ? ref[0] : typeof ref === 'number' ? ref : 0;
  return ((refValue === 1 ? -1 : 1) * Math.round(value * 100)) / 100 || 0;
}

const EXIF_DATE_TIME = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})$/;
const OFFSET = /^[+-](\d{2}):(\d{2})$/;

function captureTime(raw: Raw): string | undefined {
  const local = localDateTime(raw.DateTimeOriginal);
  const offset = typeof raw.OffsetTimeOriginal === 'string' ? raw.OffsetTimeOriginal.trim() : undefined;
  const offsetMatch = offset === undefined ? null : OFFSET.exec(offset);
  if (local && offset && offsetMatch && Number(offsetMatch[1]) <= 14 && Number(offsetMatch[2]) < 60) {
    return `${local}${offset}`;
  }
  const gps = gpsDateTime(raw.GPSDateStamp, raw.GPSTimeStamp);
  if (gps) return gps;
  return local;
}

function localDateTime(value: unknown): string | undefined {
  const m = typeof value === 'string' ? EXIF_DATE_TIME.exec(value.trim()) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
}

function gpsDateTime(date: unknown, time: unknown): string | undefined {
  const m = typeof date === 'string' ? EXIF_DATE.exec(date.trim()) : null;
  if (!m || !Array.isArray(time) || time.length !== 3) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = time.map((n) => (typeof n === 'number' && Number.isFinite(n) ? Math.floor(n) : -1)) as [
    number,
    number,
    number,
  ];
  if (!validDate(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${two(h)}:${two(mi)}:${two(s)}Z`;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
