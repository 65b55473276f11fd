/**
 * The moderator-only queue document of a board (`<boardId>/queue`: audience submissions and the
 * moderation log), synced read-only over y-websocket and exposed as reactive snapshots. The
 * server decides everything through queue actions; this side only reads. It is never kept in
 * IndexedDB: pending items may hold personal data the moderator is about to reject.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readQueuedAnswers, type QueuedAnswer } from '$lib/board/poll-answers.js';
import { readLog, readSubmissions } from '$lib/board/queue.js';
import type { ModerationLogEntry, Submission } from '$lib/board/types.js';
import { FATAL_CLOSE_CODES } from '$lib/protocol/close-codes.js';
import { CardArrivals } from './arrivals.svelte.js';
import { fatalReason, type ConnectionStatus } from './connection-status.js';
import { frameScheduler } from './frame-scheduler.js';

export interface QueueConnectionOptions {
  boardId: string;
  /** The moderator's token. */
  token: string;
  deviceId: string;
  /** Defaults to the page's own origin. */
  origin?: string;
}

export const queueRoom = (boardId: string): string => `${boardId}/queue`;

export class QueueConnection {
  #submissions = $state.raw<Submission[]>([]);
  #pending = $state.raw<Submission[]>([]);
  #decided = $state.raw<Submission[]>([]);
  #log = $state.raw<ModerationLogEntry[]>([]);
  #answers = $state.raw<QueuedAnswer[]>([]);
  #connected = $state(false);
  #everConnected = $state(false);
  #loaded = $state(false);
  #fatal = $state.raw<{ code: number } | null>(null);
  /** New pending items, batched for a polite announcement. */
  readonly arrivals = new CardArrivals({ announceEveryMs: 1500 });

  readonly #doc = new Y.Doc();
  readonly #provider: WebsocketProvider;
  readonly #refreshes = frameScheduler(() => this.#refresh());
  #destroyed = false;

  constructor(options: QueueConnectionOptions) {
    const base = (options.origin ?? location.origin).replace(/^http/, 'ws');
    this.#provider = new WebsocketProvider(`${base}/yjs`, queueRoom(options.boardId), this.#doc, {
      params: { token: options.token, device: options.deviceId },
      disableBc: true,
      maxBackoffTime: 5000,
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code)
    });
    this.#provider.on('status', ({ status }: { status: string }) => {
      this.#connected = status === 'connected';
      if (this.#connected) this.#everConnected = true;
    });
    this.#provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      this.#loaded = true;
      this.#refresh();
    });
    this.#provider.on('closed', (close: { code: number }) => {
      this.#fatal = { code: close.code };
    });
    this.#doc.on('update', () => this.#refreshes.request());
  }

  /** Every submission, oldest first. */
  get submissions(): Submission[] {
    return this.#submissions;
  }

  /** Waiting for a decision, oldest first. */
  get pending(): Submission[] {
    return this.#pending;
  }

  /** Approved or rejected, latest decision first. */
  get decided(): Submission[] {
    return this.#decided;
  }

  /** Written poll answers in every state (poll-answers.ts), oldest first. */
  get answers(): QueuedAnswer[] {
    return this.#answers;
  }

  /** The moderation log, in the order it was written. */
  get log(): ModerationLogEntry[] {
    return this.#log;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  get status(): ConnectionStatus {
    if (this.#fatal) return { kind: 'fatal', code: this.#fatal.code, reason: fatalReason(this.#fatal.code) };
    if (this.#connected) return { kind: 'online' };
    return this.#everConnected ? { kind: 'reconnecting' } : { kind: 'connecting' };
  }

  destroy(): void {
    this.#destroyed = true;
    this.#refreshes.cancel();
    this.arrivals.destroy();
    this.#provider.destroy();
    this.#doc.destroy();
  }

  #refresh(): void {
    if (this.#destroyed) return;
    this.#submissions = readSubmissions(this.#doc);
    // Split once per refresh, not on every read of `pending` or `decided`.
    this.#pending = this.#submissions.filter((s) => s.status === 'pending');
    this.#decided = this.#submissions.filter((s) => s.status !== 'pending').sort((a, b) => (b.decidedAt ?? 0) - (a.decidedAt ?? 0));
    this.#log = readLog(this.#doc);
    this.#answers = readQueuedAnswers(this.#doc);
    // Only once synced: the first observation records what was already waiting, unannounced.
    if (this.#loaded) this.arrivals.observe(this.pending.map((s) => s.id));
  }
}
