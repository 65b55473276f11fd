/**
 * One Y.Doc per document name. Loads from the store, and for every accepted change: merges what
 * arrived in one event-loop turn, appends it to the store, publishes it on the bus, and only
 * then hands it to listeners (the transports) for relaying. Knows no transport.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Limits } from '../config.js';
import type { DocStore } from '../persistence/doc-store.js';
import { channelName, type Bus } from '../pubsub/bus.js';
import { BUS_ORIGIN, originKind, STORE_ORIGIN } from './origins.js';

export type UpdateListener = (update: Uint8Array) => void;

export interface DocRoom {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Increments with every change to the doc; keys caches of encoded state. */
  version(): number;
  /** Approximate stored size in bytes, for the document size limit. */
  approxBytes(): number;
  /** Called with each persisted (merged) update, in order. */
  onUpdate(listener: UpdateListener): () => void;
  /** Resolves once every change made so far is persisted and relayed. */
  flushed(): Promise<void>;
  destroy(): Promise<void>;
}

export interface DocRoomOptions {
  name: string;
  store: DocStore;
  bus: Bus;
  instanceId: string;
  limits: Pick<Limits, 'compactAfterUpdates'>;
  logger: Logger;
}

function encodeEnvelope(sender: string, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, sender);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function decodeEnvelope(message: Uint8Array): { sender: string; update: Uint8Array } {
  const d = decoding.createDecoder(message);
  return { sender: decoding.readVarString(d), update: decoding.readVarUint8Array(d) };
}

const merge = (updates: Uint8Array[]): Uint8Array => (updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));

export async function createDocRoom(options: DocRoomOptions): Promise<DocRoom> {
  const { name, store, bus, instanceId, logger } = options;
  const doc = new Y.Doc({ gc: true });
  const stored = await store.load(name);
  doc.transact(() => {
    for (const update of stored.updates) Y.applyUpdate(doc, update, STORE_ORIGIN);
  }, STORE_ORIGIN);

  let version = 0;
  let approxBytes = stored.updates.reduce((n, u) => n + u.byteLength, 0);
  let lastSeq = stored.seq;
  let logLength = stored.logLength;
  let pendingAll: Uint8Array[] = [];
  let pendingLocal: Uint8Array[] = [];
  let scheduled = false;
  let chain: Promise<void> = Promise.resolve();
  let compacting = false;
  const listeners = new Set<UpdateListener>();
  const channel = channelName({ kind: 'doc', docName: name });

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    version += 1;
    const kind = originKind(origin);
    if (kind === 'store') return;
    pendingAll.push(update);
    if (kind !== 'bus') pendingLocal.push(update);
    schedule();
  });

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      chain = chain.then(flushOnce).catch((err: unknown) => logger.error({ err, doc: name }, 'flush failed'));
    });
  }

  async function flushOnce(): Promise<void> {
    const all = pendingAll;
    const local = pendingLocal;
    pendingAll = [];
    pendingLocal = [];
    if (all.length === 0) return;
    const merged = local.length > 0 ? merge(local) : null;
    if (merged) {
      try {
        lastSeq = await store.append(name, merged);
        logLength += 1;
        approxBytes += merged.byteLength;
      } catch (err) {
        logger.error({ err, doc: name }, 'append failed');
      }
      bus.publish(channel, encodeEnvelope(instanceId, merged)).catch((err: unknown) => logger.error({ err, doc: name }, 'publish failed'));
    }
    const out = merged && local.length === all.length ? merged : merge(all);
    for (const listener of [...listeners]) listener(out);
    if (logLength > options.limits.compactAfterUpdates) compactSoon();
  }

  function compactSoon(): void {
    if (compacting) return;
    compacting = true;
    setImmediate(() => {
      const snapshot = Y.encodeStateAsUpdate(doc);
      const upTo = lastSeq;
      const before = logLength;
      store
        .compact(name, snapshot, upTo)
        .then(() => {
          logLength -= before;
          approxBytes = snapshot.byteLength;
          logger.debug({ doc: name, entries: before }, 'compacted');
        })
        .catch((err: unknown) => logger.error({ err, doc: name }, 'compaction failed'))
        .finally(() => (compacting = false));
    });
  }

  const unsubscribe = bus.subscribe(channel, (message) => {
    try {
      const { sender, update } = decodeEnvelope(message);
      if (sender !== instanceId) Y.applyUpdate(doc, update, BUS_ORIGIN);
    } catch (err) {
      logger.warn({ err, doc: name }, 'bad bus message dropped');
    }
  });

  async function flushed(): Promise<void> {
    while (scheduled || pendingAll.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await chain;
  }

  return {
    name,
    doc,
    version: () => version,
    approxBytes: () => approxBytes,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flushed,
    async destroy() {
      unsubscribe();
      await flushed();
      listeners.clear();
      doc.destroy();
    }
  };
}
