import { randomInt } from 'node:crypto';
import { insertExif } from '@siks/testing/exif';

export interface PhotoSpec {
  lat: number;
  lon: number;
  /** When it was taken; default now. */
  takenAt?: Date;
  /** Minutes east of UTC the camera's clock ran at (`OffsetTimeOriginal`); default +08:00 (WITA). */
  utcOffsetMinutes?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY:MM:DD HH:MM:SS` of `at` on a clock `offset` minutes east of UTC, and the `+HH:MM` tag. */
function exifTime(at: Date, offset: number): { local: string; offset: string } {
  const shifted = new Date(at.getTime() + offset * 60_000);
  const local =
    `${shifted.getUTCFullYear()}:${pad(shifted.getUTCMonth() + 1)}:${pad(shifted.getUTCDate())} ` +
    `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return { local, offset: `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}` };
}

/**
 * A real JPEG (a house drawn with random colours, so every call gives a different photo and a
 * different SHA-256) with GPS EXIF at `lat`/`lon` and `DateTimeOriginal` = `takenAt`.
 */
export async function geotaggedJpeg(spec: PhotoSpec): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const width = 160;
  const height = 120;
  const wall = [randomInt(150, 240), randomInt(120, 220), randomInt(80, 200)];
  const roof = [randomInt(100, 200), randomInt(20, 80), randomInt(20, 80)];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour = [110 + (y >> 1), 160 + (y >> 2), 235];
      if (y > 90) colour = [80, 140 - (y - 90), 60];
      else if (y >= 25 && y < 45 && Math.abs(x - 80) <= (y - 25) * 3 + 6) colour = roof;
      else if (x >= 40 && x < 120 && y >= 45 && y <= 90) colour = wall;
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  const time = exifTime(spec.takenAt ?? new Date(), spec.utcOffsetMinutes ?? 480);
  return insertExif(jpeg, {
    make: 'SIKS browser test',
    dateTimeOriginal: time.local,
    offsetTimeOriginal: time.offset,
    gps: { lat: spec.lat, lon: spec.lon, altitude: 100 },
  });
}
