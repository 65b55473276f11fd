/**
 * The y-websocket wire format, as much as a light benchmark client needs (grammar:
 * y-protocols PROTOCOL.md). A message is varUint(type) followed by the type's body:
 *
 *   sync      = 0  varUint(step) varUint8Array(payload)   step: 0 = step 1 (state vector),
 *                                                            1 = step 2 (update), 2 = update
 *   awareness = 1  varUint8Array(varUint(n) n × (varUint clientId, varUint clock, varString json))
 *
 * Light clients never build a Y.Doc: they classify a frame from its first two bytes (every type
 * and step is < 128, so each is one varUint byte) and search the payload for card markers.
 */
import * as encoding from 'lib0/encoding';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;

/** Sync step 1 with an empty state vector: "send me everything". */
export function encodeEmptyStep1(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, SyncStep.Step1);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
  return encoding.toUint8Array(e);
}

/** Sync step 2 carrying an empty update (0 structs, empty delete set): "I have nothing for you". */
export function encodeEmptyStep2(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, SyncStep.Step2);
  encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
  return encoding.toUint8Array(e);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, SyncStep.Update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An awareness update for one client, as y-protocols' encodeAwarenessUpdate writes it. */
export function encodeAwareness(clientId: number, clock: number, state: object | null): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Awareness);
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

export type FrameKind = 'step1' | 'step2' | 'update' | 'awareness' | 'other';

/** Classifies a frame from its first two bytes (see the module comment). */
export function frameKind(frame: Uint8Array): FrameKind {
  if (frame.length < 2) return 'other';
  if (frame[0] === MessageType.Awareness) return 'awareness';
  if (frame[0] !== MessageType.Sync) return 'other';
  switch (frame[1]) {
    case SyncStep.Step1:
      return 'step1';
    case SyncStep.Step2:
      return 'step2';
    case SyncStep.Update:
      return 'update';
    default:
      return 'other';
  }
}

/**
 * Hocuspocus (2.x to 4.x) frames every y-protocols message with the document's name first:
 *
 *   message = varString(documentName) varUint(type) body
 *
 * with the types above (plus its own: 4 sync reply, 5 stateless, 7 close, 8 sync status, …).
 * A connection must send an Auth message, type 2, subtype 0 (token) and a varString token,
 * before the server handles anything else for that document (earlier messages are queued).
 * The server answers 2/2 (authenticated) or 2/1 (permission denied), and acknowledges every
 * update with a sync-status message; the light client counts both as `other`.
 * See packages/server/src/ClientConnection.ts and MessageReceiver.ts of ueberdosis/hocuspocus.
 */
export function hocuspocusPrefix(documentName: string): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, documentName);
  return Buffer.from(encoding.toUint8Array(e));
}

/** The Auth message a Hocuspocus provider sends first (the bench server checks no token). */
export function encodeHocuspocusAuth(prefix: Uint8Array, token = 'bench'): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, prefix);
  encoding.writeVarUint(e, MessageType.Auth);
  encoding.writeVarUint(e, 0);
  encoding.writeVarString(e, token);
  return encoding.toUint8Array(e);
}
