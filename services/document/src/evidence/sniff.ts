import { DocumentMediaType } from '@siks/contracts';
import { fileTypeFromFile } from 'file-type';
import { TypeMismatchError, UnsupportedTypeError } from './errors.ts';

/** What the client said the file is: its name and the part's Content-Type. Never trusted. */
export interface FileClaim {
  filename?: string | undefined;
  mimetype?: string | undefined;
}

const BY_EXTENSION: Readonly<Record<string, DocumentMediaType>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** The file type from the bytes alone (magic numbers); `undefined` when not recognised. */
export async function sniffFile(path: string): Promise<{ mime: string } | undefined> {
  const found = await fileTypeFromFile(path);
  return found ? { mime: found.mime } : undefined;
}

/**
 * The accepted media types a claim names: from the name's last extension and from the
 * declared type. Generic declarations (`application/octet-stream`) and unknown extensions
 * claim nothing. The name is only looked at as text, never used as a path.
 */
export function claimedMediaTypes(claim: FileClaim): DocumentMediaType[] {
  const claimed = new Set<DocumentMediaType>();
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(claim.filename ?? '')?.[1]?.toLowerCase();
  const byExtension = extension === undefined ? undefined : BY_EXTENSION[extension];
  if (byExtension) claimed.add(byExtension);
  const declared = DocumentMediaType.safeParse((claim.mimetype ?? '').split(';')[0]?.trim().toLowerCase());
  if (declared.success) claimed.add(declared.data);
  if (claim.mimetype?.toLowerCase().startsWith('image/jpg')) claimed.add('image/jpeg');
  return [...claimed];
}

/**
 * Decides the media type of a stored file by its bytes: JPEG, PNG or PDF, else
 * `UnsupportedTypeError`; and when the client claimed another accepted type (a PNG named
 * `.jpg`), `TypeMismatchError`.
 */
export async function decideMediaType(path: string, claim: FileClaim = {}): Promise<DocumentMediaType> {
  const sniffed = await sniffFile(path);
  const accepted = DocumentMediaType.safeParse(sniffed?.mime);
  if (!accepted.success) throw new UnsupportedTypeError(sniffed?.mime);
  const mismatch = claimedMediaTypes(claim).find((claimed) => claimed !== accepted.data);
  if (mismatch) throw new TypeMismatchError(mismatch, accepted.data);
  return accepted.data;
}
