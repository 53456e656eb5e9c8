// Sets every entry time of a zip file we just wrote to one fixed date, so that the same rows
// give the same .xlsx bytes (exceljs stamps entries with the current time). No zip64.
import { open } from "node:fs/promises";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export async function fixZipTimes(path: string, year: number): Promise<void> {
  const dosDate = ((Math.max(1980, year) - 1980) << 9) | (1 << 5) | 1;
  const file = await open(path, "r+");
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0 && eocd < 0; i--) if (tail.readUInt32LE(i) === EOCD) eocd = i;
    if (eocd < 0) throw new Error(`${path}: not a zip file`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(0, 0);
    stamp.writeUInt16LE(dosDate, 2);
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL) throw new Error(`${path}: bad central directory`);
      stamp.copy(cd, p + 12);
      const local = cd.readUInt32LE(p + 42);
      const head = Buffer.alloc(4);
      await file.read(head, 0, 4, local);
      if (head.readUInt32LE(0) !== LOCAL) throw new Error(`${path}: bad local header`);
      await file.write(stamp, 0, 4, local + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    await file.write(cd, 0, cdSize, cdOffset);
  } finally {
    await file.close();
  }
}
