import { join, resolve } from 'node:path';
import { intVar, portVar, serviceConfigSchema } from '@siks/service-kit';
import { personalReadConfigShape } from '@siks/service-kit/access';
import { z } from 'zod';

/** Configuration of the document service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3002),
  ...personalReadConfigShape,
  /**
   * Time to receive a whole request: an upload of the largest file over a weak village
   * connection takes minutes, so longer than the other services' 30 s.
   */
  HTTP_REQUEST_TIMEOUT_MS: intVar(600_000),
  /** Folder of the content-addressed blob store; `<SIKS_DATA_DIR>/blobs`, else `./.data/blobs`. */
  BLOB_ROOT: z.string().min(1).optional(),
  /** The launcher's data folder (embedded default). */
  SIKS_DATA_DIR: z.string().min(1).optional(),
  /** Largest accepted evidence file, bytes; enforced while the upload streams. */
  DOCUMENT_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_073_741_824)
    .default(20 * 1024 * 1024),
  /**
   * Largest Hamming distance (of 64 bits) between two photos' difference hashes that still
   * counts as the same picture re-encoded; 0 turns perceptual matching off (SHA-256 only).
   */
  DOCUMENT_PHASH_MAX_DISTANCE: z.coerce.number().int().min(0).max(16).default(6),
  /** Refuse to decode images with more pixels than this (decompression bombs). */
  DOCUMENT_MAX_IMAGE_PIXELS: intVar(100_000_000),
  /**
   * How long a link or an upload naming a proposal this service has not seen yet waits for
   * intake's `ProposalDrafted` to arrive through the bus before it is refused (404).
   */
  DOCUMENT_PROPOSAL_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
});

export type Config = ReturnType<typeof configSchema.parse>;

/** The blob store's folder, absolute. */
export function blobRootOf(config: Pick<Config, 'BLOB_ROOT' | 'SIKS_DATA_DIR'>): string {
  return resolve(config.BLOB_ROOT ?? join(config.SIKS_DATA_DIR ?? './.data', 'blobs'));
}
