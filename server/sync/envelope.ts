/**
 * What a room publishes on the bus: the sending instance's id, one Yjs update, and the sequence
 * number the store gave it (0 when unknown). The sequence number comes last, so an instance
 * that does not know it yet (a rolling upgrade) still reads the rest.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface Envelope {
  sender: string;
  update: Uint8Array;
  seq: number;
}

export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, envelope.sender);
  encoding.writeVarUint8Array(e, envelope.update);
  encoding.writeVarUint(e, envelope.seq);
  return encoding.toUint8Array(e);
}

/** Throws on malformed input. */
export function decodeEnvelope(message: Uint8Array): Envelope {
  const d = decoding.createDecoder(message);
  const sender = decoding.readVarString(d);
  const update = decoding.readVarUint8Array(d);
  return { sender, update, seq: decoding.hasContent(d) ? decoding.readVarUint(d) : 0 };
}
