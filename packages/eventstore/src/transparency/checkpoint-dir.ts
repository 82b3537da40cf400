import { link, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCheckpoint, type SignedCheckpoint } from './checkpoint.ts';

/**
 * The published checkpoints: a directory outside the database, one file per checkpoint named
 * by its tree size (`checkpoint-000000001000.txt`, created exclusively, never overwritten), a
 * copy of the newest as `latest`, and the verifier key as `public.vkey`. Copying the directory
 * elsewhere (another machine, a district office, paper for the short codes) is what makes a
 * rewrite of the database visible later.
 */
export const LATEST = 'latest';
export const VKEY_FILE = 'public.vkey';

const fileName = (size: number): string => `checkpoint-${String(size).padStart(12, '0')}.txt`;
const PATTERN = /^checkpoint-(\d{12,})\.txt$/;

export type Published = { written: true; path: string } | { written: false; path: string; reason: string };

/** Writes a checkpoint (never replacing one of the same size) and moves `latest` to it. */
export async function publishCheckpoint(dir: string, checkpoint: SignedCheckpoint, vkey: string): Promise<Published> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, VKEY_FILE), `${vkey}\n`, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const path = join(dir, fileName(checkpoint.size));
  try {
    await writeFile(path, checkpoint.text, { flag: 'wx', mode: 0o444 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { written: false, path, reason: `a checkpoint of size ${checkpoint.size} exists already` };
  }
  // `latest` is replaced atomically: a reader sees the old or the new file, never half of one.
  const temporary = join(dir, `.latest-${process.pid}-${Date.now()}`);
  await link(path, temporary).catch(() => writeFile(temporary, checkpoint.text));
  await rename(temporary, join(dir, LATEST));
  return { written: true, path };
}

/** The checkpoint files of a directory, smallest tree first. */
export async function listCheckpointFiles(dir: string): Promise<{ size: number; path: string }[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names
    .map((name) => ({ name, match: PATTERN.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map((entry) => ({ size: Number(entry.match?.[1]), path: join(dir, entry.name) }))
    .sort((a, b) => a.size - b.size);
}

/** Every checkpoint of the directory, each signature checked against `vkey`. */
export async function readCheckpoints(dir: string, vkey: string): Promise<SignedCheckpoint[]> {
  const files = await listCheckpointFiles(dir);
  return Promise.all(files.map(async (file) => openCheckpoint(await readFile(file.path, 'utf8'), vkey)));
}
