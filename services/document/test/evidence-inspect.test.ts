import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeMismatchError, UnsupportedTypeError } from '../src/evidence/errors.ts';
import { readGeotag } from '../src/evidence/exif.ts';
import { inspectEvidence } from '../src/evidence/inspect.ts';
import { differenceHash, hammingDistance } from '../src/evidence/perceptual-hash.ts';
import { decideMediaType, sniffFile } from '../src/evidence/sniff.ts';
import { fixture } from './evidence-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'siks-evidence-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('type sniffing by bytes', () => {
  it.each([
    ['photo-gps.jpg', 'image/jpeg'],
    ['photo-gps-utc.jpg', 'image/jpeg'],
    ['photo-no-exif.jpg', 'image/jpeg'],
    ['image.png', 'image/png'],
    ['document.pdf', 'application/pdf'],
  ] as const)('%s is %s', async (name, mediaType) => {
    expect(await decideMediaType(fixture(name))).toBe(mediaType);
  });

  it('refuses a text file named .jpg, whatever it claims', async () => {
    expect(await sniffFile(fixture('not-a-photo.jpg'))).toBeUndefined();
    const error = await decideMediaType(fixture('not-a-photo.jpg'), {
      filename: 'rumah.jpg',
      mimetype: 'image/jpeg',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedTypeError);
    expect(error).toMatchObject({ code: 'unsupported_file_type', status: 415, params: { detected: 'unknown' } });
  });

  it('refuses a PNG that claims to be a JPEG', async () => {
    const error = await decideMediaType(fixture('image.png'), { filename: 'rumah.jpg' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeMismatchError);
    expect(error).toMatchObject({
      code: 'file_type_mismatch',
      params: { claimed: 'image/jpeg', detected: 'image/png' },
    });
  });

  it('refuses a recognised but unaccepted type (GIF) by name of what it is', async () => {
    const gif = join(dir, 'tiny.gif');
    await writeFile(
      gif,
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
        .gif()
        .toBuffer(),
    );
    await expect(decideMediaType(gif)).rejects.toMatchObject({ code: 'unsupported_file_type', detected: 'image/gif' });
  });
});

describe('EXIF geotag', () => {
  it('reads signed GPS degrees, altitude and the capture time with its offset', async () => {
    expect(await readGeotag(fixture('photo-gps.jpg'))).toEqual({
      lat: -8.7056,
      lon: 116.2706,
      altitude: 112.5,
      capturedAt: '2025-03-10T09:15:30+08:00',
    });
  });

  it('takes the GPS clock (UTC) when there is no offset, and a negative altitude', async () => {
    expect(await readGeotag(fixture('photo-gps-utc.jpg'))).toEqual({
      lat: 6.2,
      lon: -75.5,
      altitude: -3,
      capturedAt: '2025-03-10T01:15:30Z',
    });
  });

  it('gives nothing for a photo without EXIF, a PNG, a PDF or garbage', async () => {
    for (const name of ['photo-no-exif.jpg', 'image.png', 'document.pdf', 'not-a-photo.jpg']) {
      expect(await readGeotag(fixture(name))).toBeUndefined();
    }
  });
});

describe('perceptual hash', () => {
  it('finds the same picture re-encoded, resized and stripped of EXIF', async () => {
    const original = await differenceHash(fixture('photo-gps.jpg'));
    const reencoded = await sharp(fixture('photo-gps.jpg')).resize(160).jpeg({ quality: 40 }).toBuffer();
    const copy = await differenceHash(reencoded);
    const other = await differenceHash(fixture('image.png'));
    expect(original).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(original!, copy!)).toBeLessThanOrEqual(8); // 5 of 64 bits measured
    expect(hammingDistance(original!, other!)).toBeGreaterThan(20); // 34 measured
    expect(await differenceHash(fixture('photo-no-exif.jpg'))).toBe(original);
  });

  it('is undefined for bytes that do not decode', async () => {
    expect(await differenceHash(fixture('not-a-photo.jpg'))).toBeUndefined();
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000f0', '0000000000000010')).toBe(3);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(RangeError);
  });
});

describe('inspectEvidence', () => {
  it('returns type, geotag and hash for a photo; only the type for a PDF', async () => {
    const photo = await inspectEvidence(fixture('photo-gps.jpg'), { filename: 'rumah-depan.jpg' });
    expect(photo).toMatchObject({ mediaType: 'image/jpeg', geotag: { lat: -8.7056, lon: 116.2706 } });
    expect(photo.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
    expect(await inspectEvidence(fixture('document.pdf'), { filename: 'ba.pdf' })).toEqual({
      mediaType: 'application/pdf',
    });
    expect(await inspectEvidence(fixture('image.png'), {}, { perceptualHash: false })).toEqual({
      mediaType: 'image/png',
    });
  });
});
