import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { BlobNotFoundError, EmptyFileError, InvalidBlobIdError, TooLargeError } from './errors.ts';

export interface PutOptions {
  /** Largest accepted size in bytes; one byte more and the write is aborted. */
  maxBytes: number;
}

export interface StoredBlob {
  sha256: string;
  size: number;
  /** Absolute path of the blob (`<root>/<aa>/<bb>/<sha256>`). */
  path: string;
  /** false when the same bytes were already stored (the new copy was dropped). */
  created: boolean;
}

/**
 * Bytes written to a temporary file, hashed and counted, not yet visible under their content
 * address. Inspect `tempPath`, then `commit()` or `discard()` (exactly one of them).
 */
export interface StagedBlob {
  sha256: string;
  size: number;
  tempPath: string;
  commit(): Promise<StoredBlob>;
  /**
   * Keeps the bytes sealed under `id` (a document id) instead of their content address: `seal`
   * encrypts them (with the document's own key, so forgetting it makes them unreadable); the
   * clear temporary file is removed.
   */
  commitSealed(id: string, seal: (bytes: Buffer) => Promise<Buffer>): Promise<StoredBlob>;
  discard(): Promise<void>;
}

export interface BlobStore {
  readonly root: string;
  /** Streams `source` to a temporary file under the root while hashing and counting it. */
  stage(source: Readable, options: PutOptions): Promise<StagedBlob>;
  /** `stage` then `commit`. */
  put(source: Readable, options: PutOptions): Promise<StoredBlob>;
  /** The blob's bytes; the stream fails with `BlobNotFoundError` when there is none. */
  open(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
  /** Absolute path a blob has (or would have); throws `InvalidBlobIdError` for a bad id. */
  pathOf(sha256: string): string;
  /** Deletes leftover temporary files (of a crashed process). Call only when nothing is staging. */
  clearTemp(): Promise<number>;
  /** The sealed bytes kept under `id` (`commitSealed`), or undefined when there are none. */
  readSealed(id: string): Promise<Buffer | undefined>;
  /** Path of the sealed bytes of `id` (`<root>/sealed/<aa>/<id>`); throws `InvalidBlobIdError` for a bad id. */
  sealedPathOf(id: string): string;
  /** Deletes the sealed bytes of `id` and, given `sha256`, the clear blob at that address. Idempotent. */
  remove(id: string, sha256?: string): Promise<void>;
}

export interface BlobStoreOptions {
  /** Folder of the store; temporary files go to `<root>/.tmp` (same file system, so renames are atomic). */
  root: string;
  /** Names temporary files; random by default. */
  tempName?: () => string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A content-addressed blob store on the file system. Blobs live at `<root>/<aa>/<bb>/<sha256>`;
 * the only path component ever derived from input is the hex digest, checked against
 * `SHA256_HEX`, so no client-supplied name can reach the file system.
 */
export function createBlobStore(options: BlobStoreOptions): BlobStore {
  const root = options.root;
  const tempDir = join(root, '.tmp');
  const tempName = options.tempName ?? (() => randomUUID());

  const pathOf = (sha256: string): string => {
    if (!SHA256_HEX.test(sha256)) throw new InvalidBlobIdError();
    return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  const sealedPathOf = (id: string): string => {
    if (!UUID.test(id)) throw new InvalidBlobIdError();
    return join(root, 'sealed', id.slice(0, 2), id);
  };

  async function stage(source: Readable, { maxBytes }: PutOptions): Promise<StagedBlob> {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a positive integer');
    // The source may fail before the loop below listens; its error is rethrown by the loop.
    const ignore = (): void => undefined;
    source.on('error', ignore);
    try {
      return await stageFrom(source, maxBytes);
    } finally {
      source.off('error', ignore);
    }
  }

  async function stageFrom(source: Readable, maxBytes: number): Promise<StagedBlob> {
    await mkdir(tempDir, { recursive: true });
    const tempPath = join(tempDir, `${tempName()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(tempPath, 'wx', 0o600);
    try {
      // Pulling chunk by chunk keeps back-pressure: nothing is read ahead of the disk, and
      // leaving the loop early (throw) destroys the source, so an over-long upload stops here.
      for await (const chunk of source) {
        const bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
        size += bytes.byteLength;
        if (size > maxBytes) throw new TooLargeError(maxBytes);
        hash.update(bytes);
        await file.write(bytes);
      }
      if (size === 0) throw new EmptyFileError();
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(tempPath, { force: true });
      throw error;
    }
    await file.close();

    const sha256 = hash.digest('hex');
    let settled = false;
    return {
      sha256,
      size,
      tempPath,
      async commit() {
        if (settled) throw new Error('staged blob already committed or discarded');
        settled = true;
        const path = pathOf(sha256);
        if (await exists(path)) {
          await rm(tempPath, { force: true });
          return { sha256, size, path, created: false };
        }
        await mkdir(join(root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
        // Two concurrent commits of the same bytes both rename; the second atomically replaces
        // identical content, so readers never see a partial file.
        await rename(tempPath, path);
        return { sha256, size, path, created: true };
      },
      async commitSealed(id, seal) {
        if (settled) throw new Error('staged blob already committed or discarded');
        settled = true;
        const path = sealedPathOf(id);
        try {
          const sealed = await seal(await readFile(tempPath));
          await mkdir(join(root, 'sealed', id.slice(0, 2)), { recursive: true });
          // Written beside its place and renamed: readers never see a partial file.
          const part = join(tempDir, `${tempName()}.part`);
          await writeFile(part, sealed, { mode: 0o600, flag: 'wx' });
          await rename(part, path);
        } finally {
          await rm(tempPath, { force: true });
        }
        return { sha256, size, path, created: true };
      },
      async discard() {
        if (settled) return;
        settled = true;
        await rm(tempPath, { force: true });
      },
    };
  }

  return {
    root,
    stage,
    pathOf,
    async put(source, putOptions) {
      const staged = await stage(source, putOptions);
      return staged.commit();
    },
    open(sha256) {
      const path = pathOf(sha256);
      const out = new PassThrough();
      const input = createReadStream(path);
      input.on('error', (error: NodeJS.ErrnoException) => {
        out.destroy(error.code === 'ENOENT' ? new BlobNotFoundError() : error);
      });
      out.on('close', () => input.destroy());
      return input.pipe(out);
    },
    async has(sha256) {
      return exists(pathOf(sha256));
    },
    sealedPathOf,
    async readSealed(id) {
      try {
        return await readFile(sealedPathOf(id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(id, sha256) {
      await rm(sealedPathOf(id), { force: true });
      if (sha256 !== undefined) await rm(pathOf(sha256), { force: true });
    },
    async clearTemp() {
      const names = await readdir(tempDir).catch(() => [] as string[]);
      const parts = names.filter((name) => name.endsWith('.part'));
      await Promise.all(parts.map((name) => rm(join(tempDir, name), { force: true })));
      return parts.length;
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
