/**
 * The y-websocket fan-out of one document room: its peers, the cached sync messages, relaying
 * persisted updates (encoded once, the same buffer to every peer) with back-pressure, and for
 * the full document the awareness relay among writers (coalesced per interval).
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import type { Limits } from '../app/limits.js';
import type { DocRoom } from './doc-room.js';
import { binaryFrame, sendFramed, type BinaryFrame } from './ws-frame.js';
import { filterAwareness } from './yjs-awareness.js';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './yjs-messages.js';

export interface Peer {
  readonly id: string;
  readonly socket: WebSocket;
  /** Set when a doc message was skipped under back-pressure; the next send is a full resync. */
  lagging: boolean;
  /** Bytes of document messages skipped while lagging; past the hard bound the peer is closed. */
  skippedBytes?: number;
  /** Awareness client ids this peer controls. */
  readonly awarenessIds: Set<number>;
}

export interface DocChannel {
  readonly room: DocRoom;
  add(peer: Peer): void;
  /** Returns how many peers remain. */
  remove(peer: Peer): number;
  /** Sync step 1 + current awareness, sent to a peer on connect. */
  greet(peer: Peer): void;
  /**
   * The sync step 2 answering a step 1: from the cache, or freshly encoded (the costly case: the
   * whole delete set plus what the state vector lacks) if `mayEncode()` allows; null if not.
   */
  step2For(stateVector: Uint8Array, mayEncode: () => boolean): Uint8Array | null;
  /**
   * False for a state vector that names far more clients than the document has: answering it
   * costs time in its length (encodeStateAsUpdate walks it), and no real client sends one.
   */
  stateVectorFits(stateVector: Uint8Array): boolean;
  /** Applies the entries this peer may set; returns how many entries were dropped. */
  applyAwareness(peer: Peer, update: Uint8Array): number;
  awarenessStates(): Uint8Array | null;
  send(peer: Peer, message: Uint8Array, kind: 'doc' | 'awareness'): void;
  destroy(): void;
}

export interface DocChannelOptions {
  room: DocRoom;
  withAwareness: boolean;
  limits: Limits;
  logger: Logger;
  /** Called with the number of frames sent: once per broadcast, once per single send (metrics). */
  onSend?: (frames: number) => void;
}

function cachedByVersion(currentVersion: () => number, encode: () => Uint8Array): () => Uint8Array {
  let version = -1;
  let cached: Uint8Array = new Uint8Array();
  return () => {
    if (version !== currentVersion()) {
      cached = encode();
      version = currentVersion();
    }
    return cached;
  };
}

const isEmptyStateVector = (sv: Uint8Array): boolean => sv.byteLength === 1 && sv[0] === 0;

/**
 * Clients a state vector may name beyond those the document holds: a client's own id and the
 * ids of offline edits it has not sent yet. Each entry is two varints, at most 18 bytes.
 */
const STATE_VECTOR_SLACK = 64;
const STATE_VECTOR_ENTRY_BYTES = 18;

function fitsDocument(doc: Y.Doc, sv: Uint8Array): boolean {
  const allowed = doc.store.clients.size + STATE_VECTOR_SLACK;
  // The length alone refuses a huge vector before anything is decoded.
  if (sv.byteLength > 8 + allowed * STATE_VECTOR_ENTRY_BYTES) return false;
  return Y.decodeStateVector(sv).size <= allowed;
}

/** Replies to non-empty state vectors kept per document version (clients joining together send the same ones). */
const STEP2_CACHE_ENTRIES = 16;
const STEP2_CACHE_KEY_BYTES = 4096;

function step2Cache(currentVersion: () => number, encode: (sv: Uint8Array) => Uint8Array) {
  let version = -1;
  const replies = new Map<string, Uint8Array>();
  return (sv: Uint8Array, mayEncode: () => boolean): Uint8Array | null => {
    if (version !== currentVersion()) {
      replies.clear();
      version = currentVersion();
    }
    const key = sv.byteLength <= STEP2_CACHE_KEY_BYTES ? Buffer.from(sv).toString('latin1') : null;
    const cached = key === null ? undefined : replies.get(key);
    if (cached) return cached;
    if (!mayEncode()) return null;
    const message = encode(sv);
    if (key !== null) {
      if (replies.size >= STEP2_CACHE_ENTRIES) replies.delete(replies.keys().next().value as string);
      replies.set(key, message);
    }
    return message;
  };
}

