/**
 * A minimal EXIF (APP1) writer: big-endian TIFF with IFD0, an Exif IFD and a GPS IFD. Copied from
 * services/document/fixtures/exif-writer.ts (a service's test files are not a package to import),
 * so the browser tests upload photos whose tags are exactly known, made at test time.
 */

type Entry =
  | { tag: number; type: 'byte'; values: number[] }
  | { tag: number; type: 'ascii'; value: string }
  | { tag: number; type: 'short'; values: number[] }
  | { tag: number; type: 'long'; values: number[] }
  | { tag: number; type: 'rational'; values: Array<[number, number]> };

const TYPE_CODE = { byte: 1, ascii: 2, short: 3, long: 4, rational: 5 } as const;

function encodeValue(entry: Entry): { count: number; bytes: Buffer } {
  switch (entry.type) {
    case 'byte':
      return { count: entry.values.length, bytes: Buffer.from(entry.values) };
    case 'ascii': {
      const bytes = Buffer.from(`${entry.value}\u0000`, 'latin1');
      return { count: bytes.length, bytes };
    }
    case 'short': {
      const bytes = Buffer.alloc(2 * entry.values.length);
      entry.values.forEach((v, i) => bytes.writeUInt16BE(v, 2 * i));
      return { count: entry.values.length, bytes };
    }
    case 'long': {
      const bytes = Buffer.alloc(4 * entry.values.length);
      entry.values.forEach((v, i) => bytes.writeUInt32BE(v, 4 * i));
      return { count: entry.values.length, bytes };
    }
    case 'rational': {
      const bytes = Buffer.alloc(8 * entry.values.length);
      entry.values.forEach(([n, d], i) => {
        bytes.writeUInt32BE(n, 8 * i);
        bytes.writeUInt32BE(d, 8 * i + 4);
      });
      return { count: entry.values.length, bytes };
    }
  }
}

/** Serialises one IFD placed at `offset` (from the TIFF header); values > 4 bytes follow it. */
function writeIfd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + 12 * sorted.length + 4;
  const table = Buffer.alloc(tableSize);
  const extra: Buffer[] = [];
  let extraOffset = offset + tableSize;
  table.writeUInt16BE(sorted.length, 0);
  sorted.forEach((entry, i) => {
    const at = 2 + 12 * i;
    const { count, bytes } = encodeValue(entry);
    table.writeUInt16BE(entry.tag, at);
    table.writeUInt16BE(TYPE_CODE[entry.type], at + 2);
    table.writeUInt32BE(count, at + 4);
    if (bytes.length <= 4) {
      bytes.copy(table, at + 8);
    } else {
      table.writeUInt32BE(extraOffset, at + 8);
      const padded = bytes.length % 2 === 1 ? Buffer.concat([bytes, Buffer.alloc(1)]) : bytes;
      extra.push(padded);
      extraOffset += padded.length;
    }
  });
  table.writeUInt32BE(0, tableSize - 4); // no next IFD
  return Buffer.concat([table, ...extra]);
}

export interface ExifSpec {
  make?: string;
  /** `YYYY:MM:DD HH:MM:SS` */
  dateTimeOriginal?: string;
  /** `+08:00` */
  offsetTimeOriginal?: string;
  gps?: {
    lat: number;
    lon: number;
    altitude?: number;
    /** UTC `YYYY:MM:DD` and `[h, m, s]` */
    dateStamp?: string;
    timeStamp?: [number, number, number];
  };
}

function dms(value: number): Array<[number, number]> {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const minutesFull = (abs - deg) * 60;
  const min = Math.floor(minutesFull);
  const sec = Math.round((minutesFull - min) * 60 * 10_000);
  return [
    [deg, 1],
    [min, 1],
    [sec, 10_000],
  ];
}

/** The TIFF bytes (what follows `Exif\0\0` in APP1). */
export function buildTiff(spec: ExifSpec): Buffer {
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]);
  const exifEntries: Entry[] = [];
  if (spec.dateTimeOriginal) exifEntries.push({ tag: 0x9003, type: 'ascii', value: spec.dateTimeOriginal });
  if (spec.offsetTimeOriginal) exifEntries.push({ tag: 0x9011, type: 'ascii', value: spec.offsetTimeOriginal });
  const gpsEntries: Entry[] = [];
  if (spec.gps) {
    const g = spec.gps;
    gpsEntries.push({ tag: 0x0000, type: 'byte', values: [2, 3, 0, 0] });
    gpsEntries.push({ tag: 0x0001, type: 'ascii', value: g.lat < 0 ? 'S' : 'N' });
    gpsEntries.push({ tag: 0x0002, type: 'rational', values: dms(g.lat) });
    gpsEntries.push({ tag: 0x0003, type: 'ascii', value: g.lon < 0 ? 'W' : 'E' });
    gpsEntries.push({ tag: 0x0004, type: 'rational', values: dms(g.lon) });
    if (g.altitude !== undefined) {
      gpsEntries.push({ tag: 0x0005, type: 'byte', values: [g.altitude < 0 ? 1 : 0] });
      gpsEntries.push({ tag: 0x0006, type: 'rational', values: [[Math.round(Math.abs(g.altitude) * 100), 100]] });
    }
    if (g.timeStamp) {
      gpsEntries.push({ tag: 0x0007, type: 'rational', values: g.timeStamp.map((v) => [v, 1] as [number, number]) });
    }
    if (g.dateStamp) gpsEntries.push({ tag: 0x001d, type: 'ascii', value: g.dateStamp });
  }

  // IFD0 needs the pointers' final offsets; its size does not depend on their values.
  const ifd0Entries = (exifAt: number, gpsAt: number): Entry[] => {
    const entries: Entry[] = [];
    if (spec.make) entries.push({ tag: 0x010f, type: 'ascii', value: spec.make });
    if (exifEntries.length > 0) entries.push({ tag: 0x8769, type: 'long', values: [exifAt] });
    if (gpsEntries.length > 0) entries.push({ tag: 0x8825, type: 'long', values: [gpsAt] });
    return entries;
  };
  const ifd0Size = writeIfd(ifd0Entries(0, 0), 8).length;
  const exifAt = 8 + ifd0Size;
  const exifIfd = exifEntries.length > 0 ? writeIfd(exifEntries, exifAt) : Buffer.alloc(0);
  const gpsAt = exifAt + exifIfd.length;
  const gpsIfd = gpsEntries.length > 0 ? writeIfd(gpsEntries, gpsAt) : Buffer.alloc(0);
  const ifd0 = writeIfd(ifd0Entries(exifAt, gpsAt), 8);
  return Buffer.concat([header, ifd0, exifIfd, gpsIfd]);
}

/** Inserts an APP1 Exif segment right after the JPEG's SOI marker. */
export function insertExif(jpeg: Buffer, spec: ExifSpec): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const payload = Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), buildTiff(spec)]);
  const marker = Buffer.alloc(4);
  marker.writeUInt16BE(0xffe1, 0);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), marker, payload, jpeg.subarray(2)]);
}
