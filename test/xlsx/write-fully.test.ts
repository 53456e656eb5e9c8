import assert from "node:assert/strict";
import type { FileHandle } from "node:fs/promises";
import { describe, it } from "node:test";
import { writeFully } from "../../src/xlsx/zip-entries.js";

/** A file handle whose writes are short (at most `step` bytes), then fail once `room` bytes are used. */
function shortWrites(step: number, room: number): { file: FileHandle; bytes: number[] } {
  const bytes: number[] = [];
  const file = {
    write: async (buffer: Buffer, offset: number, length: number, position: number) => {
      if (position >= room) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      const n = Math.min(step, length, room - position);
      for (let i = 0; i < n; i++) bytes[position + i] = buffer[offset + i] ?? -1;
      return { bytesWritten: n, buffer };
    },
  } as unknown as FileHandle;
  return { file, bytes };
}

describe("writing all of a buffer", () => {
  it("goes on after short writes until every byte is at its place", async () => {
    const { file, bytes } = shortWrites(3, 1000);
    const data = Buffer.from("发放台账 0123456789", "utf8");
    await writeFully(file, data, 10);
    assert.deepEqual(Buffer.from(bytes.slice(10)), data);
  });

  it("reports a disk that fills up instead of leaving the file short", async () => {
    const { file } = shortWrites(4, 12);
    await assert.rejects(writeFully(file, Buffer.alloc(40), 0), /ENOSPC/);
  });
});
