/** Yjs clients for tests: the real y-websocket provider, and a raw client that records every frame. */
import { WebSocket, type ClientOptions } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { newDeviceId } from '../src/lib/board/identity.js';
import { mintDevice } from './device.js';
import { waitFor } from './wait.js';

export interface ProviderClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  deviceId: string;
  closeCodes: number[];
  destroy(): void;
}

export async function openProvider(
  wsUrl: string,
  boardId: string,
  token: string,
  options: { deviceId?: string; waitSynced?: boolean; clientID?: number } = {}
): Promise<ProviderClient> {
  const doc = new Y.Doc();
  // Before the provider: its awareness takes the client id at construction.
  if (options.clientID !== undefined) doc.clientID = options.clientID;
  const deviceId = options.deviceId ?? (await mintDevice(wsUrl));
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, boardId, doc, {
    params: { token, device: deviceId },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code);
  });
  if (options.waitSynced !== false) await waitFor(() => provider.synced, `provider for ${boardId} to sync`);
  return {
    doc,
    provider,
    deviceId,
    closeCodes,
    destroy() {
      provider.destroy();
      doc.destroy();
    }
  };
}

export interface RawClient {
  doc: Y.Doc;
  /** Every binary frame received, in order. */
  frames: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  synced: () => boolean;
  send(bytes: Uint8Array): void;
  sendUpdate(update: Uint8Array): void;
  close(): void;
}

/** A minimal y-websocket client over `ws`: answers sync, applies what it receives, records raw frames. `wsOptions` go to `ws` (e.g. `localAddress`). */
export function openRaw(wsUrl: string, boardId: string, token: string | null, deviceId = newDeviceId(), wsOptions: ClientOptions = {}): RawClient {
  const query = new URLSearchParams({ ...(token === null ? {} : { token }), device: deviceId });
  const ws = new WebSocket(`${wsUrl}/yjs/${boardId}?${query}`, wsOptions);
  ws.binaryType = 'nodebuffer';
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  let synced = false;
  const send = (bytes: Uint8Array): void => ws.send(bytes);
  ws.on('open', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, doc);
    send(encoding.toUint8Array(e));
  });
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    frames.push(bytes);
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== 0) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    const kind = syncProtocol.readSyncMessage(decoder, reply, doc, 'server');
    if (kind === syncProtocol.messageYjsSyncStep2) synced = true;
    if (encoding.length(reply) > 1) send(encoding.toUint8Array(reply));
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return {
    doc,
    frames,
    closed,
    synced: () => synced,
    send,
    sendUpdate(update) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
      send(encoding.toUint8Array(e));
    },
    close: () => ws.close()
  };
}

/** Whether `needle` (UTF-8) occurs anywhere in `haystack`. */
export function containsText(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle, 'utf8'));
}
