/**
 * card:redact — the moderator replaces a card's text for good (docs/redaction.md). The board
 * command replaces the text; then every earlier version is erased from whatever the server
 * keeps: the live documents drop it by garbage collection, the history checkpoints are
 * rewritten, and each document's stored log is compacted from a gc'd copy and the medium
 * scrubbed. The ack comes once all of it is done; an `internal` ack means the new text is in
 * place but the erasure may be incomplete, and sending the same redaction again completes it.
 */
import { moderatorLabel, replaceSubmittedText, submissionsOfCard } from '../../src/lib/board/queue.js';
import { redactCard } from '../../src/lib/board/redaction.js';
import { RedactCard } from '../../src/lib/protocol/schemas.js';
import { redactCheckpoints } from '../history/redaction.js';
import type { DocRoom } from '../rooms/doc-room.js';
import { defineAsyncAction, type ActionContext } from './action.js';

export interface Erasure {
  cardId: string;
  /** The card's text now (the moderator's version). */
  text: string;
  redactedAt: number;
  /**
   * Other documents of the board that held a copy of the old text and have just been changed
   * to no longer hold it (the moderation queue's submission): compacted like the board's own.
   */
  alsoIn?: readonly DocRoom[];
}

/** Erases every earlier version of a card's text from the board's documents, their stores and the history. */
export async function eraseEarlierText(ctx: Pick<ActionContext, 'board' | 'checkpoints' | 'boardId'>, erasure: Erasure): Promise<void> {
  const { board } = ctx;
  // Once the full document's change is durable, the projection has written the public one.
  await board.full.flushed();
  await redactCheckpoints(ctx.checkpoints, ctx.boardId, erasure.cardId, erasure.text, erasure.redactedAt);
  // Checkpoints first, so the last compaction's scrub (SQLite WAL, Redis AOF) covers them too.
  const rooms = [board.full, board.public, ...(erasure.alsoIn ?? [])];
  for (const [i, room] of rooms.entries()) await room.compactNow({ scrub: i === rooms.length - 1 });
}

export const redactionActions = {
  'card:redact': defineAsyncAction(RedactCard, 'moderate', async (ctx, p, origin): Promise<undefined> => {
    const redactedAt = Date.now();
    redactCard(ctx.doc, p.cardId, p.text, origin, redactedAt);
    // The queue keeps the text as submitted: its copy is replaced too, and the redaction logged
    // (without the old text).
    const queue = ctx.board.queue.doc;
    const submissions = submissionsOfCard(queue, p.cardId);
    const by = moderatorLabel(ctx.participantKey);
    replaceSubmittedText(queue, submissions.map((s) => s.id), p.text, { at: redactedAt, action: 'redact', by, submissionId: submissions[0]?.id ?? null, cardId: p.cardId, reason: null }, origin);
    await eraseEarlierText(ctx, { cardId: p.cardId, text: p.text, redactedAt, alsoIn: [ctx.board.queue] });
    return undefined;
  }, { growsDocs: false }) // erasure compacts the stored log: it must work on a full board too
};
