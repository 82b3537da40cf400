import { z } from 'zod';

/**
 * Where and when a photo was taken, from its EXIF. `lat`/`lon` are signed decimal degrees
 * (south and west negative); `altitude` is metres above sea level (negative below).
 * `capturedAt` is ISO 8601: with an offset when the photo states one (OffsetTimeOriginal) or
 * when it comes from the GPS clock (UTC); without an offset when the camera gave only its
 * local wall-clock time, whose zone is then unknown.
 */
export const Geotag = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  altitude: z.number().min(-12_000).max(100_000).optional(),
  capturedAt: z.iso.datetime({ offset: true, local: true }).optional(),
});
export type Geotag = z.infer<typeof Geotag>;
