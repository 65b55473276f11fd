/**
 * Decoding of a history checkpoint (a full-state update, recorder.ts) into plain content, and
 * the replay response built from it. Pure and synchronous: both run in the heavy-work worker
 * (server/outputs/heavy/), since a big board's checkpoint costs seconds to decode.
 */
import * as Y from 'yjs';
import { publicContent, readContent, type BoardContent, type HiddenNow } from '../../../src/lib/board/content.js';

export function decodeCheckpoint(state: Uint8Array): BoardContent {
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, state);
    return readContent(scratch);
  } finally {
    scratch.destroy();
  }
}

/**
 * The body of GET /api/boards/:id/history/:at, already serialised (a string crosses threads
 * cheaply). The public body (`hidden` given) leaves out what was hidden then and what is hidden now.
 */
export function replayBody(state: Uint8Array, at: number, hidden: HiddenNow | null): string {
  const content = decodeCheckpoint(state);
  return JSON.stringify({ at, content: hidden ? publicContent(content, hidden) : content });
}
