/**
 * A bounded first pass over a Yjs update (format V1): counts its structs and delete ranges and
 * notes which clock range of which client it claims, without building a single struct. It
 * stops as soon as the count passes `maxWork`, so a frame of half a million two-byte structs
 * costs no more than a legitimate one before it is refused. Throws on bytes that are no update.
 *
 * Layout (yjs `writeClientsStructs`, `writeDeleteSet`):
 *   varUint clients, per client: varUint structs, varUint client, varUint clock, structs…
 *   varUint clients, per client: varUint client, varUint ranges, per range: varUint clock, varUint len
 */
import * as decoding from 'lib0/decoding';

/** What the update claims of one client: structs from `clock` (inclusive) to `end` (exclusive). */
export interface ClaimedRange {
  clock: number;
  end: number;
}

export type UpdateScan =
  /** `work` = structs + delete ranges, the unit of the decode budget. */
  | { kind: 'ok'; work: number; structs: number; claims: Map<number, ClaimedRange> }
  /** More than `maxWork`; scanning stopped there. */
  | { kind: 'too-much'; work: number };

export class UndecodableUpdate extends Error {
  override name = 'UndecodableUpdate';
}

const ORIGIN = 0x80;
const RIGHT_ORIGIN = 0x40;
const PARENT_SUB = 0x20;
const CONTENT = 0x1f;
const TYPE_XML_ELEMENT = 3;
const TYPE_XML_HOOK = 5;

const skipId = (d: decoding.Decoder): void => {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
};

const repeat = (n: number, fn: () => unknown): void => {
  for (let i = 0; i < n; i++) fn();
};

/** Skips an item's content (yjs `contentRefs`); returns its length in clocks. */
function skipContent(d: decoding.Decoder, ref: number): number {
  switch (ref) {
    case 1: // Deleted
      return decoding.readVarUint(d);
    case 2: {
      // JSON
      const len = decoding.readVarUint(d);
      repeat(len, () => decoding.readVarString(d));
      return len;
    }
    case 3: // Binary
      decoding.readVarUint8Array(d);
      return 1;
    case 4: // String: its length in UTF-16 code units
      return decoding.readVarString(d).length;
    case 5: // Embed
      decoding.readVarString(d);
      return 1;
    case 6: // Format
      decoding.readVarString(d);
      decoding.readVarString(d);
      return 1;
    case 7: {
      // Type
      const typeRef = decoding.readVarUint(d);
      if (typeRef === TYPE_XML_ELEMENT || typeRef === TYPE_XML_HOOK) decoding.readVarString(d);
      return 1;
    }
    case 8: {
      // Any
      const len = decoding.readVarUint(d);
      repeat(len, () => decoding.readAny(d));
      return len;
    }
    case 9: // Doc
      decoding.readVarString(d);
      decoding.readAny(d);
      return 1;
    default:
      throw new UndecodableUpdate(`unknown content type ${ref}`);
  }
}

/** Skips one struct; returns its length in clocks. */
function skipStruct(d: decoding.Decoder): number {
  const info = decoding.readUint8(d);
  const ref = info & CONTENT;
  if (ref === 0 || ref === 10) return decoding.readVarUint(d); // GC, Skip
  if (info & ORIGIN) skipId(d);
  if (info & RIGHT_ORIGIN) skipId(d);
  if ((info & (ORIGIN | RIGHT_ORIGIN)) === 0) {
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
    else skipId(d);
    if (info & PARENT_SUB) decoding.readVarString(d);
  }
  return skipContent(d, ref);
}

/** Every struct and range takes at least one byte: a count beyond the bytes left is a lie (a bomb). */
function declared(d: decoding.Decoder, update: Uint8Array, count: number): void {
  if (count > update.byteLength - d.pos) throw new UndecodableUpdate(`${count} entries declared, ${update.byteLength - d.pos} bytes left`);
}

function claim(claims: Map<number, ClaimedRange>, client: number, clock: number, end: number): void {
  const known = claims.get(client);
  if (!known) claims.set(client, { clock, end });
  else claims.set(client, { clock: Math.min(known.clock, clock), end: Math.max(known.end, end) });
}

export function scanUpdate(update: Uint8Array, maxWork: number): UpdateScan {
  const d = decoding.createDecoder(update);
  const claims = new Map<number, ClaimedRange>();
  let work = 0;
  try {
    const clients = decoding.readVarUint(d);
    for (let c = 0; c < clients; c++) {
      const count = decoding.readVarUint(d);
      const client = decoding.readVarUint(d);
      const start = decoding.readVarUint(d);
      declared(d, update, count);
      if (work + count > maxWork) return { kind: 'too-much', work: work + count };
      let clock = start;
      for (let i = 0; i < count; i++) clock += skipStruct(d);
      work += count;
      if (count > 0) claim(claims, client, start, clock);
    }
    const structs = work;
    const dsClients = decoding.readVarUint(d);
    for (let c = 0; c < dsClients; c++) {
      decoding.readVarUint(d);
      const ranges = decoding.readVarUint(d);
      declared(d, update, ranges);
      if (work + ranges > maxWork) return { kind: 'too-much', work: work + ranges };
      repeat(ranges, () => skipId(d));
      work += ranges;
    }
    if (d.pos > update.byteLength) throw new UndecodableUpdate('declared length beyond the update');
    return { kind: 'ok', work, structs, claims };
  } catch (err) {
    if (err instanceof UndecodableUpdate) throw err;
    throw new UndecodableUpdate(err instanceof Error ? err.message : String(err));
  }
}
