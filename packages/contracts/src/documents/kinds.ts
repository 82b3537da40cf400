import { z } from 'zod';

/** Kinds of evidence (DOMAIN.md "Evidence"). */
export const DocumentKind = z.enum(['berita_acara', 'daftar_hadir', 'foto_rumah', 'stpjm', 'ktp', 'kk']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** The only accepted file types, as decided from the file's bytes (never from its name). */
export const DocumentMediaType = z.enum(['image/jpeg', 'image/png', 'application/pdf']);
export type DocumentMediaType = z.infer<typeof DocumentMediaType>;

/** Lower-case hex SHA-256 of a file's bytes: the blob's content address. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256_invalid');
export type Sha256Hex = z.infer<typeof Sha256Hex>;

/**
 * A 64-bit difference hash (dHash) of an image as 16 lower-case hex digits. Two encodings of
 * the same picture differ in a few bits; compare with a Hamming distance, not with `===`.
 */
export const PerceptualHash = z.string().regex(/^[0-9a-f]{16}$/, 'perceptual_hash_invalid');
export type PerceptualHash = z.infer<typeof PerceptualHash>;
