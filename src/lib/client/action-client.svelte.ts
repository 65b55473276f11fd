/**
 * The socket.io side of a board page: moderated actions and votes go through `run()`, which
 * resolves with the server's ack (or a client-side timeout); presence counts arrive as events.
 */
import { io, type Socket } from 'socket.io-client';
import type { AckResult, ErrorReason } from '$lib/protocol/errors.js';
import type { ActionMap, ActionName, ClientToServerEvents, HandshakeAuth, PresenceCounts, ServerToClientEvents } from '$lib/protocol/events.js';

export type ClientFailure = { ok: false; reason: ErrorReason | 'timeout' | 'offline'; message: string };
export type RunResult<K extends ActionName> = AckResult<ActionMap[K]['result']> | ClientFailure;

export interface ActionClientOptions extends HandshakeAuth {
  timeoutMs?: number;
  /** The server did not accept the device identity (connect_error `device-invalid`). */
  onDeviceRefused?: () => void;
}

export type Notice = Parameters<ServerToClientEvents['notice']>[0];

export class ActionClient {
  #presence = $state.raw<PresenceCounts | null>(null);
  #connected = $state(false);
  #notice = $state.raw<Notice | null>(null);
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #timeoutMs: number;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(options: ActionClientOptions) {
    const { timeoutMs = 8000, onDeviceRefused, ...auth } = options;
    this.#timeoutMs = timeoutMs;
    // WebSocket only: the board needs websockets anyway (Yjs), and it spares a load balancer
    // sticky sessions (long-polling requests of one client must hit one instance).
    this.#socket = io({ auth: { ...auth }, transports: ['websocket'] });
    this.#socket.on('connect', () => (this.#connected = true));
    this.#socket.on('disconnect', () => (this.#connected = false));
    this.#socket.on('presence', (counts) => (this.#presence = counts));
    this.#socket.on('notice', (notice) => (this.#notice = notice));
    this.#socket.on('connect_error', (err) => {
      if ((err as Error & { data?: { reason?: unknown } }).data?.reason === 'device-invalid') onDeviceRefused?.();
      else this.#retryLater(err);
    });
  }

  /**
   * socket.io does not retry a handshake the server refused; a refusal for load (too many new
   * connections from the hall's address, a full board) passes with time, so try again later,
   * spread out (a jitter), never sooner than the server asked.
   */
  #retryLater(err: Error): void {
    const data = (err as Error & { data?: { reason?: unknown; retryAfterMs?: unknown } }).data;
    if (this.#socket.active || data?.reason !== 'rate-limited' || this.#retry) return;
    const asked = typeof data.retryAfterMs === 'number' ? data.retryAfterMs : 1000;
    const delay = Math.min(60_000, asked + Math.random() * 5000);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#socket.connect();
    }, delay);
  }

  get presence(): PresenceCounts | null {
    return this.#presence;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get notice(): Notice | null {
    return this.#notice;
  }

  run<K extends ActionName>(action: K, payload: ActionMap[K]['payload']): Promise<RunResult<K>> {
    return new Promise((resolve) => {
      // socket.io's typed emit cannot take a generic event name; ActionMap above still types
      // the payload and the ack for callers.
      const socket = this.#socket.timeout(this.#timeoutMs) as unknown as {
        emit(event: string, payload: unknown, ack: (err: Error | null, res: AckResult<ActionMap[K]['result']>) => void): void;
      };
      socket.emit(action, payload, (err, res) => {
        if (err) resolve({ ok: false, reason: this.#connected ? 'timeout' : 'offline', message: err.message });
        else resolve(res);
      });
    });
  }

  /** Listens to a server event (e.g. 'submission', 'reactions'); returns the unsubscriber. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    const socket = this.#socket as unknown as { on(e: string, h: unknown): void; off(e: string, h: unknown): void };
    socket.on(event, handler);
    return () => socket.off(event, handler);
  }

  /** Runs `handler` on every (re)connection, and now if connected: a place to catch up. */
  onConnect(handler: () => void): () => void {
    this.#socket.on('connect', handler);
    if (this.#socket.connected) queueMicrotask(handler);
    return () => void this.#socket.off('connect', handler);
  }

  destroy(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }
}
