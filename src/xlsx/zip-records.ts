// The byte layout of a zip's records, for every zip this tool makes: a local header, a central
// directory record and the end of the central directory. UTF-8 names, no zip64.

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIGNATURE = 0x06054b50;
const UTF8_NAMES = 0x0800;
const VERSION = 20;
/** "made by" Unix, so the external attributes carry a file mode. */
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FILE_MODE = 0o100644;

export const STORED = 0;
export const DEFLATE = 8;

export interface ZipRecord {
  readonly name: Buffer;
  readonly method: number;
  /** DOS time and date (zip-entries' dosDateTime). */
  readonly time: number;
  readonly date: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
}

export function localHeader(r: ZipRecord): Buffer {
  const h = Buffer.alloc(30 + r.name.length);
  h.writeUInt32LE(LOCAL_SIGNATURE, 0);
  h.writeUInt16LE(VERSION, 4);
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(r.method, 8);
  h.writeUInt16LE(r.time, 10);
  h.writeUInt16LE(r.date, 12);
  h.writeUInt32LE(r.crc, 14);
  h.writeUInt32LE(r.compressed, 18);
  h.writeUInt32LE(r.size, 22);
  h.writeUInt16LE(r.name.length, 26);
  r.name.copy(h, 30);
  return h;
}

/** The central directory record of an entry whose local header is at `offset`. */
export function centralRecord(r: ZipRecord, offset: number): Buffer {
  const c = Buffer.alloc(46 + r.name.length);
  c.writeUInt32LE(CENTRAL_SIGNATURE, 0);
  c.writeUInt16LE(MADE_BY_UNIX, 4);
  c.writeUInt16LE(VERSION, 6);
  c.writeUInt16LE(UTF8_NAMES, 8);
  c.writeUInt16LE(r.method, 10);
  c.writeUInt16LE(r.time, 12);
  c.writeUInt16LE(r.date, 14);
  c.writeUInt32LE(r.crc, 16);
  c.writeUInt32LE(r.compressed, 20);
  c.writeUInt32LE(r.size, 24);
  c.writeUInt16LE(r.name.length, 28);
  c.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  c.writeUInt32LE(offset, 42);
  r.name.copy(c, 46);
  return c;
}

/** The end of the central directory: `entries` records, `size` bytes long, starting at `offset`. */
export function endOfDirectory(entries: number, size: number, offset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(EOCD_SIGNATURE, 0);
  e.writeUInt16LE(entries, 8);
  e.writeUInt16LE(entries, 10);
  e.writeUInt32LE(size, 12);
  e.writeUInt32LE(offset, 16);
  return e;
}