export function createDocChannel(options: DocChannelOptions): DocChannel {
  const { room, limits, logger } = options;
  const peers = new Set<Peer>();
  // State sent out comes from the durable copy (see DocRoom.persisted); the state vector we ask
  // with comes from the live doc, so clients don't resend what is merely in flight.
  const fullState = cachedByVersion(room.persistedVersion, () => encodeSyncStep2(Y.encodeStateAsUpdate(room.persisted)));
  const step2 = step2Cache(room.persistedVersion, (sv) => encodeSyncStep2(Y.encodeStateAsUpdate(room.persisted, sv)));
  const step1 = cachedByVersion(room.version, () => encodeSyncStep1(Y.encodeStateVector(room.doc)));
  const awareness = options.withAwareness ? new awarenessProtocol.Awareness(room.doc) : null;
  awareness?.setLocalState(null);

  /** Sends (or skips, under back-pressure); true when a frame went out. */
  function sendOne(peer: Peer, message: Uint8Array | BinaryFrame, kind: 'doc' | 'awareness'): boolean {
    const socket = peer.socket;
    if (socket.readyState !== socket.OPEN) return false;
    // Buffered plus skipped bytes: a reader that stopped reading is closed once it has fallen
    // that far behind, even though skipping keeps what the server holds for it bounded.
    const behind = socket.bufferedAmount + (peer.skippedBytes ?? 0);
    if (behind > limits.sendBufferHardBytes) {
      logger.warn({ conn: peer.id, buffered: socket.bufferedAmount, skipped: peer.skippedBytes ?? 0 }, 'slow consumer closed');
      socket.close(CloseCode.SlowConsumer, 'slow consumer');
      return false;
    }
    if (socket.bufferedAmount > limits.sendBufferSoftBytes) {
      if (kind === 'doc') peer.lagging = true;
      peer.skippedBytes = (peer.skippedBytes ?? 0) + (message instanceof Uint8Array ? message : message.payload).byteLength;
      return false;
    }
    peer.skippedBytes = 0;
    if (kind === 'doc' && peer.lagging) {
      peer.lagging = false;
      socket.send(fullState());
    } else if (message instanceof Uint8Array) socket.send(message);
    else sendFramed(socket, message);
    return true;
  }

  function send(peer: Peer, message: Uint8Array, kind: 'doc' | 'awareness'): void {
    if (sendOne(peer, message, kind)) options.onSend?.(1);
  }

  /** One frame, built once, for every peer. */
  const broadcast = (message: Uint8Array, kind: 'doc' | 'awareness'): void => {
    const frame = binaryFrame(message);
    let sent = 0;
    for (const peer of peers) if (sendOne(peer, frame, kind)) sent += 1;
    if (sent > 0) options.onSend?.(sent);
  };
  const unsubscribe = room.onUpdate((update) => broadcast(encodeSyncUpdate(update), 'doc'));
  const relay = awareness ? createAwarenessRelay(awareness, limits, (m) => broadcast(m, 'awareness')) : null;

  return {
    room,
    add(peer) {
      peers.add(peer);
      room.setFanout(peers.size);
    },
    remove(peer) {
      peers.delete(peer);
      room.setFanout(peers.size);
      if (awareness && peer.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(awareness, [...peer.awarenessIds], null);
      return peers.size;
    },
    greet(peer) {
      send(peer, step1(), 'doc');
      const states = relay?.states();
      if (states) send(peer, states, 'awareness');
    },
    stateVectorFits: (sv) => fitsDocument(room.persisted, sv),
    step2For: (sv, mayEncode) => (isEmptyStateVector(sv) ? fullState() : step2(sv, mayEncode)),
    applyAwareness(peer, update) {
      if (!awareness) return 0;
      const others = new Set<number>();
      for (const p of peers) if (p !== peer) for (const id of p.awarenessIds) others.add(id);
      const { update: allowed, dropped } = filterAwareness(update, { own: peer.awarenessIds, others, max: limits.maxAwarenessClientsPerConnection });
      if (allowed) awarenessProtocol.applyAwarenessUpdate(awareness, allowed, peer);
      return dropped;
    },
    awarenessStates: () => relay?.states() ?? null,
    send,
    destroy() {
      unsubscribe();
      relay?.destroy();
      awareness?.destroy();
      peers.clear();
    }
  };
}

const isPeer = (v: unknown): v is Peer => typeof v === 'object' && v !== null && (v as Partial<Peer>).awarenessIds instanceof Set;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function createAwarenessRelay(awareness: awarenessProtocol.Awareness, limits: Limits, broadcast: (m: Uint8Array) => void) {
  const pending = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    timer = null;
    if (pending.size === 0) return;
    const ids = [...pending];
    pending.clear();
    broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, ids)));
  };
  const onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const owned = isPeer(origin) ? origin.awarenessIds : null;
    for (const id of added) owned?.add(id);
    for (const id of removed) owned?.delete(id);
    for (const id of [...added, ...updated, ...removed]) pending.add(id);
    timer ??= setTimeout(flush, limits.awarenessThrottleMs);
  };
  awareness.on('update', onUpdate);
  return {
    states(): Uint8Array | null {
      const ids = [...awareness.getStates().keys()];
      return ids.length === 0 ? null : encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, ids));
    },
    destroy(): void {
      awareness.off('update', onUpdate);
      if (timer) clearTimeout(timer);
    }
  };
}
