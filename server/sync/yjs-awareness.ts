/**
 * Awareness updates are decoded at the edge and filtered per connection: a connection may set
 * the states of the client ids it introduced (up to a cap), never anyone else's, so one tab
 * cannot spoof or erase another's presence. Wire format (y-protocols): varUint count, then per
 * entry varUint clientID, varUint clock, varString JSON state ("null" = removed).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedMessage } from './yjs-messages.js';

interface Entry {
  clientId: number;
  clock: number;
  state: string;
}

function decodeEntries(update: Uint8Array): Entry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    // Each entry takes at least 3 bytes: a count beyond that is a lie, not a reason to allocate.
    if (count > update.byteLength / 3) throw new MalformedMessage(`awareness declares ${count} entries in ${update.byteLength} bytes`);
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const entry = { clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) };
      JSON.parse(entry.state);
      entries.push(entry);
    }
    return entries;
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage(`bad awareness update: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function filterAwareness(update: Uint8Array, rules: { own: ReadonlySet<number>; others: ReadonlySet<number>; max: number }): { update: Uint8Array | null; dropped: number } {
  const entries = decodeEntries(update);
  const introduced = new Set(rules.own);
  const kept = entries.filter((e) => {
    if (introduced.has(e.clientId)) return true;
    if (rules.others.has(e.clientId) || introduced.size >= rules.max || e.state === 'null') return false;
    introduced.add(e.clientId);
    return true;
  });
  if (kept.length === 0) return { update: null, dropped: entries.length };
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const e of kept) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return { update: encoding.toUint8Array(encoder), dropped: entries.length - kept.length };
}
