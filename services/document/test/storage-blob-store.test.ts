import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore, type BlobStore } from '../src/storage/blob-store.ts';
import { BlobNotFoundError, EmptyFileError, InvalidBlobIdError, TooLargeError } from '../src/storage/errors.ts';

const roots: string[] = [];
let root: string;
let store: BlobStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'siks-blobs-'));
  roots.push(root);
  store = createBlobStore({ root });
});
afterAll(async () => {
  await Promise.all(roots.map((dir) => rm(dir, { recursive: true, force: true })));
});

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const chunks = (...parts: string[]): Readable => Readable.from(parts.map((part) => Buffer.from(part)));
const tempFiles = async (): Promise<string[]> => readdir(join(root, '.tmp')).catch(() => []);

/** Listing of every file under the root, relative paths. */
async function allFiles(dir = root, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await allFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe('blob store', () => {
  it('stores bytes under <aa>/<bb>/<sha256> and reads them back', async () => {
    const stored = await store.put(chunks('hello ', 'world'), { maxBytes: 100 });
    const hash = sha256('hello world');
    expect(stored).toEqual({
      sha256: hash,
      size: 11,
      path: join(root, hash.slice(0, 2), hash.slice(2, 4), hash),
      created: true,
    });
    expect(await readFile(stored.path, 'utf8')).toBe('hello world');
    expect(await store.has(hash)).toBe(true);
    expect(await text(store.open(hash))).toBe('hello world');
    expect(await tempFiles()).toEqual([]);
  });

  it('stores the same bytes once', async () => {
    const first = await store.put(chunks('same bytes'), { maxBytes: 100 });
    const second = await store.put(chunks('same ', 'bytes'), { maxBytes: 100 });
    expect(second).toEqual({ ...first, created: false });
    const hash = sha256('same bytes');
    expect(await allFiles()).toEqual([`${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`]);
    expect(await tempFiles()).toEqual([]);
  });

  it('accepts exactly maxBytes', async () => {
    const stored = await store.put(chunks('12345'), { maxBytes: 5 });
    expect(stored.size).toBe(5);
  });

  it('aborts an endless stream as soon as it passes the limit and leaves no temp file', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1024, 0x61);
      }
    }
    const source = Readable.from(endless());
    await expect(store.put(source, { maxBytes: 10 * 1024 })).rejects.toBeInstanceOf(TooLargeError);
    // The 11th KiB trips the limit; a few more may sit in the stream's read-ahead buffer.
    expect(pulled).toBeGreaterThanOrEqual(11);
    expect(pulled).toBeLessThan(11 + 20);
    expect(source.destroyed).toBe(true);
    expect(await tempFiles()).toEqual([]);
    expect(await allFiles()).toEqual([]);
  });

  it('reports the limit on TooLargeError with a stable code', async () => {
    const error = await store.put(chunks('123456'), { maxBytes: 5 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'file_too_large', status: 413, limit: 5, params: { limit: 5 } });
  });

  it('refuses an empty stream and keeps nothing', async () => {
    const error = await store.put(Readable.from([]), { maxBytes: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyFileError);
    expect(error).toMatchObject({ code: 'file_empty', status: 400 });
    expect(await tempFiles()).toEqual([]);
    expect(await allFiles()).toEqual([]);
  });

  it('removes the temp file when the source fails midway', async () => {
    const source = new Readable({ read() {} });
    const put = store.put(source, { maxBytes: 1000 });
    source.push(Buffer.from('partial'));
    setImmediate(() => source.destroy(new Error('client went away')));
    await expect(put).rejects.toThrow('client went away');
    expect(await tempFiles()).toEqual([]);
  });

  it('fails with the source error when the source broke before staging began', async () => {
    const source = new Readable({ read() {} });
    source.on('error', () => undefined);
    source.destroy(new Error('broken before'));
    await expect(store.put(source, { maxBytes: 1000 })).rejects.toThrow('broken before');
    expect(await tempFiles()).toEqual([]);
  });

  it('stages without publishing until commit, and discard leaves nothing', async () => {
    const staged = await store.stage(chunks('staged'), { maxBytes: 100 });
    expect(await store.has(staged.sha256)).toBe(false);
    expect(await readFile(staged.tempPath, 'utf8')).toBe('staged');
    expect(resolve(staged.tempPath).startsWith(resolve(root) + '/')).toBe(true);
    await staged.discard();
    expect(await allFiles()).toEqual([]);

    const again = await store.stage(chunks('staged'), { maxBytes: 100 });
    const stored = await again.commit();
    expect(await store.has(stored.sha256)).toBe(true);
    await expect(again.commit()).rejects.toThrow(/already/);
  });

  it('never turns a name into a path: traversal ids are refused, not resolved', async () => {
    for (const id of ['../../etc/passwd', '..', `../${'a'.repeat(62)}`, 'A'.repeat(64), `${'a'.repeat(64)}/x`]) {
      expect(() => store.open(id)).toThrow(InvalidBlobIdError);
      await expect(store.has(id)).rejects.toBeInstanceOf(InvalidBlobIdError);
      expect(() => store.pathOf(id)).toThrow(InvalidBlobIdError);
    }
  });

  it('opening an unknown blob fails the stream with BlobNotFoundError', async () => {
    await expect(text(store.open('0'.repeat(64)))).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('clears leftover temp files of a crashed process', async () => {
    const staged = await store.stage(chunks('left over'), { maxBytes: 100 });
    expect((await stat(staged.tempPath)).isFile()).toBe(true);
    expect(await store.clearTemp()).toBe(1);
    expect(await tempFiles()).toEqual([]);
  });
});
