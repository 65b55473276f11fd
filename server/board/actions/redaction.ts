/**
 * card:redact, comment:redact, poll:redact — the moderator replaces personal data for good
 * (docs/redaction.md): a card's text or author name, a comment's text or nickname, a poll's
 * question or options. The board command (erasure.ts) replaces the values, and the copies: the
 * poll options taken from a card, the submissions in the moderation queue. Then every earlier
 * version is erased from whatever the server keeps: the live documents drop it by garbage
 * collection, the history checkpoints are rewritten, and each document's stored log is compacted
 * from a gc'd copy and the medium scrubbed. The ack comes once all of it is done; an `internal`
 * ack means the new values are in place but the erasure may be incomplete, and sending the same
 * redaction again completes it.
 */
import { erase, type Erasure } from '../../../src/lib/board/erasure.js';
import { moderatorLabel, replaceSubmitted, submissionsOf } from '../../../src/lib/board/queue.js';
import type { BoardOrigin } from '../../../src/lib/board/origin.js';
import { RedactCard, RedactComment, RedactPoll } from '../../../src/lib/protocol/schemas.js';
import type { DocRoom } from '../../sync/doc-room.js';
import { floorMark } from '../../outputs/history/checkpoint-lock.js';
import { defineAsyncAction, type ActionContext } from './action.js';

type ErasureContext = Pick<ActionContext, 'board' | 'checkpoints' | 'boardId'>;

/**
 * Erases every earlier version of what `erasure` replaced or removed from the board's
 * documents, their stores and the history. `alsoIn`: other documents of the board that held a
 * copy and have just been changed to no longer hold it (the moderation queue): compacted like
 * the board's own. A null erasure touches no board document (a pending submission withdrawn).
 */
export async function eraseEverywhere(ctx: ErasureContext, erasure: Erasure | null, at: number, alsoIn: readonly DocRoom[] = []): Promise<void> {
  const { board } = ctx;
  const rooms = [...(erasure ? [board.full, board.public] : []), ...alsoIn];
  if (erasure) {
    // Where the caller's erasure (just applied to the document) stands in it: from the rewrite
    // on, no instance writes a checkpoint of a copy that lacks it.
    const mark = floorMark(board.full.doc);
    // Once the full document's change is durable, the projection has written the public one.
    await board.full.flushed();
    await ctx.checkpoints.redact(ctx.boardId, erasure, at, mark);
  }
  // Checkpoints first, so the last compaction's scrub (SQLite WAL, Redis AOF) covers them too.
  for (const [i, room] of rooms.entries()) await room.compactNow({ scrub: i === rooms.length - 1 });
}

/**
 * Applies a redaction to the board, and to the submissions the card or comment came from (with
 * a `redact` log line that keeps no text), then erases the old values everywhere.
 */
async function redact(ctx: ActionContext, erasure: Erasure, origin: BoardOrigin): Promise<undefined> {
  const at = Date.now();
  const clean = erase(ctx.doc, erasure, origin, at);
  const alsoIn: DocRoom[] = [];
  if (clean.kind === 'card' || clean.kind === 'comment') {
    const queue = ctx.board.queue.doc;
    const sources = submissionsOf(queue, clean.id, clean.kind);
    const cardId = clean.kind === 'card' ? clean.id : null;
    const log = { at, action: 'redact' as const, by: moderatorLabel(ctx.participantKey), submissionId: sources[0]?.id ?? null, cardId, reason: null };
    replaceSubmitted(
      queue,
      sources.map((s) => s.id),
      { text: clean.text, author: clean.author },
      log,
      origin
    );
    alsoIn.push(ctx.board.queue);
  }
  await eraseEverywhere(ctx, clean, at, alsoIn);
  return undefined;
}

// Erasure compacts the stored logs: it must work on a full board too (growsDocs: false). Each
// one rewrites the history and scrubs the stores, so it spends a quota like a withdrawal does.
const ERASING = { growsDocs: false, quota: () => 'redaction' as const };

export const redactionActions = {
  'card:redact': defineAsyncAction(RedactCard, 'moderate', (ctx, p, origin) => redact(ctx, { kind: 'card', id: p.cardId, text: p.text, author: p.author }, origin), ERASING),
  'comment:redact': defineAsyncAction(
    RedactComment,
    'moderate',
    (ctx, p, origin) => redact(ctx, { kind: 'comment', id: p.commentId, text: p.text, author: p.author }, origin),
    ERASING
  ),
  'poll:redact': defineAsyncAction(
    RedactPoll,
    'moderate',
    (ctx, p, origin) => redact(ctx, { kind: 'poll', id: p.pollId, question: p.question, options: p.options && Object.fromEntries(p.options.map((o) => [o.id, o.text])) }, origin),
    ERASING
  )
};
