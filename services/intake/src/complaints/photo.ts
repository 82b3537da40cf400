import { createHash } from 'node:crypto';
import { COMPLAINT_PHOTO_MAX_BYTES } from '@siks/contracts';
import { ValidationProblem } from '@siks/service-kit';

const SIGNATURES: Record<'image/jpeg' | 'image/png', Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

/**
 * A complaint's photo, decoded and checked: not larger than the limit, and its bytes are the
 * type it claims (a script or an HTML page named `image/png` is refused). Returns the bytes and
 * their SHA-256.
 */
export function checkedPhoto(photo: { mediaType: 'image/jpeg' | 'image/png'; data: string }): {
  bytes: Buffer;
  sha256: string;
} {
  const bytes = Buffer.from(photo.data, 'base64');
  if (bytes.length > COMPLAINT_PHOTO_MAX_BYTES)
    throw new ValidationProblem([{ path: 'photo.data', code: 'photo.too_large' }]);
  const signature = SIGNATURES[photo.mediaType];
  if (bytes.length < signature.length || !bytes.subarray(0, signature.length).equals(signature))
    throw new ValidationProblem([{ path: 'photo.mediaType', code: 'photo.type_mismatch' }]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
