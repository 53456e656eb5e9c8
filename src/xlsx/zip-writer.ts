import { once } from "node:events";
import { open, type FileHandle } from "node:fs/promises";
import { crc32, createDeflateRaw, type DeflateRaw, type ZlibOptions } from "node:zlib";
import { dosDateTime, writeFully } from "./zip-entries.js";
import { centralRecord, DEFLATE, endOfDirectory, localHeader, type ZipRecord } from "./zip-records.js";

// Just enough zip to write a workbook: deflated entries one after another, each local header
// patched with its CRC and sizes once the entry ends (no data descriptors), then the central
// directory. Deflate runs on libuv's thread pool, so it overlaps the XML being built; the CRC is
// zlib's own. Fixed entry times make the bytes depend only on the content. No zip64: a sheet's
// XML stays far below 4 GB even at Excel's row limit.

const ZIP32_MAX = 0xffffffff;
/** Write the compressed bytes to the file in pieces of about this size. */
const WRITE_AT = 1 << 20;

export interface ZipEntrySink {
  /** Resolves when the caller may write again (back-pressure), or undefined when it may go on now. */
  write(chunk: Buffer): Promise<void> | undefined;
  end(): Promise<void>;
}

interface Written {
  readonly name: Buffer;
  readonly offset: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
}

export class ZipWriter {
  private position = 0;
  private readonly written: Written[] = [];
  private open = false;
  private readonly time: number;
  private readonly date: number;

  private constructor(
    private readonly file: FileHandle,
    private readonly level: number,
    stamp: { year: number; month: number; day: number },
  ) {
    const dos = dosDateTime(stamp.year, stamp.month, stamp.day);
    this.time = dos.time;
    this.date = dos.date;
  }

  /** Creates (or truncates) the file; `mode` for files only their owner may read. */
  static async create(path: string, options: { level: number; mode?: number; stamp: { year: number; month: number; day: number } }): Promise<ZipWriter> {
    return new ZipWriter(await open(path, "w", options.mode ?? 0o666), options.level, options.stamp);
  }

  /** Starts an entry; the previous one must have ended. */
  async entry(name: string): Promise<ZipEntrySink> {
    if (this.open) throw new Error("zip: an entry is still open");
    this.open = true;
    const nameBytes = Buffer.from(name, "utf8");
    const offset = this.position;
    await this.writeAt(this.localHeader(nameBytes, 0, 0, 0), offset);
    this.position += 30 + nameBytes.length;
    // a few MB may queue, so the XML goes on being built while the thread pool deflates
    // memLevel 9: a larger hash table, ~20% faster at level 1 on sheet XML for the same size
    const deflate: DeflateRaw = createDeflateRaw({ level: this.level, memLevel: 9, chunkSize: 256 * 1024, writableHighWaterMark: 4 << 20 } as ZlibOptions);
    let crc = 0;
    let size = 0;
    let compressed = 0;
    let pending: Buffer[] = [];
    let pendingLength = 0;
    let writes: Promise<void> = Promise.resolve();
    const flushPending = (): void => {
      if (pendingLength === 0) return;
      const buffer = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingLength);
      const at = this.position;
      this.position += pendingLength;
      pending = [];
      pendingLength = 0;
      writes = writes.then(() => this.writeAt(buffer, at));
    };
    deflate.on("data", (chunk: Buffer) => {
      compressed += chunk.length;
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= WRITE_AT) flushPending();
    });
    const ended = once(deflate, "end");
    return {
      write: (chunk) => {
        crc = crc32(chunk, crc);
        size += chunk.length;
        return deflate.write(chunk) ? undefined : once(deflate, "drain").then(() => undefined);
      },
      end: async () => {
        deflate.end();
        await ended;
        flushPending();
        await writes;
        if (size > ZIP32_MAX || compressed > ZIP32_MAX || this.position > ZIP32_MAX) throw new Error(`zip: ${name} is too large for a zip without zip64`);
        await this.writeAt(this.localHeader(nameBytes, crc, compressed, size), offset);
        this.written.push({ name: nameBytes, offset, crc, compressed, size });
        this.open = false;
      },
    };
  }

  async addBuffer(name: string, data: Buffer): Promise<void> {
    const sink = await this.entry(name);
    await sink.write(data);
    await sink.end();
  }

  /** Writes the central directory and closes the file. */
  async close(): Promise<void> {
    try {
      if (this.open) throw new Error("zip: an entry is still open");
      const directory = Buffer.concat(this.written.map((e) => centralRecord(this.record(e), e.offset)));
      await this.writeAt(Buffer.concat([directory, endOfDirectory(this.written.length, directory.length, this.position)]), this.position);
    } finally {
      await this.file.close();
    }
  }

  /** Closes the file without finishing it (after an error). */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }

  private localHeader(name: Buffer, crc: number, compressed: number, size: number): Buffer {
    return localHeader(this.record({ name, crc, compressed, size }));
  }

  private record(e: Omit<Written, "offset">): ZipRecord {
    return { ...e, method: DEFLATE, time: this.time, date: this.date };
  }

  private writeAt(buffer: Buffer, position: number): Promise<void> {
    return writeFully(this.file, buffer, position);
  }
}

