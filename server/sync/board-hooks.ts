/**
 * What features do over a loaded board's life, named as hooks they register with the registry
 * (in the manner of hocuspocus's onLoadDocument, onChange and afterUnloadDocument). The registry
 * calls them and knows none of them: the projection, the queue counts, the authority record,
 * history and translation each bring their own (server/app/main.ts lists them in order).
 */
import type * as Y from 'yjs';
import type { DocRoom } from './doc-room.js';

export interface LoadedBoard {
  boardId: string;
  full: DocRoom;
  public: DocRoom;
  /** Audience submissions and the moderation log (src/lib/board/queue.ts); moderators only. */
  queue: DocRoom;
}

/** Which document of the board a transaction changed; `persisted` is the full document's durable copy. */
export type BoardDocKind = 'full' | 'persisted' | 'public' | 'queue';

export interface BoardHooks {
  /** Names the hooks in logs. */
  readonly name: string;
  /** The board's documents are loaded and not yet handed out; in registration order. */
  onLoad?(board: LoadedBoard): void;
  /** After each transaction on one of a loaded board's documents, whatever its origin; in registration order. */
  onUpdate?(board: LoadedBoard, doc: BoardDocKind, transaction: Y.Transaction): void;
  /** The board's last user left: in registration order, each awaited, before its documents are destroyed. */
  onUnload?(board: LoadedBoard): void | Promise<void>;
}

/** Hooks for a feature that runs something per loaded board: started on load, stopped on unload. */
export function perBoard(name: string, start: (board: LoadedBoard) => () => void | Promise<void>): BoardHooks {
  const running = new Map<string, () => void | Promise<void>>();
  return {
    name,
    onLoad: (board) => void running.set(board.boardId, start(board)),
    async onUnload(board) {
      const stop = running.get(board.boardId);
      running.delete(board.boardId);
      await stop?.();
    }
  };
}

/** Tells `onChange` of every transaction on the board's documents; returns the detacher. */
export function watchBoard(board: LoadedBoard, onChange: (doc: BoardDocKind, transaction: Y.Transaction) => void): () => void {
  const docs: Array<[BoardDocKind, Y.Doc]> = [
    ['full', board.full.doc],
    ['persisted', board.full.persisted],
    ['public', board.public.doc],
    ['queue', board.queue.doc]
  ];
  const detachers = docs.map(([kind, doc]) => {
    const listener = (transaction: Y.Transaction): void => onChange(kind, transaction);
    doc.on('afterTransaction', listener);
    return () => doc.off('afterTransaction', listener);
  });
  return () => detachers.forEach((detach) => detach());
}
