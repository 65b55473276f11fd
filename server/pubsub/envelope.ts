/** What a room publishes on the bus: the sending instance's id and one Yjs update. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface Envelope {
  sender: string;
  update: Uint8Array;
}

export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, envelope.sender);
  encoding.writeVarUint8Array(e, envelope.update);
  return encoding.toUint8Array(e);
}

/** Throws on malformed input. */
export function decodeEnvelope(message: Uint8Array): Envelope {
  const d = decoding.createDecoder(message);
  return { sender: decoding.readVarString(d), update: decoding.readVarUint8Array(d) };
}
