/**
 * A light y-websocket client: a bare socket (see transport.ts), no Y.Doc. It does the sync handshake, sends an
 * awareness state on join (and renews it like y-protocols does), counts bytes, and hands sync
 * updates to a callback that searches them for card markers.
 */
import { openTransport, type Transport, type TransportKind } from './transport.js';
import { encodeAwareness, encodeEmptyStep1, encodeEmptyStep2, encodeHocuspocusAuth, encodeUpdate, frameKind, hocuspocusPrefix } from './protocol.js';

const STEP1 = encodeEmptyStep1();
const STEP2 = encodeEmptyStep2();
/** y-protocols renews a local awareness state once it is 15 s old (outdatedTimeout / 2). */
export const AWARENESS_RENEWAL_MS = 15_000;

export type ClientState = 'idle' | 'connecting' | 'syncing' | 'synced' | 'closed';

export interface ClientOptions {
  url: string;
  /** Awareness state sent on join; null sends none. */
  awareness: object | null;
  /** Re-send the awareness state every 15 s, starting at a random phase. */
  renewAwareness: boolean;
  transport: TransportKind;
  /** Offer permessage-deflate, as browsers do (ws transport only). */
  deflate: boolean;
  /** Sync updates after the handshake (frame, receive time). */
  onUpdate?: (frame: Buffer, at: number) => void;
  /** The sync step 2 frame that completes the handshake. */
  onStep2?: (frame: Buffer, at: number) => void;
  /**
   * Speak Hocuspocus's framing for this document name: every message is prefixed with the
   * name, and an Auth message goes first (see protocol.ts). Undefined: plain y-websocket.
   */
  hocuspocusDoc?: string;
  /** The loopback address to connect from (e.g. 127.0.0.7); the default lets the OS pick. */
  localAddress?: string;
}

export class LightClient {
  readonly clientId = Math.floor(Math.random() * 0xffffffff);
  state: ClientState = 'idle';
  bytesIn = 0;
  framesIn = 0;
  syncBytesIn = 0;
  awarenessFramesIn = 0;
  /** Sync step 2 frames after the handshake that no barrier asked for. */
  resyncs = 0;
  startedAt = 0;
  syncedAt = 0;
  closeCode: number | null = null;
  closeReason = '';
  #options: ClientOptions;
  #ws: Transport | null = null;
  #clock = 0;
  #renewal: NodeJS.Timeout | null = null;
  #barriers: Array<() => void> = [];
  #onSynced: (() => void) | null = null;
  /** Hocuspocus: the document-name prefix of every message in both directions; null otherwise. */
  readonly #prefix: Buffer | null;

  constructor(options: ClientOptions) {
    this.#options = options;
    this.#prefix = options.hocuspocusDoc === undefined ? null : hocuspocusPrefix(options.hocuspocusDoc);
  }

  #send(frame: Uint8Array): void {
    this.#ws?.send(this.#prefix ? Buffer.concat([this.#prefix, frame]) : frame);
  }

  /** Resolves once sync step 2 arrives; rejects on close, error or timeout. */
  connect(timeoutMs: number): Promise<void> {
    this.state = 'connecting';
    this.startedAt = performance.now();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no sync step 2 within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        if (this.state !== 'synced') reject(err);
      };
      this.#onSynced = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#ws = openTransport(
        this.#options.transport,
        this.#options.url,
        this.#options.deflate,
        {
          onOpen: () => {
            this.state = 'syncing';
            if (this.#prefix) this.#ws?.send(encodeHocuspocusAuth(this.#prefix));
            this.#send(STEP1);
            if (this.#options.awareness) this.#sendAwareness();
            if (this.#options.renewAwareness && this.#options.awareness) this.#startRenewal();
          },
          onMessage: (frame) => this.#onFrame(frame, performance.now()),
          onError: (err) => fail(err),
          onClose: (code, reason) => {
            if (this.state === 'closed') return;
            this.closeCode = code;
            this.closeReason = reason;
            this.#stop();
            fail(new Error(`closed ${code} ${reason}`));
          }
        },
        this.#options.localAddress
      );
    });
  }

  /** Sends a Yjs update as a sync update message. */
  sendUpdate(update: Uint8Array): void {
    this.#send(encodeUpdate(update));
  }

  sendFrame(frame: Uint8Array): void {
    this.#send(frame);
  }

  /** Resolves when the server answered a sync step 1, i.e. has handled all earlier frames. */
  barrier(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`barrier: no answer within ${timeoutMs} ms`)), timeoutMs);
      this.#barriers.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.#send(STEP1);
    });
  }

  get extensions(): string {
    return this.#ws?.extensions ?? '';
  }

  /** Closes from our side; not counted as a disconnect. */
  close(): void {
    this.#stop();
    this.#ws?.terminate();
  }

  #onFrame(frame: Buffer, at: number): void {
    this.bytesIn += frame.length;
    this.framesIn++;
    // every Hocuspocus message for this document starts with its name (one connection, one document)
    const data = this.#prefix && frame.length >= this.#prefix.length ? frame.subarray(this.#prefix.length) : frame;
    const kind = frameKind(data);
    switch (kind) {
      case 'step1':
        this.#send(STEP2);
        break;
      case 'step2':
        this.syncBytesIn += data.length;
        if (this.state === 'syncing') {
          this.state = 'synced';
          this.syncedAt = at;
          this.#options.onStep2?.(data, at);
          this.#onSynced?.();
        } else {
          // a later step 2 answers a barrier, or is a server's full resync (e.g. after it
          // skipped updates under back-pressure); either way it may carry cards
          const barrier = this.#barriers.shift();
          if (barrier) barrier();
          else this.resyncs++;
          this.#options.onUpdate?.(data, at);
        }
        break;
      case 'update':
        this.syncBytesIn += data.length;
        this.#options.onUpdate?.(data, at);
        break;
      case 'awareness':
        this.awarenessFramesIn++;
        break;
      case 'other':
        break;
      default: {
        const never: never = kind;
        return never;
      }
    }
  }

  #sendAwareness(): void {
    this.#send(encodeAwareness(this.clientId, ++this.#clock, this.#options.awareness));
  }

  #startRenewal(): void {
    this.#renewal = setTimeout(() => {
      this.#sendAwareness();
      this.#renewal = setInterval(() => this.#sendAwareness(), AWARENESS_RENEWAL_MS);
    }, Math.random() * AWARENESS_RENEWAL_MS);
  }

  #stop(): void {
    if (this.#renewal) clearTimeout(this.#renewal);
    this.#renewal = null;
    this.state = 'closed';
  }
}
