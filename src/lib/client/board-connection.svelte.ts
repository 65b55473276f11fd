/**
 * One board's live document: a Y.Doc synced over y-websocket, persisted in IndexedDB for the
 * writing roles (so a panelist who goes offline keeps editing, even across a reload), and
 * exposed as a reactive, immutable BoardState snapshot re-read at most once per frame.
 *
 * Components never see the Y.Doc: they read `board` and `status`, and write through the
 * methods below, which call the board commands (the only writers of Y types).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { BoardError } from '$lib/board/errors.js';
import { LOCAL } from '$lib/board/origin.js';
import { keepUnchangedCards, readBoard } from '$lib/board/selectors.js';
import { addCard, editCard, moveCard, type CardPatch, type NewCard } from '$lib/board/commands.js';
import type { BoardState } from '$lib/board/types.js';
import { FATAL_CLOSE_CODES } from '$lib/protocol/close-codes.js';
import type { Role } from '$lib/roles/index.js';
import { fatalReason, type ConnectionStatus } from './connection-status.js';
import { frameScheduler } from './frame-scheduler.js';

export interface BoardConnectionOptions {
  boardId: string;
  token: string;
  deviceId: string;
  role: Role;
  /** Keep a copy in IndexedDB (writing roles only). */
  persist: boolean;
  /** Defaults to the page's own origin. */
  origin?: string;
}

export type WriteResult = { ok: true; id?: string } | { ok: false; reason: string; message: string };

export class BoardConnection {
  #board = $state.raw<BoardState | null>(null);
  #wsConnected = $state(false);
  #everConnected = $state(false);
  #networkUp = $state(true);
  #fatal = $state.raw<{ code: number } | null>(null);
  #loaded = $state(false);

  readonly #doc = new Y.Doc();
  readonly #provider: WebsocketProvider;
  #persistence: { destroy: () => Promise<void> } | null = null;
  readonly #refreshes = frameScheduler(() => this.#refresh());
  #destroyed = false;
  readonly #cleanups: Array<() => void> = [];

  constructor(options: BoardConnectionOptions) {
    const base = (options.origin ?? location.origin).replace(/^http/, 'ws');
    // BroadcastChannel is off: a moderator tab must never pass hidden cards to a projector tab.
    this.#provider = new WebsocketProvider(`${base}/yjs`, options.boardId, this.#doc, {
      params: { token: options.token, device: options.deviceId },
      disableBc: true,
      maxBackoffTime: 5000,
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code)
    });
    this.#watchProvider();
    this.#watchNetwork();
    const onUpdate = (): void => this.#refreshes.request();
    this.#doc.on('update', onUpdate);
    this.#cleanups.push(() => this.#doc.off('update', onUpdate));
    if (options.persist) void this.#persist(`panel-board:${options.boardId}:${options.role}`);
  }

  get board(): BoardState | null {
    return this.#board;
  }

  /** Derived from the socket, the browser's network state and any terminal close. */
  get status(): ConnectionStatus {
    if (this.#fatal) return { kind: 'fatal', code: this.#fatal.code, reason: fatalReason(this.#fatal.code) };
    // The browser knows about a lost network long before a silent socket times out.
    if (!this.#networkUp) return { kind: 'offline' };
    if (this.#wsConnected) return { kind: 'online' };
    return this.#everConnected ? { kind: 'reconnecting' } : { kind: 'connecting' };
  }

  /** True once the board is known, from the server or from this device's offline copy. */
  get loaded(): boolean {
    return this.#loaded && this.#board !== null;
  }

  addCard(input: NewCard): WriteResult {
    return this.#write(() => addCard(this.#doc, input, LOCAL));
  }

  editCard(id: string, patch: CardPatch): WriteResult {
    return this.#write(() => editCard(this.#doc, id, patch, LOCAL));
  }

  moveCard(id: string, to: { topicId: string | null; beforeId: string | null }): WriteResult {
    return this.#write(() => moveCard(this.#doc, id, to, LOCAL));
  }

  destroy(): void {
    this.#destroyed = true;
    this.#refreshes.cancel();
    for (const cleanup of this.#cleanups) cleanup();
    this.#provider.destroy();
    void this.#persistence?.destroy();
    this.#doc.destroy();
  }

  #write(fn: () => string | void): WriteResult {
    try {
      const id = fn();
      this.#refresh();
      return typeof id === 'string' ? { ok: true, id } : { ok: true };
    } catch (err) {
      if (err instanceof BoardError) return { ok: false, reason: err.reason, message: err.message };
      throw err;
    }
  }

  #refresh(): void {
    if (this.#destroyed) return;
    this.#board = keepUnchangedCards(this.#board, readBoard(this.#doc));
  }

  #watchProvider(): void {
    const provider = this.#provider;
    const onStatus = ({ status }: { status: string }): void => {
      this.#wsConnected = status === 'connected';
      if (this.#wsConnected) this.#everConnected = true;
    };
    const onSync = (synced: boolean): void => {
      if (!synced) return;
      this.#loaded = true;
      this.#refresh();
    };
    const onClosed = (close: { code: number }): void => {
      this.#fatal = { code: close.code };
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
  }

  #watchNetwork(): void {
    const offline = (): void => {
      this.#networkUp = false;
    };
    const online = (): void => {
      this.#networkUp = true;
      // Retry at once instead of waiting out the backoff.
      if (!this.#fatal && !this.#provider.wsconnected && !this.#provider.wsconnecting) this.#provider.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.#cleanups.push(() => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    });
    this.#networkUp = navigator.onLine;
  }

  async #persist(name: string): Promise<void> {
    // Loaded lazily so read-only pages (audience, projector) never download it.
    const { IndexeddbPersistence } = await import('y-indexeddb');
    if (this.#destroyed) return;
    const persistence = new IndexeddbPersistence(name, this.#doc);
    this.#persistence = persistence;
    await persistence.whenSynced;
    if (this.#destroyed) return;
    this.#refresh();
    // An offline copy that already holds the board counts as loaded.
    if (this.#board && (this.#board.meta.title !== '' || this.#board.topics.length > 0)) this.#loaded = true;
  }
}
