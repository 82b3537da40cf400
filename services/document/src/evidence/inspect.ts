import type { DocumentMediaType, Geotag } from '@siks/contracts';
import { readGeotag } from './exif.ts';
import { differenceHash } from './perceptual-hash.ts';
import { decideMediaType, type FileClaim } from './sniff.ts';

export interface Inspection {
  mediaType: DocumentMediaType;
  geotag?: Geotag;
  perceptualHash?: string;
}

export interface InspectOptions {
  /** Compute a dHash of images (needs sharp); on by default. */
  perceptualHash?: boolean;
  limitInputPixels?: number;
}

/**
 * Everything the service learns from a file's bytes: its type (throws `UnsupportedTypeError`
 * or `TypeMismatchError`), and for photos the EXIF geotag and a perceptual hash. Reads from
 * disk; never loads more than the EXIF blocks and the decoder's working set.
 */
export async function inspectEvidence(
  path: string,
  claim: FileClaim,
  options: InspectOptions = {},
): Promise<Inspection> {
  const mediaType = await decideMediaType(path, claim);
  if (mediaType === 'application/pdf') return { mediaType };
  const [geotag, perceptualHash] = await Promise.all([
    readGeotag(path),
    options.perceptualHash === false
      ? Promise.resolve(undefined)
      : differenceHash(
          path,
          options.limitInputPixels === undefined ? {} : { limitInputPixels: options.limitInputPixels },
        ),
  ]);
  return {
    mediaType,
    ...(geotag ? { geotag } : {}),
    ...(perceptualHash ? { perceptualHash } : {}),
  };
}
