/**
 * Loads boards on demand (full doc, public doc and the moderator-only queue doc) and unloads a
 * board once its last user releases it and everything is persisted. What features do with a
 * loaded board they do through the hooks they register (board-hooks.ts).
 */
import type { Logger } from 'pino';
import type { Limits } from '../app/limits.js';
import type { DocStore } from './doc-store.js';
import type { Bus, ResyncReason } from './bus.js';
import { watchBoard, type BoardHooks, type LoadedBoard } from './board-hooks.js';
import { createDocRoom, type DocRoom } from './doc-room.js';
import type { Fold } from './fold.js';
import { fullDocName, publicDocName, queueDocName } from './origins.js';

export type { LoadedBoard } from './board-hooks.js';

export interface BoardHandle extends LoadedBoard {
  /** Idempotent. */
  release(): void;
}

/** A loaded board, and the detacher of its hooks' update listeners. */
interface Loaded {
  board: LoadedBoard;
  detach: () => void;
}

/** A registry entry's lifecycle. */
type Entry = { phase: 'active'; refs: number; board: Promise<Loaded> } | { phase: 'unloading'; done: Promise<void> };

export interface BoardRegistry {
  acquire(boardId: string): Promise<BoardHandle>;
  /** Runs `fn` with the board loaded, releasing it afterwards. */
  withBoard<T>(boardId: string, fn: (board: LoadedBoard) => T | Promise<T>): Promise<T>;
  loadedCount(): number;
  /** Whether the board is loaded (or unloading) on this instance. */
  isLoaded(boardId: string): boolean;
  /** Loaded documents whose updates the store currently refuses (held and retried); /healthz. */
  unstoredDocs(): number;
  flushAll(): Promise<void>;
  /** Flushes and unloads every board. */
  close(): Promise<void>;
}

export interface RegistryOptions {
  store: DocStore;
  bus: Bus;
  instanceId: string;
  limits: Limits;
  logger: Logger;
  /** What features do on load, update and unload, in this order. */
  hooks?: readonly BoardHooks[];
  /** Where compaction folds a document's stored updates (the heavy-work worker; default: in this thread). */
  fold?: Fold;
}

export function createBoardRegistry(options: RegistryOptions): BoardRegistry {
  const entries = new Map<string, Entry>();
  const hooks = options.hooks ?? [];
  const updateHooks = hooks.filter((h) => h.onUpdate);
  const failing = new Set<string>();

  async function load(boardId: string): Promise<Loaded> {
    const room = (name: string): Promise<DocRoom> =>
      createDocRoom({
        ...options,
        name,
        logger: options.logger.child({ board: boardId, doc: name }),
        onStoreStatus: (ok) => void (ok ? failing.delete(name) : failing.add(name))
      });
    const [full, pub, queue] = await Promise.all([room(fullDocName(boardId)), room(publicDocName(boardId)), room(queueDocName(boardId))]);
    const board: LoadedBoard = { boardId, full, public: pub, queue };
    // Updates reach the hooks once every hook has loaded (what one writes on load, the next does not see as a change).
    let loading = true;
    const detach =
      updateHooks.length === 0
        ? () => undefined
        : watchBoard(board, (doc, tr) => {
            if (!loading) for (const h of updateHooks) h.onUpdate?.(board, doc, tr);
          });
    for (const h of hooks) h.onLoad?.(board);
    loading = false;
    options.logger.debug({ board: boardId }, 'board loaded');
    return { board, detach };
  }

  async function unload(boardId: string, loaded: Promise<Loaded>): Promise<void> {
    try {
      const { board: b, detach } = await loaded;
      for (const h of hooks) await h.onUnload?.(b);
      detach();
      await Promise.all([b.full.destroy(), b.public.destroy(), b.queue.destroy()]);
      options.logger.debug({ board: boardId }, 'board unloaded');
    } catch (err) {
      options.logger.error({ err, board: boardId }, 'unload failed');
    } finally {
      entries.delete(boardId);
    }
  }

  function releaser(boardId: string, entry: Extract<Entry, { phase: 'active' }>): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.refs -= 1;
      if (entry.refs === 0 && entries.get(boardId) === entry) entries.set(boardId, { phase: 'unloading', done: unload(boardId, entry.board) });
    };
  }

  async function acquire(boardId: string): Promise<BoardHandle> {
    let entry = entries.get(boardId);
    while (entry?.phase === 'unloading') {
      await entry.done;
      entry = entries.get(boardId);
    }
    if (!entry) {
      entry = { phase: 'active', refs: 0, board: load(boardId) };
      entries.set(boardId, entry);
    }
    const active = entry;
    active.refs += 1;
    const release = releaser(boardId, active);
    try {
      return { ...(await active.board).board, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  const activeBoards = async (): Promise<LoadedBoard[]> => Promise.all([...entries.values()].flatMap((e) => (e.phase === 'active' ? [e.board.then((l) => l.board)] : [])));

  /**
   * Whenever the bus may have lost messages, loaded documents catch up with the store. After a
   * reconnect every one loads (the store may even have lost data). The periodic check first
   * reads every loaded document's head in one round trip and loads only those behind it: an
   * idle instance with 500 boards sends one command per cycle instead of reading 1,500 logs.
   */
  let checking = false;
  async function catchUp(reason: ResyncReason): Promise<void> {
    const rooms = (await activeBoards()).flatMap((b) => [b.full, b.public, b.queue]);
    const { heads } = options.store;
    if (reason === 'reconnect' || !heads) return void (await Promise.all(rooms.map((r) => r.resync())));
    const stored = await heads.call(
      options.store,
      rooms.map((r) => r.name)
    );
    const behind = rooms.filter((r, i) => r.behind(stored[i]));
    if (behind.length > 0) options.logger.debug({ docs: behind.length }, 'anti-entropy: documents behind the store');
    await Promise.all(behind.map((r) => r.resync()));
  }
  options.bus.onResync((reason) => {
    // A check still running (a slow store) is not stacked on; the next signal comes soon enough.
    if (checking && reason === 'periodic') return;
    checking = true;
    catchUp(reason)
      .catch((err: unknown) => options.logger.error({ err, reason }, 'resync failed; retrying on the next signal'))
      .finally(() => (checking = false));
  });

  return {
    acquire,
    async withBoard(boardId, fn) {
      const handle = await acquire(boardId);
      try {
        return await fn(handle);
      } finally {
        handle.release();
      }
    },
    loadedCount: () => entries.size,
    isLoaded: (boardId) => entries.has(boardId),
    unstoredDocs: () => failing.size,
    async flushAll() {
      const boards = await activeBoards();
      await Promise.all(boards.flatMap((b) => [b.full.flushed(), b.public.flushed(), b.queue.flushed()]));
    },
    async close() {
      for (const [boardId, entry] of entries) if (entry.phase === 'active') entries.set(boardId, { phase: 'unloading', done: unload(boardId, entry.board) });
      await Promise.all([...entries.values()].map((e) => (e.phase === 'unloading' ? e.done : undefined)));
    }
  };
}
