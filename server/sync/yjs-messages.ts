/**
 * The standard y-websocket wire format (y-protocols): a varUint message type, then
 *   0 Sync:   varUint subtype (0 step 1 | 1 step 2 | 2 update), varUint8Array payload
 *   1 Awareness:       varUint8Array awareness update
 *   3 QueryAwareness:  no payload
 * Decoding is strict: anything else is Malformed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export type IncomingMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

function decodeSync(decoder: decoding.Decoder): IncomingMessage {
  const subtype = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (subtype) {
    case SyncType.Step1:
      return { type: 'sync-step-1', stateVector: payload };
    case SyncType.Step2:
      return { type: 'sync-step-2', update: payload };
    case SyncType.Update:
      return { type: 'sync-update', update: payload };
    default:
      throw new MalformedMessage(`unknown sync message ${subtype}`);
  }
}

function decodeBody(decoder: decoding.Decoder): IncomingMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync:
      return decodeSync(decoder);
    case MessageType.Awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case MessageType.QueryAwareness:
      return { type: 'query-awareness' };
    default:
      throw new MalformedMessage(`unknown message type ${type}`);
  }
}

/** `data` must be an exact-size buffer: lib0 reads a declared length as a view on `data.buffer`. */
export function decodeMessage(data: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const message = decodeBody(decoder);
    if (decoder.pos > data.byteLength) throw new MalformedMessage('declared length beyond the frame');
    return message;
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage(err instanceof Error ? err.message : String(err));
  }
}

function message(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

const sync = (subtype: number, payload: Uint8Array): Uint8Array =>
  message(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => sync(SyncType.Step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => sync(SyncType.Step2, update);
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => sync(SyncType.Update, update);
export const encodeAwareness = (update: Uint8Array): Uint8Array => message(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update));
