/**
 * Keeps a board's authority record (src/lib/board/authority.ts) for the server's own client
 * id: after any action that changed the full document (a redaction, a restore, a move by the
 * server), the document's client id is recorded as the server's, once, in a transaction that
 * follows at once (same flush, same bus message), so every instance and every restart knows
 * those values carry the server's word (W10).
 */
import type * as Y from 'yjs';
import { recordServer } from '../../src/lib/board/authority.js';
import { actionOrigin } from '../../src/lib/board/origin.js';
import type { BoardHooks } from '../sync/board-hooks.js';
import { originKind } from '../sync/origins.js';

const AUTHORITY_ORIGIN = actionOrigin('authority', 'server');

export const authorityHooks: BoardHooks = {
  name: 'authority',
  onUpdate(board, doc, tr: Y.Transaction) {
    const full = board.full.doc;
    if (doc === 'full' && tr.local && tr.changed.size > 0 && originKind(tr.origin) === 'action' && !full.isDestroyed) recordServer(full, AUTHORITY_ORIGIN);
  }
};
