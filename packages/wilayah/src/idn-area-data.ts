import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RegionLevel } from './codes.ts';
import { copyField, scanCsv } from './csv-bytes.ts';
import { packLevel, type LevelTable } from './level-table.ts';
import { codeKeyOfBytes, levelOfLength } from './region-keys.ts';

const FILES: Readonly<Record<RegionLevel, string>> = {
  province: 'provinces.csv',
  regency: 'regencies.csv',
  district: 'districts.csv',
  village: 'villages.csv',
};

/**
 * The CSV folder of the `idn-area-data` package. Resolved from this module when run from the
 * sources; inside a service bundle (infra's bundle.ts inlines this code into
 * `services/<name>/dist/`, where the package is not reachable) through `@siks/wilayah`, which
 * the service depends on.
 */
export function idnAreaDataDir(): string {
  const here = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = here.resolve('idn-area-data/package.json');
  } catch {
    manifest = createRequire(here.resolve('@siks/wilayah')).resolve('idn-area-data/package.json');
  }
  return join(dirname(manifest), 'data');
}

/**
 * One level's table from the bytes of a UTF-8 CSV file with `code` and `name` columns (others
 * are ignored): codes read as numbers and names copied into one buffer straight from the bytes,
 * then decoded once, so parsing leaves almost no garbage behind (no string or object per row).
 */
export function levelTableFromCsv(level: RegionLevel, bytes: Uint8Array, source = FILES[level]): LevelTable {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const names = new Uint8Array(bytes.length);
  const keys: number[] = [];
  /** Name offsets in UTF-16 code units, as the decoded string will count them. */
  const starts: number[] = [0];
  let header: string[] | undefined = [];
  let columns = { code: -1, name: -1 };
  let key = -1;
  let named = false;
  let written = 0;
  let units = 0;
  const text = (start: number, end: number): string => utf8.decode(bytes.subarray(start, end));
  scanCsv(bytes, {
    field(column, start, end, quoted) {
      if (header) header.push(quoted ? text(start, end).replaceAll('""', '"') : text(start, end));
      else if (column === columns.code) {
        key = codeKeyOfBytes(bytes, start, end);
        if (key < 0 || levelOfLength(end - start) !== level)
          throw new Error(`region list: malformed ${level} code "${text(start, end)}" in ${source}`);
      } else if (column === columns.name) {
        const from = written;
        written = copyField(bytes, start, end, quoted, names, written);
        // A UTF-8 lead byte starts a character: one UTF-16 unit, two from 4-byte sequences on.
        for (let at = from; at < written; at += 1) {
          const byte = names[at] as number;
          if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
        }
        named = true;
      }
    },
    endRecord() {
      if (header) {
        columns = { code: header.indexOf('code'), name: header.indexOf('name') };
        if (columns.code < 0 || columns.name < 0) throw new Error(`region list: ${source} has no code or name column`);
        header = undefined;
        return;
      }
      if (key < 0 || !named) throw new Error(`region list: a record of ${source} has no code or no name`);
      keys.push(key);
      starts.push(units);
      key = -1;
      named = false;
    },
  });
  const decoded = utf8.decode(names.subarray(0, written));
  if (decoded.length !== units) throw new Error(`region list: ${source} is not valid UTF-8`);
  return packLevel(level, keys, starts, decoded);
}

/**
 * Reads the four CSV files of `idn-area-data` straight into level tables; each file's bytes are
 * dropped once its table is built (papaparse's row objects, through the package's own API, cost
 * ~60 MB of RSS at start).
 */
export async function readIdnAreaData(dir = idnAreaDataDir()): Promise<Record<RegionLevel, LevelTable>> {
  const read = async (level: RegionLevel): Promise<LevelTable> =>
    levelTableFromCsv(level, await readFile(join(dir, FILES[level])));
  const [province, regency, district, village] = await Promise.all([
    read('province'),
    read('regency'),
    read('district'),
    read('village'),
  ]);
  return { province, regency, district, village };
}
