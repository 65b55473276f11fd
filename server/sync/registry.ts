/**
 * Loads boards on demand (full doc, public doc, projection between them, and the moderator-only
 * queue doc) and unloads a board once its last user releases it and everything is persisted.
 */
import type { Logger } from 'pino';
import type { Limits } from '../app/limits.js';
import type { DocStore } from './doc-store.js';
import type { Bus, ResyncReason } from './bus.js';
import { recordServerWrites } from '../board/authority.js';
import { createDocRoom, type DocRoom } from './doc-room.js';
import { fullDocName, publicDocName, queueDocName } from './origins.js';
import { createProjection, type Projection } from '../board/projection.js';
import { mirrorQueueCounts } from '../board/queue-counts.js';

export interface LoadedBoard {
  boardId: string;
  full: DocRoom;
  public: DocRoom;
  /** Audience submissions and the moderation log (src/lib/board/queue.ts); moderators only. */
  queue: DocRoom;
  projection: Projection;
}

export interface BoardHandle extends LoadedBoard {
  /** Idempotent. */
  release(): void;
}

/** A registry entry's lifecycle. */
type Entry =
  | { phase: 'active'; refs: number; board: Promise<LoadedBoard> }
  | { phase: 'unloading'; done: Promise<void> };

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
  /** Called once per load (e.g. the history recorder); the returned function runs before unload. */
  onLoad?: (board: LoadedBoard) => () => Promise<void>;
}

export function createBoardRegistry(options: RegistryOptions): BoardRegistry {
  const entries = new Map<string, Entry>();
  const loadHooks = new WeakMap<LoadedBoard, () => Promise<void>>();
  const stopMirrors = new WeakMap<LoadedBoard, () => void>();
  const failing = new Set<string>();

  async function load(boardId: string): Promise<LoadedBoard> {
    const room = (name: string): Promise<DocRoom> =>
      createDocRoom({
        ...options,
        name,
        logger: options.logger.child({ board: boardId, doc: name }),
        onStoreStatus: (ok) => void (ok ? failing.delete(name) : failing.add(name))
      });
    const [full, pub, queue] = await Promise.all([room(fullDocName(boardId)), room(publicDocName(boardId)), room(queueDocName(boardId))]);
    // The projection reads the durable copy: the audience never sees a change a crash could lose.
    const projection = createProjection({ full: full.persisted, pub: pub.doc });
    options.logger.debug({ board: boardId }, 'board loaded');
    const loaded: LoadedBoard = { boardId, full, public: pub, queue, projection };
    const stopMirror = mirrorQueueCounts({ queue: queue.doc, full: full.doc });
    const stopAuthority = recordServerWrites(full.doc);
    stopMirrors.set(loaded, () => {
      stopMirror();
      stopAuthority();
    });
    loadHooks.set(loaded, options.onLoad?.(loaded) ?? (async () => undefined));
    return loaded;
  }

  async function unload(boardId: string, board: Promise<LoadedBoard>): Promise<void> {
    try {
      const b = await board;
      await loadHooks.get(b)?.();
      stopMirrors.get(b)?.();
      b.projection.stop();
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
      if (entry.refs === 0 && entries.get(boardId) === entry)
        entries.set(boardId, { phase: 'unloading', done: unload(boardId, entry.board) });
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
      return { ...(await active.board), release };
    } catch (err) {
      release();
      throw err;
    }
  }

  const activeBoards = async (): Promise<LoadedBoard[]> =>
    Promise.all([...entries.values()].flatMap((e) => (e.phase === 'active' ? [e.board] : [])));

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
    const stored = await heads.call(options.store, rooms.map((r) => r.name));
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
      for (const [boardId, entry] of entries)
        if (entry.phase === 'active') entries.set(boardId, { phase: 'unloading', done: unload(boardId, entry.board) });
      await Promise.all([...entries.values()].map((e) => (e.phase === 'unloading' ? e.done : undefined)));
    }
  };
}
