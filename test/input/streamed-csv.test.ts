import assert from "node:assert/strict";
import { isUtf8 } from "node:buffer";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import iconv from "iconv-lite";
import { decodeStream, encodingOf, Utf8Check } from "../../src/input/decode.js";
import { openSource } from "../../src/input/open-source.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Splits `buf` at the given offsets (sorted, deduplicated) into chunks. */
function split(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    chunks.push(buf.subarray(from, c));
    from = c;
  }
  chunks.push(buf.subarray(from));
  return chunks;
}

function checked(chunks: Buffer[]): boolean {
  const check = new Utf8Check();
  for (const c of chunks) check.update(c);
  return check.end();
}

describe("the streamed CSV reader", () => {
  it("judges UTF-8 chunk by chunk exactly as a check of the whole file, wherever the chunks are cut", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const buf = Buffer.from(`姓名,${text},𠀀张三`, "utf8");
        assert.equal(checked(split(buf, cuts)), true);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const buf = Buffer.from(bytes);
        assert.equal(checked(split(buf, cuts)), isUtf8(buf));
      }),
    );
  });

  it("finds GBK whose only non-UTF-8 byte sits at a chunk's edge, and a character cut short at the end", () => {
    const gbk = iconv.encode("户编号,姓名\n1,张三\n", "gbk");
    for (let cut = 0; cut <= gbk.length; cut++) assert.equal(checked(split(gbk, [cut])), false, `cut at ${cut}`);
    assert.equal(checked([Buffer.from("张三", "utf8").subarray(0, 4)]), false);
    assert.deepEqual(encodingOf(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), false), { encoding: "UTF-8", bomLength: 3 });
    assert.deepEqual(encodingOf(Buffer.from("户编号"), false), { encoding: "GB18030", bomLength: 0 });
  });

  it("decodes each encoding in pieces of at most 32 KB, characters cut at any piece's edge, to the whole text", async () => {
    // ~190 KB in each encoding: ASCII, two- and three-byte characters and 𠀀 (four bytes, a surrogate pair)
    const text = Array.from({ length: 6000 }, (_, i) => `${i},张${["三", "四", "𠀀"][i % 3] ?? ""}𠀀${"甲乙".repeat(i % 5)}\r\n`).join("");
    for (const [encoding, bytes] of [
      ["UTF-8", Buffer.from(text, "utf8")],
      ["UTF-16LE", Buffer.from(text, "utf16le")],
      ["GB18030", iconv.encode(text, "gb18030")],
    ] as const) {
      for (const size of [100_001, 1 << 20]) {
        const chunks = split(bytes, Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => (i + 1) * size));
        const pieces: string[] = [];
        for await (const piece of decodeStream((async function* () { yield* chunks; })(), encoding, 0)) pieces.push(piece);
        assert.equal(pieces.join(""), text, `${encoding}, chunks of ${size}`);
        assert.ok(pieces.length > 4 && pieces.every((p) => p.length <= 1 << 15), `${encoding}: ${pieces.length} pieces, longest ${Math.max(...pieces.map((p) => p.length))}`);
      }
    }
  });

  it("reads a CSV larger than one chunk record by record, with the same records and hash as the bytes on disk", async () => {
    const dir = tempDir("payout-streamed-");
    const lines = ["户编号,姓名,备注"];
    // ~3 MB: several 1 MB chunks, with Chinese characters cut at their edges
    for (let i = 0; i < 40_000; i++) lines.push(`${i},张${"三四五"[i % 3]}${i},"含,逗号的备注 ${"甲乙丙丁".repeat(i % 7)}"`);
    for (const encoding of ["utf8", "gbk"] as const) {
      const path = join(dir, `${encoding}.csv`);
      const bytes = encoding === "utf8" ? Buffer.from(lines.join("\r\n"), "utf8") : iconv.encode(lines.join("\r\n"), "gbk");
      await writeFile(path, bytes);
      const source = await openSource(path, "花名册");
      const read: string[] = [];
      for await (const r of source.records) read.push(r.cells.map((c) => (String(c).includes(",") ? `"${String(c)}"` : String(c))).join(","));
      assert.deepEqual(read, lines, encoding);
      const { createHash } = await import("node:crypto");
      assert.equal(source.sha256(), createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("refuses a CSV that changes between the two passes instead of reading it half old, half new", async () => {
    const dir = tempDir("payout-streamed-");
    const path = join(dir, "roster.csv");
    await writeFile(path, "户编号,姓名\n1,张三\n");
    const source = await openSource(path, "花名册");
    await writeFile(path, "户编号,姓名\n1,李四\n");
    await assert.rejects(
      async () => {
        for await (const _ of source.records) void _;
      },
      (err: Error) => err.message.includes("在读取过程中被改动"),
    );
  });
});
