/**
 * Hostile zips for the material type check: a `mimetype` entry whose deflated data expands a
 * thousandfold (the central directory may lie about its size), and a zip with very many entries.
 * Cheap to build: a deflated segment repeated.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

const u16 = (n: number) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/**
 * Deflated zeros: `outBytes` of output in about outBytes/1000 compressed bytes. One segment is
 * deflated with a sync flush (byte-aligned, not final) and repeated; a window of zeros makes
 * every repeat valid. An empty final block ends the stream.
 */
export function deflatedZeros(outBytes: number): Buffer {
  const segment = Math.min(outBytes, 64 * 1024 ** 2);
  const part = deflateRawSync(Buffer.alloc(segment), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const repeats = Math.max(1, Math.floor(outBytes / segment));
  return Buffer.concat([...Array.from({ length: repeats }, () => part), Buffer.from([0x03, 0x00])]);
}

interface Entry {
  name: string;
  data: Buffer;
  method: 0 | 8;
  /** What the headers claim the entry inflates to. */
  claimedSize: number;
  crc?: number;
}

/** A zip whose headers say what the entries claim, whatever their data does. */
export function zipOf(entries: readonly Entry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = e.crc ?? 0;
    const local = Buffer.concat([
      u32(0x04034b50),
      u16(20),
      u16(0),
      u16(e.method),
      u16(0),
      u16(0),
      u32(crc),
      u32(e.data.length),
      u32(e.claimedSize),
      u16(name.length),
      u16(0),
      name
    ]);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20),
        u16(20),
        u16(0),
        u16(e.method),
        u16(0),
        u16(0),
        u32(crc),
        u32(e.data.length),
        u32(e.claimedSize),
        u16(name.length),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(offset),
        name
      ])
    );
    locals.push(local, e.data);
    offset += local.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, cd, end]);
}

/** An ODF-looking zip whose deflated `mimetype` claims 40 bytes and inflates to `outBytes`. */
export function mimetypeBomb(outBytes: number): Buffer {
  return zipOf([{ name: 'mimetype', data: deflatedZeros(outBytes), method: 8, claimedSize: 40 }]);
}

export const storedEntry = (name: string, text: string): Entry => {
  const data = Buffer.from(text);
  return { name, data, method: 0, claimedSize: data.length, crc: crc32(data) };
};
