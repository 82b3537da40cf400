import { createFileSigner, type FileSigner } from '@siks/service-kit';

/** Imports the export signing key on first use (a bad key fails that request, and the next). */
export function lazySigner(privateKey: string): () => Promise<FileSigner> {
  let signer: Promise<FileSigner> | undefined;
  return () => (signer ??= createFileSigner(privateKey));
}
