import { once } from "node:events";
import { open, type FileHandle } from "node:fs/promises";
import { crc32, createDeflateRaw, deflateRawSync, type DeflateRaw, type ZlibOptions } from "node:zlib";
import { dosDateTime, writeFully } from "./zip-entries.js";
import { centralRecord, DEFLATE, endOfDirectory, localHeader, type ZipRecord } from "./zip-records.js";

// Just enough zip to write a workbook: deflated entries one after another, then the central
// directory; no data descriptors. A small entry is deflated in one call when it ends, its header
// written with it; a large one is deflated on libuv's thread pool as it is written, so that overlaps
// the XML being built, and its local header is patched with its CRC and sizes once it ends. The CRC
// is zlib's own. Fixed entry times make the bytes depend only on the content. No zip64: a sheet's
// XML stays far below 4 GB even at Excel's row limit.

const ZIP32_MAX = 0xffffffff;
/** Write the compressed bytes to the file in pieces of about this size. */
const WRITE_AT = 1 << 20;
/**
 * An entry under this size is deflated in one call at its end, in this thread: a workbook of many
 * small sheets (公示名单, a village a sheet) otherwise waited for the thread pool at each sheet's end,
 * ~1 ms a time on a busy machine (100k rows: 232 entries, 214 ms of the main thread).
 */
const SMALL_ENTRY = 1 << 20;

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
  /** Bytes waiting to be written at queuedAt (small entries, one after another). */
  private queued: Buffer[] = [];
  private queuedLength = 0;
  private queuedAt = 0;
  /** Writes under way, not yet awaited. */
  private readonly background: Array<Promise<void>> = [];
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

  /**
   * Starts an entry; the previous one must have ended. An entry's bytes are held until they reach
   * SMALL_ENTRY: one that ends before is deflated here at its end, in one call, and its header and
   * data queued for the file (written in the background, in pieces of about WRITE_AT); a larger one
   * is deflated on the thread pool as it is written, its header patched at its end.
   */
  async entry(name: string): Promise<ZipEntrySink> {
    if (this.open) throw new Error("zip: an entry is still open");
    this.open = true;
    const nameBytes = Buffer.from(name, "utf8");
    let held: Buffer[] = [];
    let heldLength = 0;
    let streamed: ZipEntrySink | undefined;
    let starting: Promise<void> | undefined;
    return {
      write: (chunk) => {
        if (streamed) return streamed.write(chunk);
        // while the stream starts, a write goes after the bytes held
        if (starting) return (starting = starting.then(() => (streamed as ZipEntrySink).write(chunk)));
        held.push(chunk);
        heldLength += chunk.length;
        if (heldLength < SMALL_ENTRY) return undefined;
        starting = (async () => {
          const sink = await this.stream(nameBytes);
          for (const c of held) await sink.write(c);
          held = [];
          streamed = sink;
        })();
        return starting;
      },
      end: async () => {
        if (starting) await starting;
        if (streamed) return streamed.end();
        const data = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held, heldLength);
        // one deflate call gives the bytes the stream gives for the same input (zlib's output does
        // not depend on where its input was cut when nothing is flushed; a test compares both)
        const compressed = deflateRawSync(data, { level: this.level, memLevel: 9 });
        const crc = crc32(data);
        this.finish(nameBytes, this.position, crc, compressed.length, data.length);
        this.queue(this.localHeader(nameBytes, crc, compressed.length, data.length));
        this.queue(compressed);
        this.open = false;
      },
    };
  }

  /** An entry deflated on the thread pool as it is written: its header is patched once it ends. */
  private async stream(nameBytes: Buffer): Promise<ZipEntrySink> {
    this.flushQueue();
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
        await this.writeAt(this.localHeader(nameBytes, crc, compressed, size), offset);
        this.finish(nameBytes, offset, crc, compressed, size);
        this.open = false;
      },
    };
  }

  /** Records an ended entry for the central directory. */
  private finish(name: Buffer, offset: number, crc: number, compressed: number, size: number): void {
    if (size > ZIP32_MAX || compressed > ZIP32_MAX || offset + 30 + name.length + compressed > ZIP32_MAX) {
      throw new Error(`zip: ${name.toString("utf8")} is too large for a zip without zip64`);
    }
    this.written.push({ name, offset, crc, compressed, size });
  }

  /** Bytes for the file at the current position, written in the background with the bytes queued before them. */
  private queue(buffer: Buffer): void {
    if (this.queuedLength === 0) this.queuedAt = this.position;
    this.queued.push(buffer);
    this.queuedLength += buffer.length;
    this.position += buffer.length;
    if (this.queuedLength >= WRITE_AT) this.flushQueue();
  }

  private flushQueue(): void {
    if (this.queuedLength === 0) return;
    const buffer = this.queued.length === 1 ? (this.queued[0] as Buffer) : Buffer.concat(this.queued, this.queuedLength);
    const write = this.writeAt(buffer, this.queuedAt);
    // observed now, awaited (and its error raised) by close()
    write.catch(() => undefined);
    this.background.push(write);
    this.queued = [];
    this.queuedLength = 0;
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
      this.queue(Buffer.concat([directory, endOfDirectory(this.written.length, directory.length, this.position)]));
      this.flushQueue();
      await Promise.all(this.background);
    } finally {
      await Promise.allSettled(this.background);
      await this.file.close();
    }
  }

  /** Closes the file without finishing it (after an error). */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.background);
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

