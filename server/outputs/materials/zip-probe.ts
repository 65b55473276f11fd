/**
 * What a zip holds, read the way a hostile upload cannot make expensive: the end record from
 * the tail, the central directory streamed in chunks (each parsed in microseconds; at most
 * MAX_ENTRIES), and of one entry, `mimetype`, at most MIMETYPE_BYTES of output, read stored or
 * inflated in small pushes that stop as soon as that much came out. A deflate bomb there costs
 * the same as a well-formed file. Nothing is held whole: not the file, not the listing.
 */
import { Inflate } from 'fflate';

/** Reads bytes [start, end] (inclusive) of the file, in chunks. */
export interface ByteSource {
  size: number;
  read(start: number, end: number): AsyncIterable<Uint8Array>;
}

export interface ZipSummary {
  /** The names of interest that the central directory lists. */
  names: Set<string>;
  /** The start of `mimetype`'s content (ODF), at most MIMETYPE_BYTES bytes; null when absent or unreadable. */
  mimetype: string | null;
}

export const MAX_ENTRIES = 50_000;
const MIMETYPE_BYTES = 100;
/** Compressed bytes of `mimetype` looked at; the real entry is ~40 bytes, stored. */
const MIMETYPE_INPUT = 1024;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_MIN = 22;
const TAIL = EOCD_MIN + 0xffff;

async function bytesOf(src: ByteSource, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of src.read(start, end)) parts.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  return Buffer.concat(parts);
}

/** The central directory's offset and size, from the end record (searched backwards over a comment). */
async function endRecord(src: ByteSource): Promise<{ offset: number; size: number; entries: number } | null> {
  if (src.size < EOCD_MIN) return null;
  const from = Math.max(0, src.size - TAIL);
  const tail = await bytesOf(src, from, src.size - 1);
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    const entries = tail.readUInt16LE(i + 10);
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    if (offset + size > from + i) return null;
    return { offset, size, entries };
  }
  return null;
}

interface Mimetype {
  method: number;
  compressed: number;
  localOffset: number;
}

/** Streams the central directory, keeping only the wanted names and where `mimetype` is. */
async function listing(src: ByteSource, cd: { offset: number; size: number }, wanted: ReadonlySet<string>): Promise<{ names: Set<string>; mimetype: Mimetype | null } | null> {
  const names = new Set<string>();
  let mimetype: Mimetype | null = null;
  let buf = Buffer.alloc(0);
  let entries = 0;
  if (cd.size === 0) return { names, mimetype };
  for await (const chunk of src.read(cd.offset, cd.offset + cd.size - 1)) {
    buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
    let at = 0;
    while (buf.length - at >= 46) {
      if (buf.readUInt32LE(at) !== CENTRAL) return null;
      const nameLen = buf.readUInt16LE(at + 28);
      const total = 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
      if (buf.length - at < total) break;
      if (++entries > MAX_ENTRIES) return null;
      const name = buf.toString('latin1', at + 46, at + 46 + nameLen);
      if (wanted.has(name)) names.add(name);
      if (name === 'mimetype') mimetype = { method: buf.readUInt16LE(at + 10), compressed: buf.readUInt32LE(at + 20), localOffset: buf.readUInt32LE(at + 42) };
      at += total;
    }
    buf = buf.subarray(at);
  }
  return buf.length === 0 ? { names, mimetype } : null;
}

/** At most MIMETYPE_BYTES of the entry's content: stored bytes, or inflated in 64-byte pushes. */
async function mimetypeText(src: ByteSource, m: Mimetype): Promise<string | null> {
  if (m.method !== 0 && m.method !== 8) return null;
  const header = await bytesOf(src, m.localOffset, Math.min(src.size - 1, m.localOffset + 29));
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) return null;
  const dataAt = m.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const input = Math.min(m.compressed, MIMETYPE_INPUT, src.size - dataAt);
  if (input <= 0) return m.compressed === 0 ? '' : null;
  const data = await bytesOf(src, dataAt, dataAt + input - 1);
  if (m.method === 0) return data.subarray(0, MIMETYPE_BYTES).toString('latin1');
  const out: Uint8Array[] = [];
  let produced = 0;
  const inflate = new Inflate((chunk) => {
    out.push(chunk);
    produced += chunk.length;
  });
  try {
    for (let i = 0; i < data.length && produced < MIMETYPE_BYTES; i += 64) inflate.push(data.subarray(i, i + 64), i + 64 >= data.length);
  } catch {
    return null;
  }
  return Buffer.concat(out).subarray(0, MIMETYPE_BYTES).toString('latin1');
}

/** The zip's wanted names and the start of its `mimetype`, or null when it is not a readable zip. */
export async function probeZip(src: ByteSource, wanted: ReadonlySet<string>): Promise<ZipSummary | null> {
  const end = await endRecord(src);
  if (!end || end.entries === 0xffff || end.offset === 0xffffffff) return null; // zip64: no office file under the size limit needs it
  const list = await listing(src, end, wanted);
  if (!list) return null;
  return { names: list.names, mimetype: list.mimetype ? await mimetypeText(src, list.mimetype) : null };
}

/** A ByteSource over bytes in memory (tests, small files). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async *read(start, end) {
      yield bytes.subarray(start, end + 1);
    }
  };
}
