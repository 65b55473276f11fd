/**
 * card:redact — the moderator replaces a card's text for good (docs/redaction.md). The board
 * command replaces the text; then every earlier version is erased from whatever the server
 * keeps: the live documents drop it by garbage collection, the history checkpoints are
 * rewritten, and each document's stored log is compacted from a gc'd copy and the medium
 * scrubbed. The ack comes once all of it is done; an `internal` ack means the new text is in
 * place but the erasure may be incomplete, and sending the same redaction again completes it.
 */
import { redactCard } from '../../src/lib/board/redaction.js';
import { RedactCard } from '../../src/lib/protocol/schemas.js';
import { redactCheckpoints } from '../history/redaction.js';
import { defineAsyncAction, type ActionContext } from './action.js';

/** Erases every earlier version of the card's text, now `text`, from the board's documents and history. */
export async function eraseEarlierText(ctx: Pick<ActionContext, 'board' | 'checkpoints' | 'boardId'>, cardId: string, text: string, redactedAt: number): Promise<void> {
  const { board } = ctx;
  // Once the full document's change is durable, the projection has written the public one.
  await board.full.flushed();
  // Other documents holding a copy of the text (the moderation queue's submission) are blanked
  // here, and compacted below like the board's own.
  await redactCheckpoints(ctx.checkpoints, ctx.boardId, cardId, text, redactedAt);
  // Checkpoints first: the compactions scrub the medium last (SQLite WAL, Redis AOF).
  await board.full.compactNow();
  await board.public.compactNow();
}

export const redactionActions = {
  'card:redact': defineAsyncAction(RedactCard, 'moderate', async (ctx, p, origin): Promise<undefined> => {
    const now = Date.now();
    redactCard(ctx.doc, p.cardId, p.text, origin, now);
    await eraseEarlierText(ctx, p.cardId, p.text, now);
    return undefined;
  })
};
