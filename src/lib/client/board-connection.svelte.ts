/**
 * One board's live document: a Y.Doc synced over y-websocket, persisted in IndexedDB for the
 * writing roles (so a panelist who goes offline keeps editing, even across a reload), and
 * exposed as a reactive, immutable BoardState snapshot re-read at most once per frame.
 *
 * Components never see the Y.Doc: they read `board` and `status`, and write through the
 * methods below, which call the board commands (the only writers of Y types).
 *
 * When the server strips this device's stale edits (W10: the moderator had changed those cards
 * meanwhile), the local copy has diverged for good (Yjs keeps the local value where it won the
 * tie). The connection hands the device's versions of those cards to `onStale`, then drops its
 * copy (and the IndexedDB one) and loads the board afresh.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { BoardError } from '$lib/board/errors.js';
import { isCardKind } from '$lib/board/layout.js';
import { LOCAL } from '$lib/board/origin.js';
import { CardReader } from '$lib/board/card-reader.js';
import { keepUnchangedCards, readBoard } from '$lib/board/selectors.js';
import { addCard, editCard, moveCard, type CardPatch, type NewCard } from '$lib/board/commands.js';
import type { BoardState } from '$lib/board/types.js';
import { FATAL_CLOSE_CODES } from '$lib/protocol/close-codes.js';
import { NOTICE_MESSAGE, readNotice, type YjsNotice } from '$lib/protocol/yjs-notice.js';
import type { Role } from '$lib/roles/index.js';
import { fatalReason, type ConnectionStatus } from './connection-status.js';
import { frameScheduler } from './frame-scheduler.js';
import type { StaleVersion } from './stale-versions.svelte.js';

export interface BoardConnectionOptions {
  boardId: string;
  token: string;
  deviceId: string;
  role: Role;
  /** Keep a copy in IndexedDB (writing roles only). */
  persist: boolean;
  /** Defaults to the page's own origin. */
  origin?: string;
  /** This device's versions of cards whose edits the server refused as stale (W10). */
  onStale?: (versions: Record<string, StaleVersion>) => void;
}

type Persistence = { destroy: () => Promise<void>; clearData: () => Promise<void> };

export type WriteResult = { ok: true; id?: string } | { ok: false; reason: string; message: string };

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve();
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

export class BoardConnection {
  #board = $state.raw<BoardState | null>(null);
  #wsConnected = $state(false);
  #everConnected = $state(false);
  #networkUp = $state(true);
  #fatal = $state.raw<{ code: number } | null>(null);
  #loaded = $state(false);

  #doc = new Y.Doc();
  #provider: WebsocketProvider;
  /** Re-parses only the cards each update touched (set with the document in #connect). */
  #cards!: CardReader;
  #persistence: Persistence | null = null;
  readonly #refreshes = frameScheduler(() => this.#refresh());
  #destroyed = false;
  #resyncing = false;
  readonly #cleanups: Array<() => void> = [];
  readonly #options: BoardConnectionOptions;

  constructor(options: BoardConnectionOptions) {
    this.#options = options;
    this.#provider = this.#connect();
    this.#watchNetwork();
    if (options.persist) void this.#persist(this.#storeName);
  }

  get #storeName(): string {
    return `panel-board:${this.#options.boardId}:${this.#options.role}`;
  }

  /** A provider for the current document, with its listeners (they go when it is destroyed). */
  #connect(): WebsocketProvider {
    const options = this.#options;
    const base = (options.origin ?? location.origin).replace(/^http/, 'ws');
    // BroadcastChannel is off: a moderator tab must never pass hidden cards to a projector tab.
    const provider = new WebsocketProvider(`${base}/yjs`, options.boardId, this.#doc, {
      params: { token: options.token, device: options.deviceId },
      disableBc: true,
      maxBackoffTime: 5000,
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code)
    });
    provider.messageHandlers[NOTICE_MESSAGE] = (_encoder, decoder) => {
      const notice = readNotice(decoder);
      if (notice) this.#onNotice(notice);
    };
    this.#cards = new CardReader(this.#doc);
    this.#watchProvider(provider);
    this.#doc.on('update', () => this.#refreshes.request());
    return provider;
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
    this.#cards.destroy();
    void this.#persistence?.destroy();
    this.#doc.destroy();
  }

  /** W10: keep this device's versions of the refused cards, then start over from the server's copy. */
  #onNotice(notice: YjsNotice): void {
    const cards = new Map(readBoard(this.#doc).cards.map((c) => [c.id, c]));
    const at = Date.now();
    const versions: Record<string, StaleVersion> = {};
    for (const id of notice.cards) {
      // Her own values as the server stripped them; this copy may already show the moderator's.
      const card = cards.get(id);
      const mine = notice.values[id] ?? {};
      const text = mine.text ?? card?.text;
      const kind = isCardKind(mine.kind) ? mine.kind : card?.kind;
      if (text !== undefined && kind !== undefined) versions[id] = { text, kind, at };
    }
    this.#options.onStale?.(versions);
    // Not from inside the provider's own message handler.
    setTimeout(() => void this.#resync(), 0);
  }

  async #resync(): Promise<void> {
    if (this.#resyncing || this.#destroyed) return;
    this.#resyncing = true;
    const old = { provider: this.#provider, doc: this.#doc, persistence: this.#persistence };
    this.#persistence = null;
    old.provider.destroy();
    this.#cards.destroy();
    // The offline copy holds the diverged values too: it goes (by name, if not opened yet).
    if (old.persistence) await old.persistence.clearData().catch(() => undefined);
    else if (this.#options.persist) await deleteDatabase(this.#storeName);
    old.doc.destroy();
    this.#resyncing = false;
    if (this.#destroyed) return;
    this.#doc = new Y.Doc();
    this.#provider = this.#connect();
    if (this.#options.persist) void this.#persist(this.#storeName);
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
    this.#board = keepUnchangedCards(this.#board, readBoard(this.#doc, this.#cards.read()));
  }

  #watchProvider(provider: WebsocketProvider): void {
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
    const doc = this.#doc;
    const { IndexeddbPersistence } = await import('y-indexeddb');
    if (this.#destroyed || doc !== this.#doc) return;
    const persistence = new IndexeddbPersistence(name, doc);
    this.#persistence = persistence;
    await persistence.whenSynced;
    if (this.#destroyed || doc !== this.#doc) return;
    this.#refresh();
    // An offline copy that already holds the board counts as loaded.
    if (this.#board && (this.#board.meta.title !== '' || this.#board.topics.length > 0)) this.#loaded = true;
  }
}
