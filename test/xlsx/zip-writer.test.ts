import assert from "node:assert/strict";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { crc32, createDeflateRaw, deflateRawSync, inflateRawSync, type ZlibOptions } from "node:zlib";
import fc from "fast-check";
import { openZip } from "../../src/xlsx/zip-entries.js";
import { ZipWriter } from "../../src/xlsx/zip-writer.js";
import { tempDir } from "../outputs/fixtures.js";

/** Sheet-like text: rows of cells, repetitive as sheet XML is, with Chinese text. */
function sheetLike(rows: number, seed: number): Buffer {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(`<row r="${r + 1}"><c r="A${r + 1}" s="7" t="inlineStr"><is><t>张${(r * 7919 + seed) % 1000}村</t></is></c><c r="B${r + 1}" s="12"><v>${(r * 104729 + seed) % 100000}</v></c></row>`);
  return Buffer.from(lines.join(""), "utf8");
}

async function streamed(data: Buffer, cuts: number[]): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 1, memLevel: 9, chunkSize: 256 * 1024 } as ZlibOptions);
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  const ended = once(deflate, "end");
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (data.length + 1))].sort((a, b) => a - b).concat(data.length)) {
    if (cut > from) deflate.write(data.subarray(from, cut));
    from = Math.max(from, cut);
  }
  deflate.end();
  await ended;
  return Buffer.concat(out);
}

async function entryBytes(path: string, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await (await openZip(path)).stream(name)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe("the zip writer", () => {
  it("deflates a small entry in one call to the bytes the thread pool's stream gives, wherever the input was cut (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3000 }), fc.nat(), fc.array(fc.nat(), { maxLength: 8 }), async (rows, seed, cuts) => {
        const data = sheetLike(rows, seed);
        assert.deepEqual(deflateRawSync(data, { level: 1, memLevel: 9 }), await streamed(data, cuts));
      }),
      { numRuns: 60 },
    );
  });

  it("writes entries below, at and above the size deflated in one call, read back whole with their CRCs", async () => {
    const dir = await tempDir();
    const path = join(dir, "sizes.zip");
    const zip = await ZipWriter.create(path, { level: 1, stamp: { year: 2027, month: 1, day: 1 } });
    const sizes = [0, 100, (1 << 20) - 1, 1 << 20, 3 << 20];
    const contents = sizes.map((n, i) => {
      const rows = sheetLike(Math.ceil(n / 60) + 1, i);
      return rows.subarray(0, n);
    });
    for (const [i, data] of contents.entries()) {
      const sink = await zip.entry(`e${i}.xml`);
      // written in pieces of 256 KB, as the sheet writer hands them over
      for (let at = 0; at < data.length; at += 256 * 1024) await sink.write(data.subarray(at, at + 256 * 1024));
      await sink.end();
    }
    await zip.close();
    for (const [i, data] of contents.entries()) assert.ok((await entryBytes(path, `e${i}.xml`)).equals(data), `entry ${i} (${data.length} bytes)`);
    // each local header carries the entry's CRC and sizes (no data descriptors)
    const file = await readFile(path);
    let at = 0;
    for (const data of contents) {
      assert.equal(file.readUInt32LE(at), 0x04034b50);
      assert.equal(file.readUInt32LE(at + 14), crc32(data));
      const compressed = file.readUInt32LE(at + 18);
      assert.equal(file.readUInt32LE(at + 22), data.length);
      const start = at + 30 + file.readUInt16LE(at + 26) + file.readUInt16LE(at + 28);
      assert.ok(inflateRawSync(file.subarray(start, start + compressed)).equals(data));
      at = start + compressed;
    }
  });
});
