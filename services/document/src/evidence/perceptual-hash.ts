type Sharp = (typeof import('sharp'))['default'];

let sharpModule: Promise<Sharp> | undefined;
/** sharp's native library costs tens of MB of memory: load it on the first photo, not at start. */
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  return sharpModule;
}

export interface DifferenceHashOptions {
  /** Refuse to decode images with more pixels than this (decompression bombs). */
  limitInputPixels?: number;
}

/**
 * A 64-bit difference hash (dHash): the image, turned upright by its EXIF orientation, is
 * shrunk to 9×8 grey pixels and each bit says whether a pixel is brighter than its right
 * neighbour. Re-encoding, rescaling or light recompression change few bits. Returns 16 hex
 * digits, or `undefined` when the image cannot be decoded.
 */
export async function differenceHash(
  input: string | Buffer,
  options: DifferenceHashOptions = {},
): Promise<string | undefined> {
  const sharp = await loadSharp();
  let pixels: Buffer;
  try {
    pixels = await sharp(input, { limitInputPixels: options.limitInputPixels ?? 150_000_000, failOn: 'error' })
      .rotate()
      .greyscale()
      .resize(9, 8, { fit: 'fill' })
      .raw()
      .toBuffer();
  } catch {
    return undefined;
  }
  if (pixels.length !== 72) return undefined;
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const left = pixels[y * 9 + x] ?? 0;
      const right = pixels[y * 9 + x + 1] ?? 0;
      bits = (bits << 1n) | (left > right ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

/** Number of differing bits between two 16-hex-digit hashes (0 = same picture, 64 = opposite). */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/.test(a) || !/^[0-9a-f]{16}$/.test(b)) throw new RangeError('expected 16 hex digits');
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff > 0n) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return count;
}
